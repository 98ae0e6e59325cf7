"""Test-only worker module: the ``testsink`` channel and a fault-injection hook.

Loaded by a real worker through ``JOBS__EXTRA_ADAPTER_MODULES=tests.support.sink``; never by
production code. Every deliverer call is appended to the Redis list ``testsink:events`` of the
worker's own Redis (``REDIS_URL``) as JSON ``{"event", "job_id", "stage", "status"}``, so a test
counts deliveries across worker restarts and Redis restarts (use a persistent Redis for those).

Fault hooks, chosen by the input file name (the test decides, per job):
- ``flaky-*``: the first ``deliver`` raises ``DeliveryRetry`` (a 429), the next one works.
- ``gone-*``: ``deliver`` raises ``DeliveryGone`` (the user blocked the bot).
- ``poison-*``: the worker process dies (``os._exit``) at the start of parsing, every time.
- ``slow-*``: parsing records ``{"event": "slow", "pgid"}`` (the worker's process group) and
  sleeps ``SLOW_SECONDS`` first: time to SIGKILL that worker mid-job.
"""

from __future__ import annotations

import asyncio
import json
import os
import uuid

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from config.settings import get_settings
from pipeline.actors import add_stage_hook
from pipeline.delivery import DeliveryGone, DeliveryRetry, on_finished, register
from storage.models import Job

EVENTS = "testsink:events"
SLOW_SECONDS = 2.0
# Rides out a Redis restart (fault tests) instead of failing the delivery being recorded.
_client = redis.Redis.from_url(
    get_settings().redis_url,
    retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), 40),
    retry_on_error=[redis.ConnectionError, redis.TimeoutError],
)


def _record(event: str, job: Job, stage: str | None = None) -> None:
    # "call" identifies this deliverer call: a push retried after a lost reply (Redis restart)
    # may land twice, and events() keeps one, so only real double deliveries count twice.
    payload = {
        "event": event,
        "job_id": str(job.id),
        "stage": stage,
        "status": str(job.status),
        "call": uuid.uuid4().hex,
    }
    _client.rpush(EVENTS, json.dumps(payload))


def _seen(job: Job) -> bool:
    """True from the second call for this job on (first delivery attempt fails)."""
    return not _client.set(f"testsink:seen:{job.id}", 1, nx=True)


class SinkDeliverer:
    async def progress(self, job: Job, stage: str) -> None:
        await asyncio.to_thread(_record, "progress", job, stage)

    async def deliver(self, job: Job) -> None:
        name = job.filename or ""
        if name.startswith("gone-"):
            await asyncio.to_thread(_record, "gone", job)
            raise DeliveryGone("the test user blocked the bot")
        if name.startswith("flaky-") and not await asyncio.to_thread(_seen, job):
            await asyncio.to_thread(_record, "retry", job)
            raise DeliveryRetry("429 from the test platform", retry_after=0.2)
        await asyncio.to_thread(_record, "deliver", job)

    async def fail(self, job: Job) -> None:
        await asyncio.to_thread(_record, "fail", job)


async def _faults(job: Job, stage: str) -> None:
    name = job.filename or ""
    if stage == "parsing" and name.startswith("poison-"):
        os._exit(9)  # like the OOM killer: no cleanup, no ack
    if stage == "parsing" and name.startswith("slow-"):
        # Tell the test which worker process group holds the job (to SIGKILL that one).
        payload = {
            "event": "slow",
            "job_id": str(job.id),
            "pgid": os.getpgid(0),
            "call": uuid.uuid4().hex,
        }
        await asyncio.to_thread(_client.rpush, EVENTS, json.dumps(payload))
        await asyncio.sleep(SLOW_SECONDS)


async def _finished(job: Job) -> None:
    if job.channel == "testsink":
        await asyncio.to_thread(_record, "finished", job)


register("testsink", SinkDeliverer())
on_finished(_finished)
add_stage_hook(_faults)


def events(client: redis.Redis) -> list[dict]:
    """Every recorded call, oldest first (a push repeated by a client retry counted once)."""
    seen: set[str] = set()
    out = []
    for raw in client.lrange(EVENTS, 0, -1):
        event = json.loads(raw)
        call = event.get("call") or raw.decode()
        if call not in seen:
            seen.add(call)
            out.append(event)
    return out
