"""End to end through a real Dramatiq worker on a real Redis and SQLite."""

from __future__ import annotations

import asyncio
import time

import pymupdf

from pipeline.actors import deliver_result, enqueue, generate_resume, improve_resume, parse_resume
from pipeline.jobs import JobRequest, get_job, output_document, submit
from storage.models import DocumentRole, JobStatus
from tests.pipeline.jobs.conftest import events_for, wait_terminal
from tests.support.jobs import resume_pdf


def _request(data: bytes, **kw: object) -> JobRequest:
    fields: dict = {
        "channel": "testsink",
        "kind": "generate",
        "data": data,
        "filename": "alex.pdf",
        "content_type": "application/pdf",
        "requester_id": "u1",
        "reply_to": {"chat": 1},
    }
    fields.update(kw)
    return JobRequest(**fields)


async def test_generate_job_runs_every_stage_and_delivers_once(worker, db, rclient):
    job = await submit(_request(resume_pdf("worker-generate")))
    assert job.status == JobStatus.QUEUED

    done = await wait_terminal(job.id, worker=worker)

    assert done.status == JobStatus.SUCCEEDED, (done.error_code, worker.output()[-2000:])
    assert done.delivered_at is not None
    assert done.analysis_before["score"] <= done.analysis_after["score"]
    assert done.changes["changes"], "the rule improver rewrites the weak openers"
    timings = done.stage_timings
    assert {k for k in timings if not k.startswith("queued:")} == {
        "parsing",
        "improving",
        "generating",
    }
    assert {"queued:parsing", "queued:improving", "queued:generating"} <= set(timings)
    output = await output_document(done)
    assert output is not None and output.filename == "alex-improved.pdf"
    with pymupdf.open(stream=bytes(output.data), filetype="pdf") as pdf:
        text = "".join(page.get_text() for page in pdf)
    assert "Alex Example" in text
    report = await output_document(done, DocumentRole.REPORT)
    assert report is not None and bytes(report.data).startswith(b"%PDF")

    stages = [e["stage"] for e in events_for(rclient, job.id, "progress")]
    assert stages == ["parsing", "improving", "generating", "delivering"]
    assert len(events_for(rclient, job.id, "deliver")) == 1
    assert len(events_for(rclient, job.id, "finished")) == 1


async def test_analyze_job_stops_after_scoring(worker, db, rclient):
    job = await submit(_request(resume_pdf("worker-analyze"), kind="analyze"))
    done = await wait_terminal(job.id, worker=worker)
    assert done.status == JobStatus.SUCCEEDED
    assert done.analysis_before is not None and done.improved_resume is None
    assert await output_document(done) is None
    assert [e["stage"] for e in events_for(rclient, job.id, "progress")] == [
        "parsing",
        "delivering",
    ]


async def test_parser_refusal_fails_at_once_and_tells_the_user(worker, db, rclient):
    job = await submit(_request(b"this is not a resume file at all", filename="notes.pdf"))
    done = await wait_terminal(job.id, worker=worker)
    assert done.status == JobStatus.FAILED
    assert done.error_code in {"unsupported_type", "corrupt"}
    assert "PDF" in done.error_message
    assert f"parse_resume('{job.id}')" not in worker.output(), "a refusal is not retried"
    assert len(events_for(rclient, job.id, "fail")) == 1
    assert events_for(rclient, job.id, "deliver") == []


async def test_identical_input_reuses_the_succeeded_job(worker, db, rclient):
    data = resume_pdf("worker-reuse")
    first = await wait_terminal((await submit(_request(data))).id)
    second = await wait_terminal((await submit(_request(data, filename="again.pdf"))).id)
    assert second.status == JobStatus.SUCCEEDED
    assert second.reused_from == first.id
    assert "reused" in second.stage_timings  # no parse, no improve
    assert "parsing" not in second.stage_timings and "improving" not in second.stage_timings
    output = await output_document(second)
    assert output is not None and output.filename == "again-improved.pdf"
    assert output.sha256 == (await output_document(first)).sha256

    fresh = await wait_terminal((await submit(_request(data, reuse=False))).id)
    assert fresh.reused_from is None and "parsing" in fresh.stage_timings


async def test_redelivered_messages_of_a_finished_job_are_no_ops(worker, db, rclient):
    job = await submit(_request(resume_pdf("worker-duplicates")))
    done = await wait_terminal(job.id, worker=worker)
    for actor in (parse_resume, improve_resume, generate_resume, deliver_result):
        enqueue(actor, job.id)  # what at-least-once delivery may do after a crash
    await _drained(rclient)
    again = await get_job(job.id)
    assert again.status == JobStatus.SUCCEEDED and again.updated_at == done.updated_at
    assert len(events_for(rclient, job.id, "deliver")) == 1
    assert len(events_for(rclient, job.id, "finished")) == 1


async def test_delivery_retry_then_success_and_gone_user(worker, db, rclient):
    flaky = await submit(_request(resume_pdf("worker-flaky"), filename="flaky-cv.pdf"))
    gone = await submit(_request(resume_pdf("worker-gone"), filename="gone-cv.pdf"))
    flaky_done = await wait_terminal(flaky.id, worker=worker)
    gone_done = await wait_terminal(gone.id, worker=worker)

    assert flaky_done.status == JobStatus.SUCCEEDED and flaky_done.delivered_at is not None
    assert len(events_for(rclient, flaky.id, "retry")) == 1
    assert len(events_for(rclient, flaky.id, "deliver")) == 1

    assert gone_done.status == JobStatus.SUCCEEDED, "the work is done; only the post is gone"
    assert gone_done.delivered_at is None
    assert len(events_for(rclient, gone.id, "gone")) == 1, "no retry after DeliveryGone"


async def _drained(client, timeout: float = 30.0) -> None:
    """Wait until no message is queued, delayed or unacknowledged on any job queue (the
    hourly maintenance chain always has one delayed message)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        keys = [k for k in client.scan_iter("dramatiq:*.msgs") if b"maintenance" not in k]
        if not any(client.hlen(key) for key in keys):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("queues not drained")
