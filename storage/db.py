"""Database start-up, shutdown and migrations, shared by the API, the worker and the CLI.

``DATABASE_URL`` picks the backend: ``sqlite://data/resume-engine.sqlite3`` (default; the
directory is created) or ``postgres://user:pass@host:5432/db`` (asyncpg). The schema comes from
Tortoise's built-in migrations in ``storage/migrations`` (``resume-engine migrate``), never from
``generate_schemas`` on a real database.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import get_current_context
from tortoise.migrations.executor import MigrationExecutor

from config.settings import Settings, get_settings

log = logging.getLogger(__name__)

APP = "models"
MIGRATIONS = "storage.migrations"
# SQLite serialises writers: wait for the lock instead of failing with "database is locked"
# when the API and several worker processes write at once (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 10_000


class DatabaseNotMigrated(RuntimeError):
    """The schema is missing or behind the code; ``resume-engine migrate`` fixes it."""


def tortoise_config(database_url: str | None = None) -> dict[str, Any]:
    """The Tortoise config dict for ``database_url`` (default: ``settings.database_url``)."""
    url = database_url or get_settings().database_url
    connection: str | dict[str, Any] = url
    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://").split("?", 1)[0]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            connection = {
                "engine": "tortoise.backends.sqlite",
                "credentials": {
                    "file_path": path,
                    "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
                    # WAL (Tortoise's default) + NORMAL: no fsync per commit, still corruption-
                    # safe; only a power cut can lose the last commits (sqlite.org/pragma.html
                    # #pragma_synchronous). +50% API submissions/s (bench/api.py).
                    "synchronous": "NORMAL",
                },
            }
    return {
        "connections": {"default": connection},
        "apps": {
            APP: {
                "models": ["storage.models"],
                "migrations": MIGRATIONS,
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def __getattr__(name: str) -> Any:
    # `python -m tortoise -c storage.db.TORTOISE_ORM makemigrations` reads this attribute.
    if name == "TORTOISE_ORM":
        return tortoise_config()
    raise AttributeError(name)


def describe(database_url: str) -> str:
    """The URL without credentials, safe for logs and messages."""
    parts = urlsplit(database_url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


async def init_db(settings: Settings | None = None, *, check_migrated: bool = True) -> None:
    """Start Tortoise for this process (idempotent).

    The context is installed as the process-wide fallback so every task on the event loop
    (worker actors, API requests) sees it, not only the task that called ``init_db``.

    Raises:
        DatabaseNotMigrated: ``check_migrated`` and migrations are pending.
        OSError / tortoise errors: the database is unreachable.
    """
    if Tortoise._inited:
        return
    settings = settings or get_settings()
    await Tortoise.init(config=tortoise_config(settings.database_url), _enable_global_fallback=True)
    if check_migrated:
        pending = await pending_migrations()
        if pending:
            await close_db()
            raise DatabaseNotMigrated(
                f"the database {describe(settings.database_url)} is not migrated "
                f"({len(pending)} pending: {', '.join(pending)}). "
                "Run `resume-engine migrate` first."
            )


async def close_db() -> None:
    """Close this process's connections and forget the models' binding (idempotent)."""
    ctx = get_current_context()
    if ctx is None:
        return
    await ctx.close_connections()  # also drops the process-wide fallback
    await Tortoise._reset_apps()
    ctx._inited = False  # so a later init_db() in this process starts afresh (tests)
    # Tortoise caches INSERT/DELETE SQL per connection *name* ("default"), across inits: a
    # later init on another backend (tests run SQLite then PostgreSQL) must not reuse it.
    EXECUTOR_CACHE.clear()


async def pending_migrations() -> list[str]:
    """Names of migrations not yet applied on the connected database (empty = up to date)."""
    executor = MigrationExecutor(connections.get("default"), {APP: _app_config()})
    steps = await executor.plan(None)
    return [f"{s.migration.app_label}.{s.migration.name}" for s in steps if not s.backward]


def _app_config() -> dict[str, Any]:
    return tortoise_config("sqlite://:memory:")["apps"][APP]


async def migrate(settings: Settings | None = None) -> list[str]:
    """Apply every pending migration; returns the names applied (empty when up to date).

    Opens and closes its own connection; call it before :func:`init_db`, not while one is open.
    """
    settings = settings or get_settings()
    await init_db(settings, check_migrated=False)
    try:
        pending = await pending_migrations()
        if pending:
            executor = MigrationExecutor(connections.get("default"), {APP: _app_config()})
            await executor.migrate(None)
        return pending
    finally:
        await close_db()
