"""The job status read: the API's hot path (clients poll it), one job's status columns by id.

On PostgreSQL it is an ORM ``.values()`` query (asyncpg answers on the event loop, no model
objects are built). On SQLite (the default) the API reads through its own stdlib ``sqlite3``
connection, synchronously on the event loop, instead of Tortoise's connection:

- Tortoise shares one SQLite connection per process behind a lock that a transaction holds
  from BEGIN to COMMIT, so a poll queued behind a submission waited for the whole submit
  transaction, including SQLite's busy-wait back-off (1, 2, 5, 10, 15... ms) while a worker
  held the write lock: that was most of the status GET p99 in bench/api.py.
- A primary-key read of eleven columns takes tens of microseconds in SQLite; the hop to
  aiosqlite's thread and back (two wake-ups and a GIL hand-over) cost several times that.

In WAL mode (the database's journal mode) a reader never waits for a writer, so the read does
not block the loop on the worker. Each read runs to completion (``fetchall``) so no read
transaction stays open to hold back WAL checkpoints. The connection is ``query_only`` and has
no busy timeout: if SQLite ever answers "busy" (WAL recovery after a crash) or the file cannot
be read, that read falls back to the ORM path, which waits properly.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from storage.models import Job

log = logging.getLogger(__name__)

# What a status answer and the ownership check need: not the stored resume and analyses
# (large JSON decoded per row).
STATUS_FIELDS = (
    "id",
    "kind",
    "status",
    "stage_timings",
    "channel",
    "requester_id",
    "created_at",
    "updated_at",
    "finished_at",
    "error_code",
    "error_message",
)
_SQL = f'SELECT {", ".join(STATUS_FIELDS)} FROM "job" WHERE "id" = ?'  # noqa: S608 (constants)

Row = dict[str, Any]


class StatusReader:
    """``await reader.read(job_id)``: the job's :data:`STATUS_FIELDS` as a dict, or None."""

    def __init__(self, database_url: str) -> None:
        self._db: sqlite3.Connection | None = None
        path = _sqlite_path(database_url)
        if path is not None:
            try:
                # mode=rw: never create an empty file where the database should be.
                uri = Path(path).resolve().as_uri() + "?mode=rw"
                db = sqlite3.connect(uri, uri=True, isolation_level=None, cached_statements=16)
                db.execute("PRAGMA query_only = 1")
                db.execute("PRAGMA busy_timeout = 0")
                self._db = db
            except sqlite3.Error as exc:
                log.warning("status reads: own SQLite connection unavailable (%s)", exc)

    @property
    def direct(self) -> bool:
        """True when reads go through this reader's own SQLite connection."""
        return self._db is not None

    async def read(self, job_id: uuid.UUID) -> Row | None:
        if self._db is not None:
            try:
                rows = self._db.execute(_SQL, (str(job_id),)).fetchall()
            except sqlite3.Error as exc:
                log.info("status read: SQLite said %s; reading through the ORM", exc)
            else:
                if not rows:
                    return None
                return _from_sqlite(rows[0])
        found = await Job.filter(id=job_id).limit(1).values(*STATUS_FIELDS)
        return found[0] if found else None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _sqlite_path(database_url: str) -> str | None:
    """The file of a ``sqlite://`` URL (as ``storage.db`` reads it); None for anything else."""
    if not database_url.startswith("sqlite://"):
        return None
    path = database_url.removeprefix("sqlite://").split("?", 1)[0]
    return path if path and path != ":memory:" else None


def _from_sqlite(row: tuple[Any, ...]) -> Row:
    """Decode the columns Tortoise stores as text: JSON and ISO timestamps (UTC)."""
    doc = dict(zip(STATUS_FIELDS, row, strict=True))
    timings = doc["stage_timings"]
    doc["stage_timings"] = json.loads(timings) if isinstance(timings, str | bytes) else timings
    for name in ("created_at", "updated_at", "finished_at"):
        value = doc[name]
        if isinstance(value, str):
            stamp = datetime.fromisoformat(value)
            doc[name] = stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)
    return doc
