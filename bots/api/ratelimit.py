"""Per-API-key rate limit: a fixed one-minute window counted in Redis, leased in chunks.

Redis-backed so every API process behind a load balancer shares one budget per key (the API is
stateless and scales out). To keep a Redis round trip off most requests, a process reserves
allowance in chunks (``INCRBY chunk``; chunk = limit / 20, at most 50, at least 1) and spends it
locally; it goes back to Redis only when its lease is spent. The budget is never exceeded; at
worst another process is refused while this one still holds a few unspent requests (a chunk),
which is why the chunk is a small fraction of the limit (a limit of 20 or less is exact).

If Redis cannot be reached the limiter falls back to a per-process in-memory window (a Redis
outage degrades the limit to "per process" rather than failing every request; submissions
fail with 503 anyway while the queue is down).

A fixed window admits at most ``2 x limit`` requests across a window edge; that is accepted for
an abuse guard (it is not a billing meter).
"""

from __future__ import annotations

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

    async def hit(self, key_id: str) -> Verdict:
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
        slot = (key_id, window)
        if self._lease.get(slot, 0) <= 0:
            self._forget_before(window)
            self._lease[slot] = await self._reserve(key_id, window)
        if self._lease[slot] <= 0:
            return Verdict(False, retry_after)
        self._lease[slot] -= 1
        return Verdict(True, retry_after)

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
        for table in (self._lease, self._local):
            for stale in [k for k in table if k[1] < window]:
                del table[stale]
