"""Per-API-key rate limit: a fixed one-minute window counted in Redis, leased in chunks.

Redis-backed so every API process behind a load balancer shares one budget per key (the API is
stateless and scales out). To keep a Redis round trip off most requests, a process reserves
allowance in chunks (``INCRBY chunk``; chunk = limit / 20, at most 50, at least 1) and spends it
locally. The budget is never exceeded; at worst another process is refused while this one still
holds a few unspent requests (up to a chunk and a half), which is why the chunk is a small
fraction of the limit (a limit under 40 has chunks of 1 and is exact). One reservation per key
is in flight at a time, and a window found spent is refused locally until the next one, so a
burst costs one round trip, not one per request; and the next chunk is leased in the background
once the current one is half spent, so requests do not wait for Redis.

If Redis cannot be reached the limiter falls back to a per-process in-memory window (a Redis
outage degrades the limit to "per process" rather than failing every request; submissions
fail with 503 anyway while the queue is down).

A fixed window admits at most ``2 x limit`` requests across a window edge; that is accepted for
an abuse guard (it is not a billing meter).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from dataclasses import dataclass

import redis.asyncio as aioredis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

WINDOW_SECONDS = 60
MAX_CHUNK = 50
_PREFIX = "resume-engine:ratelimit:"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window resets (>= 1)


class RateLimiter:
    """``hit(key_id)`` counts one request for ``key_id`` and says whether it is allowed."""

    def __init__(self, redis_client: aioredis.Redis | None, limit_per_minute: int) -> None:
        self.redis = redis_client
        self.limit = limit_per_minute
        self.chunk = max(1, min(MAX_CHUNK, limit_per_minute // 20))
        # (key id, window) -> requests this process may still admit without asking Redis.
        self._lease: dict[tuple[str, int], int] = {}
        self._local: dict[tuple[str, int], int] = {}
        # Windows whose budget is spent: the count in Redis only grows within a window, so
        # later requests are refused here without a round trip.
        self._spent: set[tuple[str, int]] = set()
        # One reservation in flight per (key, window): requests that find the lease empty
        # meanwhile wait for it instead of each leasing (and wasting) another chunk.
        self._refills: dict[tuple[str, int], asyncio.Lock] = {}
        # With chunks of 2 or more, the next chunk is leased when this one is half spent.
        # (Chunks of 1, limits up to 39, are not leased ahead: those limits stay exact.)
        self._low_water = self.chunk // 2 if self.chunk > 1 else -1
        self._background: set[asyncio.Task[None]] = set()

    async def hit(self, key_id: str) -> Verdict:
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
        slot = (key_id, window)
        while self._lease.get(slot, 0) <= 0:
            if slot in self._spent:
                return Verdict(False, retry_after)
            if slot not in self._refills:
                self._forget_before(window)
            await self._refill(slot, need=0)
        self._lease[slot] -= 1
        if self._lease[slot] <= self._low_water and slot not in self._spent:
            lock = self._refills.get(slot)
            if lock is None or not lock.locked():
                # Lease the next chunk now, in the background, so that no request waits
                # for that round trip (it would land in the API's tail latencies).
                task = asyncio.create_task(self._refill(slot, need=self._low_water))
                self._background.add(task)
                task.add_done_callback(self._background.discard)
        return Verdict(True, retry_after)

    async def _refill(self, slot: tuple[str, int], need: int) -> None:
        """Lease a chunk for ``slot`` unless its lease is above ``need`` by the time it may."""
        lock = self._refills.setdefault(slot, asyncio.Lock())
        async with lock:
            if self._lease.get(slot, 0) > need or slot in self._spent:
                return  # another request refilled it (or found it spent) meanwhile
            granted = await self._reserve(*slot)
            if granted <= 0:
                self._spent.add(slot)
            else:
                self._lease[slot] = self._lease.get(slot, 0) + granted

    async def _reserve(self, key_id: str, window: int) -> int:
        """Take up to ``chunk`` requests of the window's budget; returns how many were granted."""
        if self.redis is not None:
            key = f"{_PREFIX}{key_id}:{window}"
            try:
                async with self.redis.pipeline(transaction=False) as pipe:
                    pipe.incrby(key, self.chunk)
                    pipe.expire(key, WINDOW_SECONDS * 2)
                    total, _ = await pipe.execute()
                return max(0, min(self.chunk, self.limit - (int(total) - self.chunk)))
            except (RedisError, OSError) as exc:
                log.warning("rate limiter: Redis unavailable, counting in memory (%s)", exc)
        slot = (key_id, window)
        used = self._local.get(slot, 0)
        granted = max(0, min(self.chunk, self.limit - used))
        self._local[slot] = used + self.chunk
        return granted

    def _forget_before(self, window: int) -> None:
        for table in (self._lease, self._local, self._refills):
            for stale in [k for k in table if k[1] < window]:
                del table[stale]
        self._spent = {k for k in self._spent if k[1] >= window}
