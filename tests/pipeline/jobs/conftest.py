"""Fixtures for the job queue: a private Redis, a migrated SQLite file, a real worker."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import pytest
import redis

from pipeline.jobs import get_job
from storage.db import close_db, init_db
from storage.models import Job
from tests.support import sink
from tests.support.jobs import job_env, use_env
from tests.support.processes import RedisServer, WorkerProcess, redis_server, worker_process


@pytest.fixture(scope="module")
def redis_srv() -> Iterator[RedisServer]:
    with redis_server(persist=True) as server:
        yield server


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, redis_srv: RedisServer) -> dict[str, str]:
    return job_env(tmp_path_factory.mktemp("jobs"), redis_srv.url)


@pytest.fixture
async def db(env: dict[str, str]) -> AsyncIterator[None]:
    """The test process on the same database and Redis as the worker."""
    with use_env(env):
        await init_db()
        try:
            yield
        finally:
            await close_db()


@pytest.fixture(scope="module")
def worker(env: dict[str, str]) -> Iterator[WorkerProcess]:
    with worker_process(env) as proc:
        yield proc


@pytest.fixture
def rclient(redis_srv: RedisServer) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_srv.url)
    yield client
    client.close()


async def wait_terminal(
    job_id: object, timeout: float = 60.0, worker: WorkerProcess | None = None
) -> Job:
    """Poll until the job is succeeded/failed and its observers were called.

    On timeout the assertion carries the tail of ``worker``'s log.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = await get_job(str(job_id))
        if job is not None and job.status.terminal and job.notified_at is not None:
            return job
        await asyncio.sleep(0.1)
    job = await get_job(str(job_id))
    log = worker.output()[-3000:] if worker is not None else ""
    raise AssertionError(f"job {job_id} not finished after {timeout}s: {job and job.status}\n{log}")


def events_for(client: redis.Redis, job_id: object, event: str | None = None) -> list[dict]:
    return [
        e
        for e in sink.events(client)
        if e["job_id"] == str(job_id) and (event is None or e["event"] == event)
    ]
