"""Load and soak test: the whole service on loopback, a worker SIGKILLed twice, nothing lost.

The stack, all real and all private to the run:
- a redis-server on a free port (append-only, fsync always: tests.support.processes);
- PostgreSQL at ``--postgres`` (default postgres://postgres@127.0.0.1:5432/test, trust auth): a
  database ``soak_<pid>`` is created, migrated, and dropped afterwards. When PostgreSQL is
  unreachable the run falls back to a fresh SQLite file and says so;
- the API: ``resume-engine serve`` on a free port;
- two ``resume-engine worker --processes 1`` subprocesses, A and B (two worker processes).

Jobs (``--jobs``, default 2,000; every resume distinct, so reuse never short-cuts a job) come
from mixed channels, in a fixed 10-job pattern: 4 over HTTP (``POST /api/v1/generate`` /
``/improve``, channel ``api``); 1 by email (``resume-engine smtp`` on loopback, one SMTP session
per mail; the replies go to a recording relay, aiosmtpd, counted per ``In-Reply-To``); 1 through
``pipeline.jobs.submit`` with channel ``cli``; 4 with channel ``testsink`` (tests/support/sink.py:
its deliverer records every call in the Redis list ``testsink:events``). Telegram and Slack are
not driven here: their adapters end in the same ``submit``, and their deliverers need their fake
platform servers (bench/telegram.py and bench/slack.py cover them). At most ``--window`` jobs
are in flight, so this is a steady soak, not one burst.

Faults: worker B is SIGKILLed (its whole process group: Dramatiq's master, worker process and
parse children) after 5% and 12.5% of the jobs finished (once it is up again), and restarted
1 s later each time; its unacknowledged messages come back through Dramatiq's dead-worker
recovery (heartbeat timeout 2 s here, tests.support.jobs.job_env).

Figures and targets (exit status 1 when one is missed):
- kills: messages worker B held unacknowledged when killed (Dramatiq's Redis ack sets), all
  requeued by the end: more than 0 each time, or the kill tested nothing;
- lost: jobs not in a terminal state (succeeded/failed) by ``--timeout``: target 0;
- failed: every input is a valid resume, so: target 0;
- delivered twice: ``testsink`` jobs with more than one deliver/fail call, email jobs with more
  than one reply: target 0; and never delivered (finished without any): target 0;
- memory: RSS of each Dramatiq worker process (psutil), sampled when 25% of the jobs (job 500
  of 2,000) and all of them have finished: growth < 10%. The kills come before the first
  sample, so both samples of a worker are of the same process. Judged only from 1,000 jobs up:
  in a shorter run the restarted worker is still warming up (imports, fonts, caches) at the
  first sample, so its figures are printed as information.

Run: ``.venv/bin/python bench/soak.py [--jobs 2000] [--timeout 900] [--threads 4]``. On this
2-core machine shared with others 2,000 jobs take several minutes; ``--jobs 200`` is a quick
check (``make bench`` uses it).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, Python puts bench/ first on sys.path, where sibling benchmarks would shadow
# standard modules: import from the project root instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import smtplib  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from email import policy  # noqa: E402
from email.message import EmailMessage  # noqa: E402
from email.parser import BytesParser  # noqa: E402
from urllib.parse import urlsplit, urlunsplit  # noqa: E402

import httpx  # noqa: E402
import psutil  # noqa: E402
import redis  # noqa: E402
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import Envelope  # noqa: E402

from tests.support import sink  # noqa: E402
from tests.support.jobs import job_env, resume_pdf, use_env  # noqa: E402
from tests.support.processes import (  # noqa: E402
    ServiceDidNotStart,
    WorkerProcess,
    free_port,
    redis_server,
    service_process,
)

API_KEY = "soak-key"
RSS_GROWTH_TARGET = 0.10
RSS_JUDGED_FROM = 1000  # jobs; see the docstring
# The 10-job channel pattern: 4 API POSTs, 4 testsink, 1 cli, 1 email.
PATTERN = (
    "api", "testsink", "api", "testsink", "cli", "email", "api", "testsink", "api", "testsink",
)  # fmt: skip
INBOX = "resume@example.com"
KILL_AT = (0.05, 0.125)  # fractions of jobs finished when worker B is SIGKILLed
SAMPLE_AT = (0.25, 1.0)  # fractions of jobs finished when worker RSS is sampled
POLL_S = 0.25
CHUNK = 500  # ids per status query


# --- PostgreSQL ---------------------------------------------------------------------------


async def _pg(admin: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin.replace("postgres://", "postgresql://", 1), timeout=3)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextlib.contextmanager
def private_database(admin: str | None) -> Iterator[str | None]:
    """A fresh PostgreSQL database ``soak_<pid>`` (dropped afterwards); None = use SQLite."""
    if not admin:
        yield None
        return
    name = f"soak_{os.getpid()}"
    try:
        asyncio.run(_pg(admin, f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - unreachable, auth, permissions: all mean "fall back"
        print(
            f"WARNING: PostgreSQL at {urlsplit(admin).netloc} is unusable ({type(exc).__name__}"
            f": {exc}); falling back to SQLite"
        )
        yield None
        return
    try:
        yield urlunsplit(urlsplit(admin)._replace(path=f"/{name}"))
    finally:
        asyncio.run(_pg(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# --- processes ----------------------------------------------------------------------------


@contextlib.contextmanager
def service(command: str, env: dict[str, str], port: int) -> Iterator[None]:
    """``resume-engine <command> --host 127.0.0.1 --port <port>`` until the block ends."""
    args = [sys.executable, "-m", "bots", command, "--host", "127.0.0.1", "--port", str(port)]
    try:
        with service_process(args, env, port):
            yield
    except ServiceDidNotStart as exc:
        raise SystemExit(str(exc)) from None


class Relay:
    """The outbound relay the email deliverer sends replies to (aiosmtpd on loopback); counts
    replies per ``In-Reply-To`` (the Message-ID of the mail that carried the resume)."""

    def __init__(self) -> None:
        self.replies: Counter[str] = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, _server: object, _session: object, envelope: Envelope) -> str:  # noqa: N802
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        headers = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
        with self.lock:
            self.replies[str(headers.get("In-Reply-To", "")).strip()] += 1
        return "250 OK"


def send_mail(port: int, i: int, message_id: str, data: bytes) -> tuple[int, bytes]:
    """One resume by email (its own SMTP session, as separate senders would); the reply code."""
    msg = EmailMessage()
    msg["From"] = f"person{i}@example.com"
    msg["To"] = INBOX
    msg["Subject"] = "my resume"
    msg["Message-ID"] = message_id
    msg.set_content("Please improve my resume.")
    msg.add_attachment(data, maintype="application", subtype="pdf", filename=f"soak-{i}.pdf")
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.ehlo("soak.example")  # aiosmtpd answers 503 to MAIL before EHLO/HELO
        client.mail(f"person{i}@example.com")
        client.rcpt(INBOX)
        # CRLF line ends: smtplib sends bytes as they are, and aiosmtpd splits lines on CRLF.
        return client.data(msg.as_bytes(policy=policy.SMTP))


def dramatiq_workers(worker: WorkerProcess) -> list[psutil.Process]:
    """The Dramatiq worker processes under a ``resume-engine worker`` master (direct children
    running the actors; the parse forkserver and its children sit one level further down)."""
    if worker.proc is None:
        return []
    try:
        return [p for p in psutil.Process(worker.proc.pid).children() if p.is_running()]
    except psutil.NoSuchProcess:
        return []


def rss_mb(proc: psutil.Process) -> float:
    try:
        return proc.memory_info().rss / 1e6
    except psutil.NoSuchProcess:
        return float("nan")


def tree_rss_mb(proc: psutil.Process) -> float:
    """RSS of a process and all its descendants (parse children included), MB."""
    total = rss_mb(proc)
    with contextlib.suppress(psutil.NoSuchProcess):
        total += sum(rss_mb(c) for c in proc.children(recursive=True))
    return total


# --- the run ------------------------------------------------------------------------------


@dataclass
class Run:
    total: int
    channel_of: dict[str, str] = field(default_factory=dict)  # job id -> channel
    pending: set[str] = field(default_factory=set)
    status_of: dict[str, str] = field(default_factory=dict)
    submit_errors: Counter[str] = field(default_factory=Counter)
    error_codes: Counter[str] = field(default_factory=Counter)  # of failed jobs
    failures: list[str] = field(default_factory=list)
    submitted: int = 0
    rss: dict[str, list[tuple[int, int, float, float]]] = field(default_factory=dict)
    kills: list[tuple[int, float]] = field(default_factory=list)  # (jobs done, seconds in)
    elapsed: float = 0.0
    message_id_of: dict[str, str] = field(default_factory=dict)  # email job id -> Message-ID
    kill_snapshots: list[Counter[str]] = field(default_factory=list)  # held_messages at kills
    smtp_port: int = 0

    @property
    def done(self) -> int:
        return len(self.status_of)


async def submit_one(i: int, run: Run, http: httpx.AsyncClient, tag: str) -> None:
    from pipeline.jobs import JobRequest, JobsUnavailable, submit
    from storage.models import Job

    channel = PATTERN[i % len(PATTERN)]
    data = resume_pdf(f"{tag}-{i}")
    name = f"soak-{i}.pdf"
    for attempt in range(5):  # a 503 or a transient error is retried, as a client would
        try:
            if channel == "api":
                kind = "generate" if i % 2 == 0 else "improve"
                response = await http.post(
                    f"/api/v1/{kind}",
                    files={"file": (name, data, "application/pdf")},
                    headers={"X-API-Key": API_KEY, "Idempotency-Key": f"{tag}-{i}"},
                )
                if response.status_code != 202:
                    run.submit_errors[f"http {response.status_code}"] += 1
                    await asyncio.sleep(0.5 * (attempt + 1))
                    continue
                job_id = response.json()["job_id"]
            elif channel == "email":
                message_id = f"<{tag}-{i}@example.com>"
                code, _reply = await asyncio.to_thread(
                    send_mail, run.smtp_port, i, message_id, data
                )
                if code != 250:
                    run.submit_errors[f"smtp {code}"] += 1
                    await asyncio.sleep(0.5 * (attempt + 1))
                    continue
                job = await Job.get_or_none(channel="email", external_id=message_id)
                if job is None:
                    run.submit_errors["email accepted without a job"] += 1
                    return
                job_id = str(job.id)
                run.message_id_of[job_id] = message_id
            else:
                job = await submit(
                    JobRequest(
                        channel=channel,
                        kind="generate",
                        data=data,
                        filename=name,
                        content_type="application/pdf",
                        external_id=f"{tag}-{i}",
                        requester_id="soak",
                    )
                )
                job_id = str(job.id)
        except (httpx.HTTPError, JobsUnavailable, smtplib.SMTPException, OSError) as exc:
            code = getattr(exc, "smtp_code", None)
            run.submit_errors[type(exc).__name__ + (f" {code}" if code else "")] += 1
            await asyncio.sleep(0.5 * (attempt + 1))
            continue
        run.channel_of[job_id] = channel
        run.pending.add(job_id)
        return
    run.submit_errors["gave up"] += 1


async def poll(run: Run) -> None:
    from storage.models import Job, JobStatus

    ids = list(run.pending)
    for start in range(0, len(ids), CHUNK):
        rows = await Job.filter(
            id__in=ids[start : start + CHUNK], status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]
        ).values_list("id", "status", "error_code", "error_message")
        for job_id, status, error_code, error_message in rows:
            run.status_of[str(job_id)] = str(status.value if hasattr(status, "value") else status)
            run.pending.discard(str(job_id))
            if error_code:
                run.error_codes[error_code] += 1
                # The message shown to the user (no resume content); for the report.
                run.failures.append(
                    f"{job_id} {run.channel_of.get(str(job_id))}: {error_code}: {error_message}"
                )


def ready_workers(worker: WorkerProcess) -> list[psutil.Process]:
    """The worker's Dramatiq worker processes if each has logged "ready for action", else [].

    The line passes at LOG_LEVEL=WARNING too: config.logging keeps the ``dramatiq`` logger at
    INFO (tests/ops/test_email_relay_log.py checks it).
    """
    procs = dramatiq_workers(worker)
    ready = {  # Dramatiq's own format says "[PID <n>]", ours (config.logging) "process=<n>"
        m.group(1) or m.group(2)
        for line in worker.output().splitlines()
        if "ready for action" in line and (m := re.search(r"\[PID (\d+)\]|process=(\d+)", line))
    }
    return procs if procs and all(str(p.pid) in ready for p in procs) else []


def wait_ready(worker: WorkerProcess, timeout: float = 90.0) -> list[psutil.Process]:
    """:func:`ready_workers`, waiting for them (a restart takes seconds on a loaded machine:
    imports, the migration check, fork, boot), so RSS is never sampled from a half-started
    process."""
    deadline = time.monotonic() + timeout
    while not (procs := ready_workers(worker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return procs or dramatiq_workers(worker)


def sample(run: Run, workers: dict[str, WorkerProcess], started: float) -> None:
    for name, worker in workers.items():
        for n, proc in enumerate(wait_ready(worker)):
            run.rss.setdefault(f"{name}{n}", []).append(
                (run.done, proc.pid, rss_mb(proc), tree_rss_mb(proc))
            )
    print(f"  [{time.monotonic() - started:6.1f} s] {run.done}/{run.total} done: RSS sampled")


async def drive(
    args: argparse.Namespace, api_url: str, smtp_port: int, workers: dict[str, WorkerProcess]
) -> Run:
    from config.settings import get_settings
    from storage.db import close_db, init_db

    run = Run(total=args.jobs, smtp_port=smtp_port)
    client = redis.Redis.from_url(get_settings().redis_url)
    tag = f"soak{os.getpid()}"
    kill_at = [int(f * args.jobs) for f in KILL_AT]
    sample_at = [max(1, int(f * args.jobs)) for f in SAMPLE_AT]
    started = time.monotonic()
    deadline = started + args.timeout
    last_report = started
    await init_db()
    limits = httpx.Limits(max_connections=16)
    try:
        async with httpx.AsyncClient(base_url=api_url, timeout=30, limits=limits) as http:
            while run.done < run.total and time.monotonic() < deadline:
                room = args.window - len(run.pending)
                batch = range(run.submitted, min(run.total, run.submitted + max(0, room)))
                if batch:
                    run.submitted = batch.stop
                    await asyncio.gather(*(submit_one(i, run, http, tag) for i in batch))
                await poll(run)
                # Kill only a worker that is up and consuming (not one still booting).
                if kill_at and run.done >= kill_at[0] and ready_workers(workers["B"]):
                    kill_at.pop(0)
                    run.kill_snapshots.append(await asyncio.to_thread(held_messages, client))
                    await asyncio.to_thread(workers["B"].kill)
                    run.kills.append((run.done, time.monotonic() - started))
                    print(
                        f"  [{time.monotonic() - started:6.1f} s] {run.done} done: worker B "
                        "SIGKILLed"
                    )
                    await asyncio.sleep(1.0)
                    workers["B"].start()
                if sample_at and not kill_at and run.done >= sample_at[0]:
                    # Never before the kills: both samples must be of the same process.
                    sample_at.pop(0)
                    await asyncio.to_thread(sample, run, workers, started)
                if time.monotonic() - last_report > 30:
                    last_report = time.monotonic()
                    print(
                        f"  [{last_report - started:6.1f} s] {run.done}/{run.total} done, "
                        f"{len(run.pending)} in flight"
                    )
                if run.submitted >= run.total and not run.pending:
                    break  # everything accepted has finished (submit failures are counted)
                await asyncio.sleep(POLL_S)
        if sample_at:  # the run ended (timeout or refusals) before the last sampling point
            sample(run, workers, started)
    finally:
        await close_db()
    run.elapsed = time.monotonic() - started
    return run


ACKS = "dramatiq:__acks__."  # + <consumer id>.<queue>: messages a consumer holds, unacked
HEARTBEATS = "dramatiq:__heartbeats__"


def held_messages(client: redis.Redis) -> Counter[str]:
    """Unacknowledged messages per Dramatiq consumer id (Redis broker's dispatch.lua keys)."""
    held: Counter[str] = Counter()
    for key in client.scan_iter(match=ACKS + "*", count=1000):
        consumer = key.decode().removeprefix(ACKS).split(".", 1)[0]
        held[consumer] += int(client.scard(key))
    return held


def held_by_killed(run: Run, client: redis.Redis) -> list[int]:
    """Per kill: messages that the killed worker held, judged at the end of the run.

    The killed consumer is the one whose heartbeat is gone: the broker's maintenance removes a
    dead consumer's heartbeat only after re-queueing everything it held (dispatch.lua).
    """
    alive = {m.decode() for m in client.zrange(HEARTBEATS, 0, -1)}
    counted: set[str] = set()  # a consumer killed earlier may still show in a later snapshot
    held = []
    for snap in run.kill_snapshots:
        dead = {c for c in snap if c not in alive and c not in counted}
        counted |= dead
        held.append(sum(snap[c] for c in dead))
    return held


def deliveries(client: redis.Redis) -> Counter[str]:
    return Counter(e["job_id"] for e in sink.events(client) if e["event"] in ("deliver", "fail"))


def report(
    run: Run,
    delivered: Counter[str],
    replies: Counter[str],
    held: list[int],
    database: str,
    args: argparse.Namespace,
) -> int:
    by_channel: dict[str, Counter[str]] = {}
    for job_id, channel in run.channel_of.items():
        by_channel.setdefault(channel, Counter())[run.status_of.get(job_id, "LOST")] += 1
    lost = len(run.pending)
    failed = sum(1 for s in run.status_of.values() if s == "failed")
    sink_ids = [j for j, c in run.channel_of.items() if c == "testsink"]
    twice = sum(1 for j in sink_ids if delivered.get(j, 0) > 1)
    undelivered = sum(1 for j in sink_ids if j in run.status_of and delivered.get(j, 0) == 0)
    mail_ids = [j for j, c in run.channel_of.items() if c == "email"]
    mail_twice = sum(1 for j in mail_ids if replies.get(run.message_id_of[j], 0) > 1)
    mail_none = sum(
        1 for j in mail_ids if j in run.status_of and replies.get(run.message_id_of[j], 0) == 0
    )
    refused = run.total - len(run.channel_of)
    elapsed = run.elapsed

    print()
    print(
        f"soak: {run.total} jobs, {database}, 2 workers x {args.threads} threads, "
        f"{elapsed:.0f} s ({run.done / elapsed:.1f} jobs/s); worker B SIGKILLed at "
        + ", ".join(f"{d} done ({t:.0f} s)" for d, t in run.kills)
    )
    print(f"{'channel':10} {'jobs':>6} {'succeeded':>10} {'failed':>7} {'lost':>6}")
    for channel, counts in sorted(by_channel.items()):
        print(
            f"{channel:10} {sum(counts.values()):6d} {counts['succeeded']:10d} "
            f"{counts['failed']:7d} {counts['LOST']:6d}"
        )
    if run.submit_errors:
        print(f"submission retries/errors: {dict(run.submit_errors)}")

    rows: list[tuple[str, str, bool | None]] = [  # None: information, not judged
        # A kill that catches no message in hand tests nothing.
        (
            "messages held by killed worker B",
            " and ".join(map(str, held)) + " (requeued)",
            # A short run can finish before the restarted worker is ready for its second kill.
            (len(held) == len(KILL_AT) and all(held)) if args.jobs >= 1000 else None,
        ),
        ("jobs never accepted", f"{refused}", refused == 0),
        ("jobs lost (not terminal)", f"{lost}", lost == 0),
        ("jobs failed (valid inputs)", f"{failed} {dict(run.error_codes) or ''}", failed == 0),
        ("testsink delivered twice", f"{twice} of {len(sink_ids)}", twice == 0),
        ("testsink never delivered", f"{undelivered} of {len(sink_ids)}", undelivered == 0),
        ("email replied twice", f"{mail_twice} of {len(mail_ids)}", mail_twice == 0),
        ("email never replied", f"{mail_none} of {len(mail_ids)}", mail_none == 0),
    ]
    for name, samples in sorted(run.rss.items()):
        if len(samples) < 2:
            rows.append((f"worker {name} RSS", "not sampled twice", False))
            continue
        (d0, pid0, r0, t0), (d1, pid1, r1, t1) = samples[0], samples[-1]
        if pid0 != pid1:  # restarted between the samples: the figures are of two processes
            rows.append((f"worker {name} RSS", f"pid {pid0} then {pid1}: not comparable", False))
            continue
        growth = (r1 - r0) / r0
        rows.append(
            (
                f"worker {name} RSS job {d0} -> {d1}",
                f"{r0:.1f} -> {r1:.1f} MB ({growth:+.1%}); with parse children "
                f"{t0:.0f} -> {t1:.0f} MB",
                growth < RSS_GROWTH_TARGET if args.jobs >= RSS_JUDGED_FROM else None,
            )
        )
    if not run.rss:
        rows.append(("worker RSS", "no worker process found", False))
    print()
    print(f"{'check':38} {'figure':58} result")
    for name, figure, ok in rows:
        print(f"{name:38} {figure:58} {'info' if ok is None else 'OK' if ok else 'MISSED'}")
    missed = [name for name, _f, ok in rows if ok is False]
    print(
        "\nFAIL: " + "; ".join(missed)
        if missed
        else "\nOK: 0 lost, 0 delivered twice"
        + (
            f", worker RSS growth < {RSS_GROWTH_TARGET:.0%}"
            if args.jobs >= RSS_JUDGED_FROM
            else f" (RSS not judged under {RSS_JUDGED_FROM} jobs)"
        )
    )
    return 1 if missed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2000)
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds for the whole run")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker process")
    parser.add_argument("--window", type=int, default=64, help="most jobs in flight")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test"),
        help="admin URL of a PostgreSQL server ('' = SQLite)",
    )
    args = parser.parse_args()
    if args.jobs < 10:
        parser.error("--jobs must be at least 10 (the kill and sampling points are fractions)")

    with private_database(args.postgres) as pg_url, redis_server(persist=True) as server:
        tmp = Path(tempfile.mkdtemp(prefix="re-soak-"))
        env = job_env(tmp, server.url, database_url=pg_url, max_attempts=5)
        relay = Relay()
        relay_port, smtp_port = free_port(), free_port()
        env.update(
            {
                "LOG_LEVEL": "WARNING",
                "API_KEYS": API_KEY,
                "API__RATE_LIMIT_PER_MINUTE": "1000000",
                "EMAIL__INBOX_ADDRESSES": INBOX,
                "EMAIL__FROM": "resume@engine.example",
                "EMAIL__RELAY_HOST": "127.0.0.1",
                "EMAIL__RELAY_PORT": str(relay_port),
                "EMAIL__RATE_LIMIT_PER_HOUR": "0",  # 0 = unlimited; the soak sends hundreds
            }
        )
        controller = Controller(relay, hostname="127.0.0.1", port=relay_port)
        controller.start()
        database = "PostgreSQL" if pg_url else "SQLite (fallback)"
        client = redis.Redis.from_url(server.url)
        workers = {
            "A": WorkerProcess(env, processes=1, threads=args.threads),
            "B": WorkerProcess(env, processes=1, threads=args.threads),
        }
        logs: dict[str, str] = {}
        try:
            api_port = free_port()
            api_url = f"http://127.0.0.1:{api_port}"
            with use_env(env), service("serve", env, api_port), service("smtp", env, smtp_port):
                for worker in workers.values():
                    worker.start()
                for name, worker in workers.items():
                    if not wait_ready(worker):
                        raise SystemExit(f"worker {name} did not start:\n{worker.output()}")
                print(
                    f"soak: {args.jobs} jobs on {database}, redis :{server.port}, API "
                    f"{api_url}, workers A and B"
                )
                run = asyncio.run(drive(args, api_url, smtp_port, workers))
                time.sleep(3.0)  # a late redelivery would show up as a second delivery
                delivered = deliveries(client)
                with relay.lock:
                    replies = Counter(relay.replies)
                held = held_by_killed(run, client)
        finally:
            controller.stop()
            for name, worker in workers.items():
                worker.stop()
                logs[name] = worker.output()
                Path(worker.log.name).unlink(missing_ok=True)
        code = report(run, delivered, replies, held, database, args)
        if code:  # help the reader of a failed run; the logs carry ids and codes, no content
            for failure in run.failures[:10]:
                print(f"failed job {failure}")
            for name, output in logs.items():
                keep = Path(tempfile.gettempdir()) / f"soak-{os.getpid()}-worker-{name}.log"
                keep.write_text(output)
                lines = [x for x in output.splitlines() if re.search(r"warn|error", x, re.I)]
                print(f"--- worker {name}: last warnings and errors (whole log: {keep})")
                print("\n".join(lines[-20:]))
        return code


if __name__ == "__main__":
    sys.exit(main())
