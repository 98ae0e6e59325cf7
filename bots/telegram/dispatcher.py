"""The aiogram Dispatcher: routers, Redis-backed FSM storage, once-per-update handling."""

from __future__ import annotations

from aiogram import Dispatcher
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio import Redis

from bots.telegram import callbacks, commands, documents
from bots.telegram.once import OncePerUpdate
from config.settings import Settings

DAY = 24 * 3600


def build_dispatcher(settings: Settings, redis: Redis) -> Dispatcher:
    """A Dispatcher for ``settings`` whose state lives in ``redis``.

    Handlers receive ``settings`` and ``redis`` through ``workflow_data`` (and the ``bot`` the
    update is fed with), never through globals. Preferences expire with the retention period.
    Event isolation serialises one person's updates, so a text sent right after a document is
    handled after it, across processes.
    """
    storage = RedisStorage(redis, state_ttl=DAY, data_ttl=settings.retention_days * DAY)
    dispatcher = Dispatcher(
        storage=storage,
        events_isolation=RedisEventIsolation(redis),
        name="resume-engine",
    )
    dispatcher["settings"] = settings
    dispatcher["redis"] = redis
    dispatcher.update.outer_middleware(OncePerUpdate(redis))
    dispatcher.include_routers(
        commands.build_router(), documents.build_router(), callbacks.build_router()
    )
    return dispatcher
