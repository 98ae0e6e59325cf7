"""Dependencies of the API routes, as ``Annotated`` aliases ending in ``Dep``.

All are ``async def`` although none awaits much: FastAPI runs plain ``def`` dependencies in a
thread pool, a hop that cost more than the work itself here (bench/api.py).

- ``SettingsDep``: the app's :class:`Settings` (given to ``create_app``).
- ``ApiKeyDep``: the caller's key id (sha256 hex of the ``X-API-Key`` value) after the key was
  checked in constant time against every configured key; 401 otherwise.
- ``RateLimitedKeyDep``: the same, after counting the request against the key's per-minute
  budget; 429 with ``Retry-After`` when it is spent.
- ``RedisDep``: the app's asyncio Redis client (readiness, rate limit, queue depth).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

import redis.asyncio as aioredis
from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from bots.api.problems import ApiProblem
from bots.api.ratelimit import RateLimiter
from config.settings import Settings

api_key_header = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    description="One of the keys in the API_KEYS setting.",
)


def key_id(api_key: str) -> str:
    """The stored identity of a key: sha256 hex (jobs' ``requester_id``, webhooks' owner)."""
    return hashlib.sha256(api_key.encode()).hexdigest()


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


async def get_redis(request: Request) -> aioredis.Redis:
    return request.app.state.redis


RedisDep = Annotated[aioredis.Redis, Depends(get_redis)]


async def check_api_key(
    request: Request, api_key: Annotated[str | None, Security(api_key_header)]
) -> str:
    """Return the key id of a valid ``X-API-Key``; raise 401 otherwise.

    Every configured key is compared (``hmac.compare_digest``, no early exit), so the time taken
    says nothing about which key, or how much of one, matched.
    """
    if not api_key:
        raise ApiProblem(
            401,
            "Send your API key in the X-API-Key header.",
            code="missing_api_key",
            headers={"WWW-Authenticate": "ApiKey"},
        )
    given = api_key.encode()
    matched = False
    settings: Settings = request.app.state.settings
    for secret in settings.api_keys:
        matched |= hmac.compare_digest(given, secret.get_secret_value().encode())
    if not matched:
        raise ApiProblem(
            401,
            "This API key is not valid.",
            code="invalid_api_key",
            headers={"WWW-Authenticate": "ApiKey"},
        )
    return key_id(api_key)


ApiKeyDep = Annotated[str, Depends(check_api_key)]


async def rate_limited_key(request: Request, key: ApiKeyDep) -> str:
    """``ApiKeyDep`` plus one hit on the key's per-minute budget (429 + Retry-After)."""
    limiter: RateLimiter = request.app.state.rate_limiter
    verdict = await limiter.hit(key)
    if not verdict.allowed:
        raise ApiProblem(
            429,
            f"Too many requests for this API key (limit {limiter.limit} per minute). "
            f"Try again in {verdict.retry_after} s.",
            code="rate_limited",
            headers={"Retry-After": str(verdict.retry_after)},
        )
    return key


RateLimitedKeyDep = Annotated[str, Depends(rate_limited_key)]
