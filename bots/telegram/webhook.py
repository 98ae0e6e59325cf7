"""Webhook mode: a FastAPI router the API app mounts at ``settings.telegram.webhook_path``.

Telegram POSTs each Update as JSON with the secret given to setWebhook in the
``X-Telegram-Bot-Api-Secret-Token`` header (https://core.telegram.org/bots/api#setwebhook).
The endpoint checks it in constant time (401 otherwise), answers 200 at once and handles the
update in a background task: downloading a file and submitting the job take longer than
Telegram should wait, and the slow work happens in the worker anyway. Redelivered updates are
dropped by :class:`bots.telegram.once.OncePerUpdate`.

Telegram does not resend an update it got its 200 for, so the update is first stored in the
Redis hash ``telegram:pending`` and removed once handled. An update left there longer than
``TELEGRAM__RECOVER_AFTER_SECONDS`` (its process died between the 200 and the submit) is
handled again by whichever API process scans first; the job layer's unique
``(channel, external_id)`` keeps that to one job. With Redis down the endpoint answers 503, and
Telegram redelivers later.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from fastapi import APIRouter, FastAPI, Request, Response
from pydantic import ValidationError
from redis.asyncio import Redis
from redis.exceptions import RedisError

from bots.telegram.client import make_bot
from bots.telegram.dispatcher import build_dispatcher
from config.settings import Settings

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
# How long shutdown waits for updates still being handled (download + submit).
DRAIN_SECONDS = 20.0
PENDING = "telegram:pending"  # hash: update id -> {"at": unix time, "update": raw JSON}


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

    async def remember(self, update_id: int, raw: bytes) -> None:
        """Store the update until it is handled (raises RedisError when Redis is down)."""
        assert self.redis is not None
        entry = json.dumps({"at": time.time(), "update": raw.decode("utf-8", "replace")})
        await self.redis.hset(PENDING, str(update_id), entry)

    def spawn(self, bot: Bot, dispatcher: Dispatcher, update: Update) -> None:
        task = asyncio.create_task(self._handle(bot, dispatcher, update))
        self.tasks.add(task)  # a task nobody references can be garbage-collected mid-run
        task.add_done_callback(self.tasks.discard)

    async def _handle(self, bot: Bot, dispatcher: Dispatcher, update: Update) -> None:
        try:
            await dispatcher.feed_update(bot, update)
        except Exception:
            # Telegram already has its 200; the traceback (no message content) is what's left.
            log.exception("telegram update %s failed", update.update_id)
        finally:
            if self.redis is not None:
                with contextlib.suppress(RedisError):
                    await self.redis.hdel(PENDING, str(update.update_id))

    async def recover_forever(self) -> None:
        """Every ``recovery_scan_seconds``, handle updates whose process died mid-way."""
        while True:
            await asyncio.sleep(self.settings.telegram.recovery_scan_seconds)
            try:
                await self.recover()
            except RedisError:
                log.warning("telegram: Redis unavailable for the pending-update scan")

    async def recover(self) -> int:
        """Handle stored updates older than ``recover_after_seconds``; returns how many."""
        bot, dispatcher = self.start()
        assert self.redis is not None
        cutoff = time.time() - self.settings.telegram.recover_after_seconds
        recovered = 0
        for key, value in (await self.redis.hgetall(PENDING)).items():
            entry = json.loads(value)
            if entry["at"] > cutoff:
                continue
            update_id = key.decode() if isinstance(key, bytes) else str(key)
            # One process takes it over; the claim outlives a slow handling.
            claim = f"telegram:recovering:{update_id}"
            recover_ttl = int(self.settings.telegram.recover_after_seconds) + 60
            if not await self.redis.set(claim, 1, nx=True, ex=recover_ttl):
                continue
            try:
                update = Update.model_validate_json(entry["update"], context={"bot": bot})
            except ValidationError:
                await self.redis.hdel(PENDING, update_id)
                continue
            # The dead process had claimed the update (OncePerUpdate): release it.
            await self.redis.delete(f"telegram:update:{bot.id}:{update_id}")
            log.warning("telegram: handling update %s again (its process stopped)", update_id)
            self.spawn(bot, dispatcher, update)
            recovered += 1
        return recovered

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
        scanner = asyncio.create_task(runtime.recover_forever())
        try:
            yield
        finally:
            scanner.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await scanner
            await runtime.close()

    router = APIRouter(lifespan=lifespan, tags=["telegram"])

    @router.post(settings.telegram.webhook_path, include_in_schema=False)
    async def telegram_webhook(request: Request) -> Response:
        if not _secret_ok(expected, request.headers.get(SECRET_HEADER)):
            return Response(status_code=401)
        bot, dispatcher = runtime.start()
        raw = await request.body()
        try:
            update = Update.model_validate_json(raw, context={"bot": bot})
        except ValidationError:
            return Response(status_code=400)
        try:
            await runtime.remember(update.update_id, raw)
        except RedisError:
            # Not stored, so not accepted: Telegram redelivers on anything but 2xx.
            log.warning("telegram: Redis unavailable; update %s refused (503)", update.update_id)
            return Response(status_code=503)
        runtime.spawn(bot, dispatcher, update)
        return Response(content="{}", media_type="application/json")

    return router
