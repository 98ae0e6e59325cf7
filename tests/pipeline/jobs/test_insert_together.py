"""storage.db.insert_together, the store behind submit(): all rows or none, on real SQLite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from storage.db import insert_together, single_hop_statements
from storage.models import Document, DocumentRole, Job, JobKind, JobStatus


def _job(**kw: object) -> Job:
    return Job(
        kind=JobKind.ANALYZE,
        status=JobStatus.QUEUED,
        channel="testsink",
        requester_id="insert-together",
        reply_to={"chat_id": 1},
        options={"output_format": "pdf"},
        input_sha256="0" * 64,
        expires_at=datetime.now(UTC) + timedelta(days=1),
        **kw,
    )


def _document(job: Job, data: bytes = b"bytes") -> Document:
    return Document(
        job_id=job.id,
        role=DocumentRole.INPUT,
        filename="cv.pdf",
        content_type="application/pdf",
        sha256="0" * 64,
        size=len(data),
        data=data,
    )


async def test_rows_are_stored_as_save_would_store_them(db):
    job = _job(external_id="together-1")
    await insert_together(job, _document(job, b"\x00binary\xff"))

    stored = await Job.get(id=job.id)
    assert stored.reply_to == {"chat_id": 1} and stored.options == {"output_format": "pdf"}
    assert stored.created_at is not None and stored.status == JobStatus.QUEUED
    assert job.created_at == stored.created_at  # auto_now_add set on the instance too
    document = await Document.get(job_id=job.id, role=DocumentRole.INPUT)
    assert bytes(document.data) == b"\x00binary\xff"


async def test_a_failing_row_leaves_none_of_them(db):
    first = _job()
    kept = _document(first)
    await insert_together(first, kept)

    second = _job(external_id="together-2")
    clash = _document(second)
    clash.id = kept.id  # a duplicate primary key: the second INSERT fails
    with pytest.raises(IntegrityError):
        await insert_together(second, clash)
    assert not await Job.exists(id=second.id)
    # The connection is usable afterwards (no transaction left open).
    again = _job(external_id="together-2")
    await insert_together(again, _document(again))
    assert await Job.filter(external_id="together-2").count() == 1


async def test_a_repeated_external_id_is_an_integrity_error_and_stores_nothing(db):
    job = _job(external_id="together-3")
    await insert_together(job, _document(job))
    repeat = _job(external_id="together-3")
    with pytest.raises(IntegrityError):
        await insert_together(repeat, _document(repeat))
    assert await Job.filter(external_id="together-3").count() == 1
    assert not await Document.exists(job_id=repeat.id)


async def test_submit_rows_on_sqlite_take_the_single_hop_path_outside_transactions(db):
    job = _job()
    statements = single_hop_statements(connections.get("default"), (job, _document(job)))
    assert statements is not None
    assert [sql.split()[:3] for sql, _ in statements] == [
        ["INSERT", "INTO", '"job"'],
        ["INSERT", "INTO", '"document"'],
    ]
    async with in_transaction() as conn:
        assert single_hop_statements(conn, (job,)) is None


async def test_inside_a_transaction_the_rows_join_it(db):
    job = _job(external_id="together-4")

    class Undo(Exception):
        pass

    with pytest.raises(Undo):
        async with in_transaction():
            await insert_together(job, _document(job))
            assert await Job.exists(id=job.id)
            raise Undo
    assert not await Job.exists(id=job.id)
