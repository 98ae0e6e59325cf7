"""Webhook mode: a FastAPI router the API app mounts at ``settings.telegram.webhook_path``.

Telegram POSTs each Update as JSON with the secret given to setWebhook in the
``X-Telegram-Bot-Api-Secret-Token`` header (https://core.telegram.org/bots/api#setwebhook).
The endpoint checks it in constant time (401 otherwise), answers 200 at once and handles the
update in a background task: downloading a file and submitting the job take longer than
Telegram should wait, and the slow work happens in the worker anyway. Redelivered updates are
dropped by :class:`bots.telegram.once.OncePerUpdate`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import AsyncIterator
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from fastapi import APIRouter, FastAPI, Request, Response
from pydantic import ValidationError
from redis.asyncio import Redis

from bots.telegram.client import make_bot
from bots.telegram.dispatcher import build_dispatcher
from config.settings import Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
# How long shutdown waits for updates still being handled (download + submit).
DRAIN_SECONDS = 20.0


class _Runtime:
    """The Bot, Redis and Dispatcher of this process, created on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.bot: Bot | None = None
        self.redis: Redis | None = None
        self.dispatcher: Dispatcher | None = None
        self.tasks: set[asyncio.Task[Any]] = set()

    def start(self) -> tuple[Bot, Dispatcher]:
        if self.bot is None or self.dispatcher is None:
            self.redis = Redis.from_url(self.settings.redis_url)
            self.bot = make_bot(self.settings.telegram)
            self.dispatcher = build_dispatcher(self.settings, self.redis)
        return self.bot, self.dispatcher

    def spawn(self, bot: Bot, dispatcher: Dispatcher, update: Update) -> None:
        task = asyncio.create_task(self._handle(bot, dispatcher, update))
        self.tasks.add(task)  # a task nobody references can be garbage-collected mid-run
        task.add_done_callback(self.tasks.discard)

    @staticmethod
    async def _handle(bot: Bot, dispatcher: Dispatcher, update: Update) -> None:
        try:
            await dispatcher.feed_update(bot, update)
        except Exception:
            # Telegram already has its 200; the traceback (no message content) is what's left.
            log.exception("telegram update %s failed", update.update_id)

    async def close(self) -> None:
        if self.tasks:
            await asyncio.wait(set(self.tasks), timeout=DRAIN_SECONDS)
        if self.bot is not None:
            await self.bot.session.close()
        if self.redis is not None:
            await self.redis.aclose()
        self.bot = self.redis = self.dispatcher = None


def _secret_ok(expected: str | None, given: str | None) -> bool:
    if not expected or given is None:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


def build_router(settings: Settings) -> APIRouter:
    """The webhook router for ``settings`` (mount it only when ``settings.telegram.enabled``).

    ``POST <webhook_path>``: 401 without the right secret header (and always when
    ``TELEGRAM__WEBHOOK_SECRET`` is unset: an unauthenticated webhook would let anyone post
    updates), 400 for a body that is not an Update, else 200 ``{}`` before any work is done.
    """
    runtime = _Runtime(settings)
    secret = settings.telegram.webhook_secret
    expected = secret.get_secret_value() if secret is not None else None
    if expected is None:
        log.warning("TELEGRAM__WEBHOOK_SECRET is not set: the Telegram webhook refuses updates")

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        runtime.start()
        try:
            yield
        finally:
            await runtime.close()

    router = APIRouter(lifespan=lifespan, tags=["telegram"])

    @router.post(settings.telegram.webhook_path, include_in_schema=False)
    async def telegram_webhook(request: Request) -> Response:
        if not _secret_ok(expected, request.headers.get(SECRET_HEADER)):
            return Response(status_code=401)
        bot, dispatcher = runtime.start()
        try:
            update = Update.model_validate_json(await request.body(), context={"bot": bot})
        except ValidationError:
            return Response(status_code=400)
        runtime.spawn(bot, dispatcher, update)
        return Response(content="{}", media_type="application/json")

    return router
