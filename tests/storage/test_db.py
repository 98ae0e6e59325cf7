"""Migrations and models on SQLite and PostgreSQL (real servers, no generate_schemas)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tortoise.exceptions import IntegrityError

from config.settings import Settings
from storage.db import DatabaseNotMigrated, close_db, init_db, migrate, pending_migrations
from storage.documents import put_document, put_documents
from storage.models import (
    Document,
    DocumentRole,
    Job,
    JobKind,
    JobStatus,
    WebhookDelivery,
    WebhookEndpoint,
)


def _job(**kw: object) -> dict:
    fields: dict = {
        "kind": JobKind.IMPROVE,
        "channel": "telegram",
        "external_id": "update-1",
        "requester_id": "chat-9",
        "reply_to": {"chat_id": 9, "message_id": 3},
        "options": {"job_description": "Go developer", "output_format": "pdf"},
        "input_sha256": "0" * 64,
        "filename": "cv.pdf",
        "expires_at": datetime.now(UTC) + timedelta(days=30),
    }
    fields.update(kw)
    return fields


async def test_unmigrated_database_is_refused_then_migrate_applies_everything(database_url):
    settings = Settings(database_url=database_url)
    with pytest.raises(DatabaseNotMigrated, match="resume-engine migrate"):
        await init_db(settings)

    applied = await migrate(settings)
    assert applied == ["models.0001_initial"]
    assert await migrate(settings) == []

    await init_db(settings)
    try:
        assert await pending_migrations() == []
        await _exercise_models()
    finally:
        await close_db()


async def _exercise_models() -> None:
    job = await Job.create(**_job())
    loaded = await Job.get(id=job.id)
    assert loaded.status == JobStatus.QUEUED and loaded.kind == JobKind.IMPROVE
    assert loaded.reply_to == {"chat_id": 9, "message_id": 3}
    assert loaded.options["job_description"] == "Go developer"

    # A redelivered update on the same channel is refused by the database itself.
    with pytest.raises(IntegrityError):
        await Job.create(**_job())
    await Job.create(**_job(channel="slack"))
    await Job.create(**_job(external_id=None))
    await Job.create(**_job(external_id=None))  # no external id: no dedupe

    data = bytes(range(256)) * 10
    await put_document(job, DocumentRole.INPUT, data, filename="cv.pdf", content_type="x/y")
    replaced = await put_document(
        job, DocumentRole.INPUT, b"v2", filename="cv.pdf", content_type="x/y"
    )
    stored = await Document.filter(job_id=job.id)
    assert [d.id for d in stored] == [replaced.id], "one document per role"
    assert bytes(stored[0].data) == b"v2" and stored[0].size == 2

    # Several roles at once (a stage's outputs): each replaces its role, the others stay.
    await put_document(job, DocumentRole.OUTPUT, b"old", filename="o.pdf", content_type="x/y")
    written = await put_documents(
        job,
        [
            (DocumentRole.OUTPUT, b"out", "cv-improved.pdf", "application/pdf"),
            (DocumentRole.REPORT, b"report", "cv-changes.pdf", "application/pdf"),
        ],
    )
    stored = {d.role: d for d in await Document.filter(job_id=job.id)}
    assert set(stored) == {DocumentRole.INPUT, DocumentRole.OUTPUT, DocumentRole.REPORT}
    assert bytes(stored[DocumentRole.OUTPUT].data) == b"out"
    assert stored[DocumentRole.REPORT].filename == "cv-changes.pdf"
    assert stored[DocumentRole.REPORT].size == 6
    assert {d.id for d in written} == {
        stored[r].id for r in (DocumentRole.OUTPUT, DocumentRole.REPORT)
    }
    assert bytes(stored[DocumentRole.INPUT].data) == b"v2", "other roles are left alone"
    await Document.filter(
        job_id=job.id, role__in=[DocumentRole.OUTPUT, DocumentRole.REPORT]
    ).delete()

    endpoint = await WebhookEndpoint.create(
        url="https://example.com/hook",
        event_types=["job.succeeded"],
        secret="whsec_dGVzdA==",
        owner_key_hash="a" * 64,
    )
    await WebhookDelivery.create(endpoint=endpoint, job_id=job.id, event_type="job.succeeded")

    await job.delete()
    assert await Document.filter(job_id=job.id).count() == 0, "documents cascade with the job"
    assert await WebhookDelivery.filter(job_id=job.id).count() == 1, "delivery log is kept"
