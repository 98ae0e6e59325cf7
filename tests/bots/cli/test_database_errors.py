"""`resume-engine migrate | erase` against databases that cannot be opened, and erase for the
API channel (whose jobs are stored under the key's sha256 key id), as real subprocesses."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid

import pytest

from bots.api.deps import key_id
from pipeline.jobs import JobRequest, get_job, submit
from storage.db import close_db, init_db
from tests.support.jobs import job_env, resume_pdf, use_env
from tests.support.processes import ROOT, free_port, redis_server

PG = "postgres://postgres:s3cret-pw@127.0.0.1:5432"


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bots", *args],
        env={**os.environ, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _postgres_up() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=2).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _postgres_up(), reason="PostgreSQL is not running on 127.0.0.1:5432")
@pytest.mark.parametrize(
    "command", [("migrate",), ("erase", "--channel", "cli", "--requester", "x")]
)
def test_missing_postgres_database_is_one_line_with_a_code(command: tuple[str, ...]) -> None:
    name = f"re_missing_{uuid.uuid4().hex[:8]}"
    done = cli(*command, env={"DATABASE_URL": f"{PG}/{name}"})
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"database_missing: the database postgres://127.0.0.1:5432/{name} does not exist; "
        f"create it (createdb {name}) and run `resume-engine migrate` again"
    ]
    assert "Traceback" not in done.stderr and "s3cret-pw" not in done.stderr + done.stdout


def test_unreachable_database_is_one_line_with_a_code() -> None:
    port = free_port()
    done = cli("migrate", env={"DATABASE_URL": f"{PG.rsplit(':', 1)[0]}:{port}/x"})
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("database_unreachable: "), done.stderr
    assert "s3cret-pw" not in done.stderr


async def _submit_api_job(data: bytes, requester_id: str) -> str:
    await init_db()
    try:
        job = await submit(
            JobRequest(
                channel="api",
                kind="analyze",
                data=data,
                filename="r.pdf",
                requester_id=requester_id,
            )
        )
        return str(job.id)
    finally:
        await close_db()


async def _exists(job_id: str) -> bool:
    await init_db()
    try:
        return await get_job(job_id) is not None
    finally:
        await close_db()


def test_erase_for_the_api_channel_takes_the_key(tmp_path) -> None:
    with redis_server() as redis:
        env = job_env(tmp_path, redis.url)
        with use_env(env):
            job_id = asyncio.run(_submit_api_job(resume_pdf("api-erase"), key_id("k-alpha")))
            erased = cli("erase", "--channel", "api", "--requester", "k-alpha", env=env)
            assert erased.returncode == 0, erased.stderr
            assert erased.stdout.startswith("erased 1 job(s)")
            assert not asyncio.run(_exists(job_id))
            again = cli("erase", "--channel", "api", "--requester", "k-alpha", env=env)
            assert again.stdout.startswith("erased 0 job(s)")


def test_erase_help_says_the_api_key_is_hashed() -> None:
    done = cli("erase", "--help", env={})
    assert "API key itself" in done.stdout and "hashed" in done.stdout
