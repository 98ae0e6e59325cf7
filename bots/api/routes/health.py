"""Liveness and readiness probes (no API key: orchestrators call them).

``/healthz``: the process answers. ``/readyz``: Redis answers PING and the database answers
``SELECT 1``; 503 problem+json naming the failing dependency otherwise.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter
from tortoise import connections

from bots.api.deps import RedisDep
from bots.api.problems import ApiProblem, responses
from bots.api.schemas import Health

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])

CHECK_TIMEOUT = 2.0  # s per dependency; a probe must answer before the orchestrator gives up


@router.get("/healthz", response_model=Health, summary="Liveness")
async def healthz() -> Health:
    return Health(status="ok")


async def _check(name: str, probe: Callable[[], Awaitable[Any] | Any]) -> str:
    try:
        await asyncio.wait_for(probe(), CHECK_TIMEOUT)
    except Exception as exc:  # any failure means "not ready"; the reason is logged
        log.warning("readiness: %s unavailable (%s)", name, type(exc).__name__)
        return "unavailable"
    return "ok"


@router.get(
    "/readyz",
    response_model=Health,
    summary="Readiness: Redis and the database reachable",
    responses=responses(503),
)
async def readyz(redis: RedisDep) -> Health:
    checks = {
        "redis": await _check("redis", lambda: redis.ping()),
        "database": await _check(
            "database", lambda: connections.get("default").execute_query("SELECT 1")
        ),
    }
    failing = [name for name, state in checks.items() if state != "ok"]
    if failing:
        raise ApiProblem(
            503,
            f"Not ready: {', '.join(failing)} unavailable.",
            code="not_ready",
            headers={"Retry-After": "5"},
        )
    return Health(status="ok", checks=checks)
