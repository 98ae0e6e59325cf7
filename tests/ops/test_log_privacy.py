"""No resume text, e-mail address or phone number reaches the logs during a full job.

A real worker (its own process, LOG_LEVEL=DEBUG, structured logging as in production) runs a
job end to end on a private Redis; the test process submits it with its own logs captured too.
"""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from pipeline.jobs import JobRequest, get_job, submit
from storage.db import close_db, init_db
from storage.models import JobStatus
from tests.support.jobs import job_env, resume_pdf, use_env
from tests.support.processes import redis_server, worker_process

# Distinctive pieces of tests.support.jobs.resume_pdf(): contact details and bullet text.
SECRETS = (
    "Alex Example",
    "alex.example@example.com",
    "555 0100",
    "billing service used by 40 teams",
    "migrating 12 services to Kubernetes",
    "incident reviews",
    "Initech",
)


async def _run_job(data: bytes) -> str:
    await init_db()
    try:
        job = await submit(
            JobRequest(
                channel="testsink",
                kind="generate",
                data=data,
                filename="alex.pdf",
                requester_id="privacy-test",
            )
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            job = await get_job(job.id)
            if job is not None and job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
                return str(job.status)
            await asyncio.sleep(0.2)
        return "timeout"
    finally:
        await close_db()


def test_full_job_logs_carry_no_personal_data(tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with redis_server() as redis:
        env = job_env(tmp_path, redis.url)
        env["LOG_LEVEL"] = "DEBUG"
        with worker_process(env) as worker, use_env(env):
            status = asyncio.run(_run_job(resume_pdf("privacy")))
            logs = worker.output()
    assert status == "succeeded", logs[-3000:]
    assert "job" in logs.lower()  # the worker did log the job's progress...
    captured = logs + "\n" + caplog.text
    for secret in SECRETS:
        at = captured.find(secret)
        assert at < 0, f"{secret!r} reached the logs: ...{captured[max(0, at - 200) : at + 100]}"
