"""``resume-engine migrate | worker | submit | cleanup | erase``: jobs from the command line."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import mimetypes
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from bots.cli.common import (
    EXIT_CODES_HELP,
    EXIT_FAILED,
    EXIT_REFUSED,
    JOB_DESCRIPTION_HELP,
    CliError,
    job_description,
    output_path,
    print_error,
    read_input,
    write_file,
)
from config.settings import get_settings

# Terminal-facing command: plain writes to stdout/stderr are its interface.
out = sys.stdout.write

STAGES = ("queued", "parsing", "improving", "generating", "delivering", "succeeded")
POLL_SECONDS = 0.2
WORKER_TIMEOUT_MS = 100


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "migrate",
        help="apply database migrations (run before serve/worker)",
        epilog=EXIT_CODES_HELP,
    )
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("worker", help="run the Dramatiq worker that processes jobs")
    p.add_argument("--processes", type=int, default=None, help="worker processes (default: CPUs)")
    p.add_argument("--threads", type=int, default=None, help="threads per process (default 8)")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser(
        "submit",
        help="submit a resume through the queue (needs a worker)",
        description="Submit a resume as a job on the queue. With --wait, follow its stages (an "
        "in-place progress bar on a terminal, one line per stage change otherwise) and write "
        "the result.",
        epilog=EXIT_CODES_HELP,
    )
    p.add_argument("file", type=Path)
    p.add_argument("--wait", action="store_true", help="show progress and write the result")
    p.add_argument("--kind", choices=("analyze", "improve", "generate"), default="generate")
    p.add_argument("--job-description", "-j", metavar="FILE_OR_TEXT", help=JOB_DESCRIPTION_HELP)
    p.add_argument("--format", choices=("pdf", "docx"), default="pdf", dest="output_format")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="where to write the improved file with --wait: a file (in an existing folder), or "
        "a directory (existing, or ending with / to create it) to write the result's own name in",
    )
    p.add_argument("--no-reuse", action="store_true", help="run again even if done before")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds to wait with --wait")
    p.set_defaults(func=cmd_submit)

    p = sub.add_parser("cleanup", help="delete jobs and files older than RETENTION_DAYS")
    p.set_defaults(func=cmd_cleanup)

    p = sub.add_parser(
        "erase",
        help="erase every job and file of one person (a deletion request)",
        epilog=EXIT_CODES_HELP,
    )
    p.add_argument("--channel", required=True, choices=("telegram", "slack", "email", "api", "cli"))
    p.add_argument(
        "--requester",
        required=True,
        help="telegram: user id; slack: user id; email: address (lower case); cli: user name; "
        "api: the API key itself, as in API_KEYS (stored hashed: it is hashed here the way "
        "the API hashes it; its sha256 key id is accepted too)",
    )
    p.set_defaults(func=cmd_erase)


def cmd_migrate(args: argparse.Namespace) -> int:  # noqa: ARG001
    from storage.db import describe, migrate

    settings = get_settings()
    target = describe(settings.database_url)
    try:
        applied = asyncio.run(migrate(settings))
    except _database_open_errors() as exc:
        print_error(*_database_failure(exc, target))
        return EXIT_FAILED
    if applied:
        out(f"applied {len(applied)} migration(s) to {target}: {', '.join(applied)}\n")
    else:
        out(f"{target} is up to date\n")
    return 0


def _database_open_errors() -> tuple[type[BaseException], ...]:
    """Errors that mean the database could not be opened (not a bug: a setting or a server).

    Tortoise's DBConnectionError is a ConnectionError; asyncpg raises authentication failures
    as they are.
    """
    errors: tuple[type[BaseException], ...] = (OSError,)
    try:
        from asyncpg.exceptions import (
            InvalidAuthorizationSpecificationError,
            InvalidCatalogNameError,
        )
    except ImportError:  # SQLite-only installs
        return errors
    return (*errors, InvalidAuthorizationSpecificationError, InvalidCatalogNameError)


def _database_failure(exc: BaseException, target: str) -> tuple[str, str]:
    """``(code, message)`` for a database that could not be opened; no credentials in it."""
    causes: list[str] = []
    seen: BaseException | None = exc
    while seen is not None and len(causes) < 10:
        causes.append(type(seen).__name__)
        seen = seen.__cause__ or seen.__context__
    if "InvalidCatalogNameError" in causes:
        name = urlsplit(target).path.lstrip("/")
        return (
            "database_missing",
            f"the database {target} does not exist; create it (createdb {name}) "
            "and run `resume-engine migrate` again",
        )
    if {"InvalidPasswordError", "InvalidAuthorizationSpecificationError"} & set(causes):
        return "database_refused", f"the database {target} refused the user or password"
    return "database_unreachable", f"the database {target} is unreachable ({causes[0]})"


async def _check_migrated() -> str | None:
    from storage.db import DatabaseNotMigrated, close_db, init_db

    try:
        await init_db()
    except DatabaseNotMigrated as exc:
        return str(exc)
    await close_db()
    return None


def cmd_worker(args: argparse.Namespace) -> int:
    problem = asyncio.run(_check_migrated())
    if problem:
        print_error("not_migrated", problem)
        return EXIT_FAILED
    argv = [sys.executable, "-m", "dramatiq", "bots.worker"]
    if args.processes:
        argv += ["--processes", str(args.processes)]
    if args.threads:
        argv += ["--threads", str(args.threads)]
    sys.stdout.flush()
    sys.stderr.flush()
    # Consumers wake on the broker's doorbell (pipeline.broker); Dramatiq's own idle sleep
    # after an empty fetch (default up to 1000 ms) only needs to be short.
    env = {"dramatiq_worker_timeout": str(WORKER_TIMEOUT_MS), **os.environ}
    # Replace this process: signals from a supervisor (SIGTERM, SIGKILL) reach Dramatiq's master.
    os.execve(sys.executable, argv, env)  # noqa: S606


def cmd_submit(args: argparse.Namespace) -> int:
    return asyncio.run(_submit(args))


async def _submit(args: argparse.Namespace) -> int:
    from pipeline.jobs import JobRequest, JobsUnavailable, submit

    try:
        data = read_input(args.file)
        jd = job_description(args.job_description)
        if args.output is not None:
            if args.output == "-":
                raise CliError(
                    "bad_output",
                    "submit cannot write the file to standard output ('-'): give a file or "
                    "folder name (resume-engine improve -o - can).",
                )
            output_path(args.output, "check.pdf")  # a missing folder, before the job is queued
    except CliError as exc:
        print_error(exc.code, exc.message)
        return exc.exit_code

    async def work() -> int:
        try:
            job = await submit(
                JobRequest(
                    channel="cli",
                    kind=args.kind,
                    data=data,
                    filename=args.file.name,
                    content_type=mimetypes.guess_type(args.file.name)[0],
                    requester_id=getpass.getuser(),
                    job_description=jd,
                    output_format=args.output_format,
                    reuse=not args.no_reuse,
                )
            )
        except JobsUnavailable as exc:
            print_error("jobs_unavailable", str(exc))
            return EXIT_FAILED
        out(f"job {job.id} queued\n")
        return await _wait(job.id, args) if args.wait else 0

    return await _with_database(work)


class Progress:
    """A job's stages on ``stream``: tqdm's in-place bar on a terminal; elsewhere (a pipe, a
    file, a CI log) one line per stage change, ``[2/5] improving``, never one per poll."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last: str | None = None
        self.bar: Any = None
        if stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=len(STAGES) - 1, desc="queued", unit="stage", file=stream)

    def show(self, stage: str) -> None:
        if stage == self.last or stage not in STAGES:
            return
        self.last = stage
        step = STAGES.index(stage)
        if self.bar is not None:
            self.bar.n = step
            self.bar.set_description(stage)
            self.bar.refresh()
        else:
            self.stream.write(f"[{step}/{len(STAGES) - 1}] {stage}\n")
            self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


async def _wait(job_id: object, args: argparse.Namespace) -> int:
    from pipeline.jobs import get_job, output_document

    deadline = time.monotonic() + args.timeout
    progress = Progress(sys.stderr)
    try:
        while True:
            job = await get_job(str(job_id))
            if job is None:
                print_error("job_gone", "the job disappeared (erased?)")
                return EXIT_FAILED
            progress.show(job.status.value)
            if job.status.terminal:
                break
            if time.monotonic() > deadline:
                print_error(
                    "timeout",
                    f"still {job.status.value} after {args.timeout:.0f} s; the job continues",
                )
                return EXIT_FAILED
            await asyncio.sleep(POLL_SECONDS)
    finally:
        progress.close()
    if job.status == "failed":
        print_error(job.error_code or "failed", job.error_message or "the job failed")
        return EXIT_REFUSED
    before = (job.analysis_before or {}).get("score")
    after = (job.analysis_after or {}).get("score")
    out(f"ATS score {before}" + (f" → {after}" if after is not None else "") + "\n")
    document = await output_document(job)
    if document is not None:
        target = output_path(args.output, document.filename)
        try:
            write_file(target, bytes(document.data))
        except CliError as exc:
            print_error(exc.code, exc.message)
            return exc.exit_code
        out(f"wrote {target}\n")
    return 0


def cmd_cleanup(args: argparse.Namespace) -> int:  # noqa: ARG001
    return asyncio.run(_cleanup())


async def _with_database(work: Callable[[], Awaitable[int]]) -> int:
    """Run ``work`` with the database up; exit 1 with the reason when it is not migrated."""
    from tortoise import connections

    from storage.db import DatabaseNotMigrated, close_db, describe, init_db

    try:
        # Probe first: Tortoise reads a failed query as "no migration applied", so a missing
        # or unreachable database would otherwise be reported as not migrated.
        await init_db(check_migrated=False)
        await connections.get("default").execute_query("SELECT 1")
        await close_db()
        await init_db()
    except DatabaseNotMigrated as exc:
        print_error("not_migrated", str(exc))
        return EXIT_FAILED
    except _database_open_errors() as exc:
        await close_db()
        print_error(*_database_failure(exc, describe(get_settings().database_url)))
        return EXIT_FAILED
    try:
        return await work()
    finally:
        await close_db()


async def _cleanup() -> int:
    from pipeline.jobs import delete_expired

    async def work() -> int:
        out(f"deleted {await delete_expired()} expired job(s)\n")
        return 0

    return await _with_database(work)


def cmd_erase(args: argparse.Namespace) -> int:
    return asyncio.run(_erase(args.channel, args.requester))


async def _erase(channel: str, requester: str) -> int:
    from pipeline.jobs import erase

    requesters = [requester]
    if channel == "api":
        # The API stores a key's jobs under its key id (sha256 of the key), never the key.
        from bots.api.deps import key_id

        requesters = [key_id(requester), requester]

    async def work() -> int:
        erased = 0
        for requester_id in requesters:
            erased += await erase(channel, requester_id)
        out(f"erased {erased} job(s) and their files\n")
        return 0

    return await _with_database(work)
