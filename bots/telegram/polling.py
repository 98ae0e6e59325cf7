"""Long-polling mode (development, or a host Telegram cannot reach): ``resume-engine telegram``.

One poller per bot token: Telegram answers a second concurrent getUpdates with 409 Conflict,
and refuses getUpdates while a webhook is set, so the webhook is removed first (pending
updates are kept). Updates are handled exactly as in webhook mode.
"""

from __future__ import annotations

import logging

from redis.asyncio import Redis

from bots.telegram.client import make_bot
from bots.telegram.dispatcher import build_dispatcher
from config.settings import Settings
from storage.db import close_db, init_db

log = logging.getLogger(__name__)


async def run_polling(settings: Settings) -> None:
    """Poll until SIGINT/SIGTERM.

    Raises:
        ValueError: no bot token. storage.db.DatabaseNotMigrated: run ``resume-engine migrate``.
    """
    bot = make_bot(settings.telegram)
    await init_db(settings)
    redis = Redis.from_url(settings.redis_url)
    dispatcher = build_dispatcher(settings, redis)
    try:
        await bot.delete_webhook(drop_pending_updates=False)
        me = await bot.me()
        log.info("telegram: polling as @%s", me.username)
        await dispatcher.start_polling(
            bot, allowed_updates=dispatcher.resolve_used_update_types(), close_bot_session=True
        )
    finally:
        await redis.aclose()
        await close_db()
