"""The per-key rate limiter against a real redis-server: budgets, concurrency, several processes.

Each ``RateLimiter`` stands for one API process; two of them on one Redis share a budget.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
import redis.asyncio as aioredis

from bots.api.ratelimit import _PREFIX, WINDOW_SECONDS, RateLimiter
from tests.support.processes import RedisServer, redis_server


@pytest.fixture(scope="module")
def server() -> Iterator[RedisServer]:
    with redis_server() as r:
        yield r


def _window_safe() -> None:
    """Do not start a case in the last 2 s of a minute window (the budget would reset)."""
    left = WINDOW_SECONDS - time.time() % WINDOW_SECONDS
    if left < 2:
        time.sleep(left + 0.05)


async def _counted(client: aioredis.Redis, key: str) -> int:
    window = int(time.time() // WINDOW_SECONDS)
    return int(await client.get(f"{_PREFIX}{key}:{window}") or 0)


async def test_a_concurrent_burst_leases_once_per_chunk(server):
    """200 requests arriving together lease about 4 chunks of 50 (one more ahead at most), not
    one chunk per waiting request."""
    _window_safe()
    client = aioredis.Redis.from_url(server.url)
    try:
        limiter = RateLimiter(client, 1000)
        assert limiter.chunk == 50
        verdicts = await asyncio.gather(*(limiter.hit("burst") for _ in range(200)))
        assert all(v.allowed for v in verdicts)
        await _settle(limiter)
        assert await _counted(client, "burst") in (200, 250)
    finally:
        await client.aclose()


async def test_the_next_chunk_is_leased_before_it_is_needed(server):
    _window_safe()
    client = aioredis.Redis.from_url(server.url)
    try:
        limiter = RateLimiter(client, 1000)
        for _ in range(24):
            assert (await limiter.hit("ahead")).allowed
        await _settle(limiter)
        assert await _counted(client, "ahead") == 50  # 26 left of the first chunk
        assert (await limiter.hit("ahead")).allowed  # 25 left: half spent
        await _settle(limiter)
        assert await _counted(client, "ahead") == 100  # leased while 25 were still in hand
    finally:
        await client.aclose()


async def _settle(limiter: RateLimiter) -> None:
    """Let the limiter's background leases finish."""
    while limiter._background:
        await asyncio.sleep(0.01)


async def test_the_limit_is_exact_and_a_spent_window_stays_local(server):
    _window_safe()
    client = aioredis.Redis.from_url(server.url)
    try:
        limiter = RateLimiter(client, 20)  # chunk 1: exact
        verdicts = await asyncio.gather(*(limiter.hit("exact") for _ in range(30)))
        assert sum(v.allowed for v in verdicts) == 20
        refused = [v for v in verdicts if not v.allowed]
        assert all(1 <= v.retry_after <= WINDOW_SECONDS for v in refused)
        counted = await _counted(client, "exact")
        more = await asyncio.gather(*(limiter.hit("exact") for _ in range(30)))
        assert not any(v.allowed for v in more)
        assert await _counted(client, "exact") == counted  # refused without asking Redis
        assert (await limiter.hit("other-key")).allowed
    finally:
        await client.aclose()


async def test_processes_share_one_budget(server):
    _window_safe()
    client = aioredis.Redis.from_url(server.url)
    try:
        a, b = RateLimiter(client, 100), RateLimiter(client, 100)  # chunk 5
        verdicts = await asyncio.gather(
            *(limiter.hit("shared") for _ in range(120) for limiter in (a, b))
        )
        allowed = sum(v.allowed for v in verdicts)
        # Never over the budget; at most one unspent chunk short of it.
        assert 100 - a.chunk <= allowed <= 100
    finally:
        await client.aclose()


async def test_without_redis_the_limit_holds_per_process():
    limiter = RateLimiter(None, 20)
    verdicts = [await limiter.hit("offline") for _ in range(25)]
    assert sum(v.allowed for v in verdicts) == 20
