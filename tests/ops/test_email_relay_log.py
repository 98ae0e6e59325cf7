"""A worker that cannot reach the e-mail relay says so in its log: one line per attempt with
the error class and the relay's host:port, and no addresses or content of the person's mail.

A real worker (its own process, LOG_LEVEL=WARNING as an operator would run it) delivers an
e-mail job through a relay port where nothing listens.
"""

from __future__ import annotations

import asyncio
import time

from pipeline.jobs import JobRequest, submit
from storage.db import close_db, init_db
from tests.support.jobs import job_env, resume_pdf, use_env
from tests.support.processes import free_port, redis_server, worker_process

PERSON = "alex.example@example.com"


async def _submit_email_job(data: bytes) -> None:
    await init_db()
    try:
        await submit(
            JobRequest(
                channel="email",
                kind="analyze",
                data=data,
                filename="alex.pdf",
                requester_id=PERSON,
                reply_to={
                    "to": PERSON,
                    "subject": "My CV",
                    "message_id": "<cv-1@example.com>",
                    "references": [],
                },
            )
        )
    finally:
        await close_db()


def test_unreachable_relay_is_one_log_line_with_host_port_and_error_class(tmp_path) -> None:
    relay_port = free_port()  # nothing listens here
    with redis_server() as redis:
        env = job_env(tmp_path, redis.url)
        env.update(
            {
                "LOG_LEVEL": "WARNING",
                "EMAIL__RELAY_HOST": "127.0.0.1",
                "EMAIL__RELAY_PORT": str(relay_port),
            }
        )
        expected = f"email: relay 127.0.0.1:{relay_port} unreachable ("
        with worker_process(env) as worker, use_env(env):
            asyncio.run(_submit_email_job(resume_pdf("relay-down")))
            deadline = time.monotonic() + 90
            while expected not in worker.output() and time.monotonic() < deadline:
                time.sleep(0.2)
            logs = worker.output()
    # Dramatiq's lifecycle lines pass at LOG_LEVEL=WARNING: supervisors (bench/soak.py) wait
    # for this one before they count a worker as up.
    assert "Worker process is ready for action" in logs, logs[-3000:]
    lines = [line for line in logs.splitlines() if expected in line]
    assert lines, logs[-3000:]
    # The error class and its cause close the message: "(SMTPConnectError: ConnectionRefusedError)".
    error = lines[0].split(expected, 1)[1].split(")", 1)[0]
    assert all(name.strip().isidentifier() for name in error.split(":")), lines[0]
    assert "ConnectionRefused" in error, lines[0]
    for secret in (PERSON, "My CV", "cv-1@example.com", "Alex Example"):
        assert secret not in logs, f"{secret!r} reached the worker log"
