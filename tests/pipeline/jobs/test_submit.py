"""submit() and the job service in-process, against a real Redis and SQLite (no worker)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from config.settings import get_settings
from pipeline.jobs import (
    JobRequest,
    JobsUnavailable,
    attach_output,
    delete_expired,
    erase,
    erase_job,
    get_job,
    latest_job,
    output_document,
    requeue_stale,
    submit,
    transition,
)
from storage.db import close_db, init_db
from storage.models import Document, DocumentRole, Job, JobStatus
from tests.support.jobs import use_env
from tests.support.processes import free_port

PARSE_MESSAGES = "dramatiq:parse.msgs"  # Dramatiq's hash of queued messages for queue "parse"


def _request(**kw: object) -> JobRequest:
    fields: dict = {
        "channel": "testsink",
        "kind": "generate",
        "data": b"%PDF-1.7 fictional bytes",
        "filename": "cv.pdf",
        "content_type": "application/pdf",
        "requester_id": "user-1",
        "reply_to": {"chat_id": 42},
    }
    fields.update(kw)
    return JobRequest(**fields)


@pytest.fixture(autouse=True)
def _empty_queue(rclient):
    rclient.flushdb()


async def test_submit_stores_input_and_job_then_enqueues_its_id(db, rclient):
    job = await submit(_request(job_description="Python backend", output_format="docx"))

    stored = await get_job(job.id)
    assert stored is not None and stored.status == JobStatus.QUEUED
    assert stored.options["job_description"] == "Python backend"
    assert stored.options["output_format"] == "docx"
    retention = timedelta(days=get_settings().retention_days)
    assert abs(stored.expires_at - stored.created_at - retention) < timedelta(seconds=1)
    document = await output_document(stored, DocumentRole.INPUT)
    assert document is not None and bytes(document.data) == b"%PDF-1.7 fictional bytes"
    assert document.sha256 == stored.input_sha256 and document.size == 24

    messages = rclient.hvals(PARSE_MESSAGES)
    assert len(messages) == 1
    assert str(job.id).encode() in messages[0]
    assert b"fictional" not in messages[0], "messages carry the job id only"


async def test_same_external_id_is_one_job_and_one_message(db, rclient):
    first = await submit(_request(external_id="update-7"))
    again = await submit(_request(external_id="update-7", data=b"other"))
    other_channel = await submit(_request(external_id="update-7", channel="cli"))
    assert again.id == first.id
    assert other_channel.id != first.id
    assert rclient.hlen(PARSE_MESSAGES) == 2
    assert await Job.filter(external_id="update-7").count() == 2


async def test_bad_request_is_a_value_error(db):
    with pytest.raises(ValueError, match="output_format"):
        await submit(_request(output_format="odt"))
    with pytest.raises(ValueError):
        await submit(_request(kind="translate"))


async def test_redis_down_raises_jobs_unavailable_and_leaves_no_job(env, db, rclient):
    with use_env({**env, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}):
        with pytest.raises(JobsUnavailable):
            await submit(_request(external_id="while-redis-down"))
    assert await Job.filter(external_id="while-redis-down").count() == 0
    assert await Document.all().count() == await Job.all().count()
    # Once Redis is back the sender's retry goes through.
    job = await submit(_request(external_id="while-redis-down"))
    assert rclient.hlen(PARSE_MESSAGES) == 1 and job.status == JobStatus.QUEUED


async def test_database_down_raises_jobs_unavailable_and_enqueues_nothing(env, rclient):
    # Tortoise connects lazily: the process started, then the database went away.
    unreachable = f"postgres://postgres@127.0.0.1:{free_port()}/resume"
    with use_env({**env, "DATABASE_URL": unreachable}):
        await init_db(check_migrated=False)
        try:
            with pytest.raises(JobsUnavailable):
                await submit(_request(external_id="while-db-down"))
        finally:
            await close_db()
    assert rclient.hlen(PARSE_MESSAGES) == 0


async def test_latest_job_erase_and_erase_job(db):
    old = await submit(_request(requester_id="erase-me"))
    new = await submit(_request(requester_id="erase-me"))
    keep = await submit(_request(requester_id="someone-else"))
    assert (await latest_job("testsink", "erase-me")).id == new.id

    assert await erase("testsink", "erase-me") == 2
    assert await get_job(old.id) is None and await get_job(new.id) is None
    assert await Document.filter(job_id=new.id).count() == 0, "files go with their job"
    assert await get_job(keep.id) is not None

    assert await erase_job(keep.id) is True
    assert await erase_job(keep.id) is False
    assert await get_job("not-a-uuid") is None


async def test_retention_deletes_only_expired_jobs(db):
    expired = await submit(_request())
    fresh = await submit(_request())
    await Job.filter(id=expired.id).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    assert await delete_expired() == 1
    assert await get_job(expired.id) is None
    assert await Document.filter(job_id=expired.id).count() == 0
    assert await get_job(fresh.id) is not None


async def test_sweeper_re_sends_stale_unfinished_jobs(db, rclient):
    stale = await submit(_request())
    done = await submit(_request())
    recent = await submit(_request())
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    await Job.filter(id=stale.id).update(updated_at=long_ago, status=JobStatus.IMPROVING)
    await Job.filter(id=done.id).update(updated_at=long_ago, status=JobStatus.SUCCEEDED)
    rclient.flushdb()

    assert await requeue_stale(older_than_seconds=600) == 1
    assert rclient.hlen("dramatiq:improve.msgs") == 1
    assert rclient.hlen(PARSE_MESSAGES) == 0
    assert (await get_job(recent.id)).status == JobStatus.QUEUED


async def test_transition_is_conditional_and_attach_output_replaces(db):
    job = await submit(_request())
    stale_copy = await get_job(job.id)
    assert await transition(job, JobStatus.PARSING, attempts=1) is True
    assert (await get_job(job.id)).status == JobStatus.PARSING
    assert await transition(stale_copy, JobStatus.FAILED) is False, "someone moved it first"
    assert await transition(job, JobStatus.SUCCEEDED) is True
    assert await transition(job, JobStatus.QUEUED) is False, "terminal stays terminal"

    await attach_output(job, b"%PDF-1 one", filename="a.pdf", content_type="application/pdf")
    await attach_output(job, b"%PDF-1 two", filename="b.pdf", content_type="application/pdf")
    output = await output_document(job)
    assert bytes(output.data) == b"%PDF-1 two" and output.filename == "b.pdf"
    assert await Document.filter(job_id=job.id, role=DocumentRole.OUTPUT).count() == 1
