"""The FastAPI application: REST API, probes, metrics, and the channels' webhook routers.

``create_app(settings)`` builds a stateless app (everything shared lives in the database and
Redis), so any number of ``resume-engine serve`` processes can run behind a load balancer.
The lifespan starts Tortoise (refusing an unmigrated database, ``storage.db.DatabaseNotMigrated``)
and an asyncio Redis client for readiness, the rate limiter and queue metrics, and the status
reader (``bots.api.status``: its own read connection on SQLite), then warms up the job service
(``pipeline.jobs.warm_up``) so the first submissions do not pay connection and first-use costs.

Routers mounted here: jobs and webhooks under ``/api/v1``, ``/healthz``, ``/readyz``,
``/metrics``; the Telegram webhook (``bots.telegram.webhook.build_router``) when
``settings.telegram.enabled`` and Slack's endpoints (``bots.slack.http.build_router``) when
``settings.slack.enabled``, imported only then.

Note: the job service and the broker read the process-wide ``get_settings()``; pass the same
settings (the default) except in tests of the app alone.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from fastapi import FastAPI
from redis.exceptions import RedisError

from bots.api import problems
from bots.api.ratelimit import RateLimiter
from bots.api.routes import health, jobs, metrics, webhooks
from bots.api.uploads import BodyCap
from config.settings import Settings, get_settings
from storage.status import StatusReader

log = logging.getLogger(__name__)

REDIS_TIMEOUT = 2.0  # s; a request must not hang on a dead Redis
# Connections of the job queue's Redis client opened at start-up: about the submissions one
# process takes at once, so a first wave of clients does not open them while it waits
# (bench/api.py).
WARM_CONNECTIONS = 10

DESCRIPTION = """\
Send a resume (PDF or DOCX) and get back its ATS analysis, an improved version, a new PDF/DOCX
and a summary of every change.

Jobs run in the background: a POST answers **202** with `status_url` and `result_url` at once.
Poll them, or subscribe a URL to `job.succeeded` / `job.failed` events under `/api/v1/webhooks`
(signed per the [Standard Webhooks](https://www.standardwebhooks.com) spec).

Authenticate with the `X-API-Key` header. Errors are `application/problem+json` (RFC 9457).
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: the process settings)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from storage.db import close_db, init_db

        # Declare every queue this process may send to or report on.
        importlib.import_module("pipeline.actors")
        importlib.import_module("bots.webhooks")
        await init_db(settings)
        app.state.redis = aioredis.Redis.from_url(
            settings.redis_url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
        )
        app.state.rate_limiter = RateLimiter(app.state.redis, settings.api.rate_limit_per_minute)
        app.state.status_reader = StatusReader(settings.database_url)
        # The first submissions must not pay the cold costs (connections, script, statements).
        from pipeline.broker import close_async_client
        from pipeline.jobs import warm_up

        await warm_up(WARM_CONNECTIONS)
        try:
            # The rate limiter's client: one request at a time uses it (it leases in chunks).
            await app.state.redis.ping()
        except (RedisError, OSError) as exc:
            log.warning("warm-up: Redis unavailable (%s)", type(exc).__name__)
        try:
            yield
        finally:
            app.state.status_reader.close()
            await app.state.redis.aclose()
            await close_async_client()
            await close_db()

    app = FastAPI(
        title="Resume Engine API",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[
            {"name": "jobs", "description": "Submit resumes and read the outcome"},
            {"name": "webhooks", "description": "Signed notifications of finished jobs"},
            {"name": "health", "description": "Probes and metrics"},
        ],
    )
    app.state.settings = settings
    # Every body is capped while it streams (no route takes more than one resume).
    app.add_middleware(BodyCap, max_file_bytes=settings.limits.max_file_bytes)
    problems.install(app)
    problems.tidy_openapi(app)

    app.include_router(jobs.router)
    app.include_router(webhooks.router)
    app.include_router(health.router)
    app.include_router(metrics.router)

    if not settings.api_keys:
        log.warning("API: no API_KEYS configured; every /api/v1 request will be refused (401)")
    if settings.telegram.enabled:
        telegram = importlib.import_module("bots.telegram.webhook")
        app.include_router(telegram.build_router(settings))
        log.info("telegram webhook mounted at %s", settings.telegram.webhook_path)
    else:
        log.info("telegram: off (TELEGRAM__BOT_TOKEN not set)")
    if settings.slack.enabled:
        slack = importlib.import_module("bots.slack.http")
        app.include_router(slack.build_router(settings))
        log.info("slack endpoints mounted")
    else:
        log.info("slack: off (SLACK__BOT_TOKEN / SLACK__SIGNING_SECRET not set)")
    return app
