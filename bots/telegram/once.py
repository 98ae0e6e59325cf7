"""Handle each Telegram update once, whichever process receives it.

Telegram redelivers a webhook update it got no 200 for, two pollers can fetch the same batch,
and a restart can replay updates; the job layer already makes one job per
``(channel, external_id)``, and this middleware makes one *reply*: the first process to claim
``update_id`` in Redis (``SET NX``) handles it, the others drop it. A handler that fails
releases the claim so a redelivery can try again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from redis.asyncio import Redis

# Telegram keeps undelivered updates for 24 hours (https://core.telegram.org/bots/api#getting-updates).
CLAIM_TTL_SECONDS = 2 * 24 * 3600


class OncePerUpdate(BaseMiddleware):
    """Outer update middleware: claims ``telegram:update:<bot id>:<update id>``."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        key = f"telegram:update:{data['bot'].id}:{event.update_id}"
        if not await self.redis.set(key, 1, nx=True, ex=CLAIM_TTL_SECONDS):
            return None
        try:
            return await handler(event, data)
        except BaseException:
            await self.redis.delete(key)
            raise
