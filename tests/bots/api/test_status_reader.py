"""The status read (``bots.api.status``) on SQLite (its own connection) and PostgreSQL (the ORM):
the answer must be the one built from the ORM's own ``Job``, field for field."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bots.api.routes.jobs import _status, _status_doc
from config.settings import Settings
from storage.db import close_db, init_db, migrate
from storage.models import Job, JobKind, JobStatus
from storage.status import StatusReader
from tests.support.jobs import postgres_database


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path / 'status.sqlite3'}"
    else:
        with postgres_database() as url:
            yield url


def _fields(**kw: object) -> dict:
    now = datetime.now(UTC)
    fields: dict = {
        "kind": JobKind.ANALYZE,
        "channel": "api",
        "requester_id": "k" * 64,
        "reply_to": {},
        "options": {},
        "input_sha256": "0" * 64,
        "expires_at": now + timedelta(days=30),
    }
    fields.update(kw)
    return fields


async def test_reads_match_the_orm(database_url):
    settings = Settings(database_url=database_url)
    await migrate(settings)
    await init_db(settings)
    reader = StatusReader(database_url)
    try:
        assert reader.direct == database_url.startswith("sqlite://")
        finished = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
        jobs = [
            await Job.create(**_fields()),
            await Job.create(
                **_fields(
                    kind=JobKind.GENERATE,
                    status=JobStatus.IMPROVING,
                    stage_timings={"parse": 0.25, "analyze": 1, "queued:parsing": 0.0012},
                )
            ),
            await Job.create(
                **_fields(
                    status=JobStatus.FAILED,
                    error_code="no_text_layer",
                    error_message="This looks like a scan.",
                    finished_at=finished,
                )
            ),
        ]
        for created in jobs:
            orm = await Job.get(id=created.id)
            row = await reader.read(created.id)
            assert row is not None
            assert (row["channel"], row["requester_id"]) == ("api", "k" * 64)
            assert _status_doc(row).model_dump_json() == _status(orm).model_dump_json()
        failed = _status_doc(await reader.read(jobs[2].id))
        assert failed.finished_at == finished and failed.stage is None
        assert failed.error is not None and failed.error.code == "no_text_layer"
        assert await reader.read(uuid.uuid4()) is None
    finally:
        reader.close()
        await close_db()


async def test_sqlite_reads_fall_back_to_the_orm(tmp_path):
    """If the reader's own connection fails, the read goes through Tortoise instead."""
    url = f"sqlite://{tmp_path / 'fallback.sqlite3'}"
    settings = Settings(database_url=url)
    await migrate(settings)
    await init_db(settings)
    reader = StatusReader(url)
    try:
        job = await Job.create(**_fields(status=JobStatus.PARSING))
        assert reader.direct
        reader._db.close()  # every direct read now raises sqlite3.ProgrammingError
        row = await reader.read(job.id)
        assert row is not None
        assert _status_doc(row).model_dump_json() == _status(job).model_dump_json()
    finally:
        reader.close()
        await close_db()


def test_a_missing_sqlite_file_is_not_created(tmp_path):
    path = tmp_path / "absent.sqlite3"
    reader = StatusReader(f"sqlite://{path}")
    assert not reader.direct and not path.exists()
