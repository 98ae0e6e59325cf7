"""The asyncio enqueue path (pipeline.broker.enqueue_async, used by submit) against a real Redis:
the same Redis writes as the sync broker's enqueue, and a real worker runs what it sends."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import dramatiq
import pytest
import redis.asyncio as aioredis

from config.settings import Settings
from pipeline.broker import DoorbellRedisBroker, build_broker, enqueue_async
from storage.documents import put_document, sha256
from storage.models import DocumentRole, Job, JobKind, JobStatus
from tests.pipeline.jobs.conftest import wait_terminal
from tests.support.processes import ROOT, RedisServer

QUEUE = "async-enqueue-test"
SAMPLE = ROOT / "examples" / "sample-resume.pdf"


@pytest.fixture
async def pair(redis_srv: RedisServer) -> AsyncIterator[tuple[DoorbellRedisBroker, aioredis.Redis]]:
    built = build_broker(Settings(redis_url=redis_srv.url))
    client = aioredis.Redis.from_url(redis_srv.url)
    for name in (QUEUE, f"{QUEUE}.DQ"):
        built.client.delete(f"dramatiq:{name}", f"dramatiq:{name}.msgs", f"dramatiq:bell:{name}")
    yield built, client
    await client.aclose()
    built.client.close()


def _message(value: int) -> dramatiq.Message:
    return dramatiq.Message(
        queue_name=QUEUE, actor_name="noop", args=(value,), kwargs={}, options={}
    )


def _stored(broker: DoorbellRedisBroker, queue: str) -> list[dict]:
    """The queued messages of ``queue`` as Redis holds them, in queue order."""
    ids = broker.client.lrange(f"dramatiq:{queue}", 0, -1)
    return [json.loads(broker.client.hget(f"dramatiq:{queue}.msgs", i)) for i in ids]


def _shape(stored: dict) -> dict:
    """A stored message without what differs per message (ids, times, arguments)."""
    options = {k: v for k, v in stored["options"].items() if k not in ("redis_message_id", "eta")}
    return {
        **{k: v for k, v in stored.items() if k not in ("message_id", "message_timestamp", "args")},
        "options": options,
    }


async def test_async_enqueue_writes_what_the_sync_enqueue_writes(pair):
    broker, client = pair
    broker.client.script_flush()  # the first async send meets NOSCRIPT and loads the script
    sent = await broker.enqueue_async(_message(1), client)
    broker.enqueue(_message(2))
    await broker.enqueue_async(_message(3), client)  # the script is cached: one pipeline

    stored = _stored(broker, QUEUE)
    assert [m["args"] for m in stored] == [[1], [2], [3]]
    assert _shape(stored[0]) == _shape(stored[1]) == _shape(stored[2])
    assert stored[0]["options"]["redis_message_id"] == sent.options["redis_message_id"]
    assert stored[0]["message_id"] == sent.message_id
    # Each path rings the doorbell once per message, NOSCRIPT fallback included.
    assert broker.client.llen(f"dramatiq:bell:{QUEUE}") == 3

    consumer = broker.consume(QUEUE, prefetch=4, timeout=100)
    got = [next(consumer) for _ in range(3)]
    assert sorted(m.args[0] for m in got if m is not None) == [1, 2, 3]
    for message in got:
        consumer.ack(message)
    assert broker.client.hlen(f"dramatiq:{QUEUE}.msgs") == 0


async def test_delayed_async_enqueue_goes_to_the_delay_queue_like_the_sync_one(pair):
    broker, client = pair
    await broker.enqueue_async(_message(1), client, delay=60_000)
    broker.enqueue(_message(2), delay=60_000)

    assert broker.client.llen(f"dramatiq:{QUEUE}") == 0
    stored = _stored(broker, f"{QUEUE}.DQ")
    assert [m["args"] for m in stored] == [[1], [2]]
    assert _shape(stored[0]) == _shape(stored[1])
    assert stored[0]["queue_name"] == f"{QUEUE}.DQ"
    assert abs(stored[0]["options"]["eta"] - stored[1]["options"]["eta"]) < 60_000


async def test_a_real_worker_runs_a_job_sent_by_enqueue_async(db, worker):
    from pipeline.actors import parse_resume

    # The job as submit() stores it, sent by the asyncio path alone.
    data = SAMPLE.read_bytes()
    job = await Job.create(
        kind=JobKind.ANALYZE,
        status=JobStatus.QUEUED,
        channel="testsink",
        requester_id="async-enqueue",
        reply_to={},
        options={"job_description": None, "output_format": "pdf", "reuse": False},
        input_sha256=sha256(data),
        filename="sample-resume.pdf",
        expires_at=datetime.now(UTC) + timedelta(days=1),
    )
    await put_document(
        job, DocumentRole.INPUT, data, filename="sample-resume.pdf", content_type="application/pdf"
    )

    message = await enqueue_async(parse_resume, str(job.id))
    assert message.args == (str(job.id),)

    done = await wait_terminal(job.id, worker=worker)
    assert done.status == JobStatus.SUCCEEDED, done.error_code
