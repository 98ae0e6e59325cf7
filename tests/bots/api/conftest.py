"""The API stack for these tests, shared per session (starting it costs a few seconds).

- ``stack``: a private redis-server, a migrated SQLite database, a real worker (Dramatiq) with
  fast webhook retries, and the API (``resume-engine serve``) allowing private webhook targets
  so the loopback receiver can be used.
- ``guarded``: a second API process on the same database with the SSRF guard on and a rate
  limit of 5 requests per minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.bots.api.support import KEY_A, KEY_B, ApiServer, Receiver, api_server, receiver
from tests.support.jobs import job_env
from tests.support.processes import redis_server, worker_process

MAX_FILE_BYTES = 1024 * 1024


@dataclass
class Stack:
    env: dict[str, str]
    api: ApiServer
    receiver: Receiver


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with redis_server() as redis, receiver() as hooks:
        env = {
            **job_env(tmp_path_factory.mktemp("api"), redis.url),
            "API_KEYS": f"{KEY_A},{KEY_B}",
            "API__RATE_LIMIT_PER_MINUTE": "100000",
            "LIMITS__MAX_FILE_BYTES": str(MAX_FILE_BYTES),
            "WEBHOOKS__ALLOW_PRIVATE_TARGETS": "true",
            "WEBHOOKS__RETRY_SCHEDULE_SECONDS": "0.3,0.3,0.3",
            "WEBHOOKS__TIMEOUT_SECONDS": "5",
            "GEMINI__API_KEY": "",
        }
        with worker_process(env, processes=1, threads=4), api_server(env) as api:
            yield Stack(env, api, hooks)


@pytest.fixture(scope="session")
def guarded(stack: Stack) -> Iterator[ApiServer]:
    env = {
        **stack.env,
        "WEBHOOKS__ALLOW_PRIVATE_TARGETS": "false",
        "API__RATE_LIMIT_PER_MINUTE": "5",
        # Its own Redis database: rate-limit counters not shared with the main server's.
        "REDIS_URL": stack.env["REDIS_URL"].rsplit("/", 1)[0] + "/1",
    }
    with api_server(env) as api:
        yield api


@pytest.fixture
def client(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.api.url, timeout=30) as c:
        yield c


@pytest.fixture
def key_a() -> dict[str, str]:
    return {"X-API-Key": KEY_A}


@pytest.fixture
def key_b() -> dict[str, str]:
    return {"X-API-Key": KEY_B}
