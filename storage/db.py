"""Database start-up, shutdown and migrations, shared by the API, the worker and the CLI.

``DATABASE_URL`` picks the backend: ``sqlite://data/resume-engine.sqlite3`` (default; the
directory is created) or ``postgres://user:pass@host:5432/db`` (asyncpg). The schema comes from
Tortoise's built-in migrations in ``storage/migrations`` (``resume-engine migrate``), never from
``generate_schemas`` on a real database.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tortoise import Model, Tortoise, connections
from tortoise.backends.base.client import TransactionalDBClient
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.backends.sqlite.client import SqliteClient
from tortoise.context import get_current_context
from tortoise.exceptions import IntegrityError, OperationalError
from tortoise.migrations.executor import MigrationExecutor
from tortoise.transactions import in_transaction

from config.settings import Settings, get_settings

log = logging.getLogger(__name__)

APP = "models"
MIGRATIONS = "storage.migrations"
# SQLite serialises writers: wait for the lock instead of failing with "database is locked"
# when the API and several worker processes write at once (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 10_000
PG_POOL_SIZE = 5  # Tortoise's default maxsize for asyncpg pools


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
    elif url.startswith(("postgres://", "asyncpg://")):
        connection = expand_db_url(url)
        if connection["engine"] == "tortoise.backends.asyncpg":
            credentials = connection["credentials"]
            credentials["reset"] = _keep_session
            # The whole pool opens at start-up (init_db), not while the first requests wait
            # (a PostgreSQL connection costs several ms). ?minsize= / ?maxsize= override.
            credentials.setdefault("minsize", credentials.get("maxsize", PG_POOL_SIZE))
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


async def _keep_session(connection: Any) -> None:  # noqa: ARG001 - asyncpg's signature
    """asyncpg pool ``reset``: nothing more than what asyncpg always does on release.

    asyncpg always rolls back an open transaction and drops listeners when a connection goes
    back to the pool; its default reset then also sends ``pg_advisory_unlock_all(); CLOSE
    ALL; UNLISTEN *; RESET ALL``, one more round trip per query. This service uses none of
    those session features on pooled connections, so that round trip is skipped.
    """


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


def single_hop_statements(
    client: Any, instances: tuple[Model, ...]
) -> list[tuple[str, list[Any]]] | None:
    """(INSERT statement, columns) per instance when :func:`insert_together` can run them in
    one hop on ``client``: a SQLite connection outside a transaction, and no value the
    database makes up (a generated primary key, database defaults) to read back. Else None.
    """
    if not isinstance(client, SqliteClient) or isinstance(client, TransactionalDBClient):
        return None  # another backend, or inside a transaction: its statements join it
    statements: list[tuple[str, list[Any]]] = []
    for obj in instances:
        ex = client.executor_class(model=type(obj), db=client)
        # The executor's own choice of statement (primary key given or not; execute_insert).
        columns, sql = (
            (ex.regular_columns_all, ex.insert_query_all)
            if obj._custom_generated_pk
            else (ex.regular_columns, ex.insert_query)
        )
        if obj._meta.pk.generated or ex._has_db_default_values(obj, columns):
            return None
        statements.append((sql, list(columns)))
    return statements


async def insert_together(*instances: Model) -> None:
    """INSERT new model instances (built, not saved) in one transaction: all or none.

    Same rows as ``save(force_create=True)`` of each inside ``in_transaction()`` (Tortoise
    builds the statements and converts the values, and runs the save signals), but on SQLite
    BEGIN, the INSERTs and COMMIT run in one hop to the connection's thread instead of one
    hop each (five for two rows): writers queue on SQLite's single connection, so each hop
    saved is saved for every writer behind it (bench/api.py, the first POSTs at once).
    Other backends, and models with database-side defaults, take the plain path.

    Raises:
        tortoise IntegrityError / OperationalError, as the plain path does.
    """
    client = connections.get("default")
    statements = single_hop_statements(client, instances)
    if statements is None:
        async with in_transaction() as conn:
            for obj in instances:
                await obj.save(using_db=conn, force_create=True)
        return

    for i, obj in enumerate(instances):
        await obj._set_async_default_field()
        await obj._pre_save(client, None)
        sql, columns = statements[i]
        fields_map = obj._meta.fields_map
        values = [fields_map[name].to_db_value(getattr(obj, name), obj) for name in columns]
        statements[i] = (sql, values)

    def run(db: sqlite3.Connection) -> None:
        # The connection is in autocommit mode (isolation_level=None): explicit BEGIN/COMMIT.
        db.execute("BEGIN")
        try:
            for sql, values in statements:
                db.execute(sql, values)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    try:
        # Tortoise's own lock: nothing else uses the connection meanwhile.
        async with client.acquire_connection() as connection:
            # aiosqlite's hand-off of a function to its thread (private; aiosqlite 0.17-0.22).
            await connection._execute(run, connection._conn)
    except sqlite3.IntegrityError as exc:
        raise IntegrityError(exc) from exc
    except sqlite3.OperationalError as exc:
        raise OperationalError(exc) from exc
    for obj in instances:
        obj._saved_in_db = True
        await obj._post_save(client, True, None)
