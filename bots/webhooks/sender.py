"""The Dramatiq actor that delivers one webhook event to one endpoint, with retries.

Each attempt: load the endpoint and the job, build the thin payload, sign it (Standard
Webhooks), POST it through the SSRF-guarded :class:`PinnedTransport` with
``settings.webhooks.timeout_seconds`` (15 s) and no redirects, and record a ``WebhookDelivery``
row (one row per attempt: ``attempt_count`` is the attempt number). Outcomes:

- 2xx: delivered (``delivered_at`` set), done.
- 410 Gone: the receiver asked us to stop: the endpoint is disabled, no retry.
- refused by the SSRF guard (non-public address, bad scheme): recorded, no retry.
- anything else (other status, timeout, connection error, DNS failure): the next attempt is
  scheduled after ``settings.webhooks.retry_schedule_seconds[attempt - 1]`` (5 s, 5 min,
  30 min, 2 h, 5 h, 10 h by default); after the last one the event is given up.

The HTTP outcome never raises into Dramatiq: its own retries (``max_retries``) only cover the
infrastructure failing under us (database down), so the two schedules never stack.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from datetime import UTC, datetime, timedelta

import dramatiq
import httpx

from bots.webhooks import signing
from bots.webhooks.events import build_payload, message_id
from bots.webhooks.ssrf import PinnedTransport, TargetRefused, Unresolvable
from config.settings import Settings, get_settings
from pipeline.broker import broker  # noqa: F401  (the broker must exist before any actor)
from storage.models import Job, WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)

QUEUE = "webhooks"
USER_AGENT = "resume-engine-webhooks/1"
_ERROR_MAX = 500  # characters of an error kept on the delivery row


async def post_event(
    url: str, body: bytes, msg_id: str, secret: str, settings: Settings
) -> httpx.Response:
    """POST one signed event; raises httpx errors and :class:`TargetRefused`."""
    transport = PinnedTransport(allow_private=settings.webhooks.allow_private_targets)
    headers = signing.headers(secret, msg_id, int(time.time()), body)
    headers["user-agent"] = USER_AGENT
    async with httpx.AsyncClient(
        transport=transport,
        timeout=settings.webhooks.timeout_seconds,
        follow_redirects=False,
    ) as client:
        return await client.post(url, content=body, headers=headers)


async def attempt_delivery(
    endpoint_id: str, job_id: str, event: str, attempt: int, settings: Settings | None = None
) -> WebhookDelivery | None:
    """Make attempt number ``attempt``; returns the recorded row (None if nothing to do).

    Idempotent: an event already delivered, or an attempt already recorded, is not sent again
    (Dramatiq delivers at least once).
    """
    settings = settings or get_settings()
    endpoint = await WebhookEndpoint.get_or_none(id=endpoint_id)
    if endpoint is None or not endpoint.enabled:
        return None
    done = WebhookDelivery.filter(endpoint_id=endpoint.id, job_id=job_id, event_type=event)
    if await done.filter(delivered_at__not_isnull=True).exists():
        return None
    if await done.filter(attempt_count=attempt).exists():
        return None
    job = await Job.get_or_none(id=job_id)
    record = WebhookDelivery(
        id=uuid.uuid4(), endpoint=endpoint, job_id=job_id, event_type=event, attempt_count=attempt
    )
    if job is None:  # erased before we could tell anyone: nothing to send, and nothing to leak
        record.last_error = "the job was erased before delivery"
        await record.save()
        return record

    body = await build_payload(job, event, settings.api.public_base_url)
    retry = False
    try:
        response = await post_event(
            endpoint.url, body, message_id(endpoint.id, job_id, event), endpoint.secret, settings
        )
    except TargetRefused as exc:
        record.last_error = f"refused: {exc}"[:_ERROR_MAX]
        retry = isinstance(exc, Unresolvable)  # DNS may come back; a policy refusal will not
    except httpx.HTTPError as exc:
        record.last_error = f"{type(exc).__name__}: {exc}"[:_ERROR_MAX]
        retry = True
    else:
        record.last_status_code = response.status_code
        if 200 <= response.status_code < 300:
            record.delivered_at = datetime.now(UTC)
        elif response.status_code == 410:
            record.last_error = "the receiver answered 410 Gone: endpoint disabled"
            endpoint.enabled = False
            await endpoint.save(update_fields=["enabled"])
        else:
            record.last_error = f"HTTP {response.status_code}"
            retry = True

    schedule = settings.webhooks.retry_schedule_seconds
    delay: float | None = None
    if retry and attempt <= len(schedule):
        delay = float(schedule[attempt - 1])
        record.next_attempt_at = datetime.now(UTC) + timedelta(seconds=delay)
    await record.save()
    log.info(
        "webhook %s attempt %d to endpoint %s: %s",
        event,
        attempt,
        endpoint.id,
        "delivered" if record.delivered_at else (record.last_error or "failed"),
    )
    if delay is not None:
        # The broker's Redis client is synchronous: keep it off the worker's event loop.
        await asyncio.to_thread(
            deliver_webhook.send_with_options,
            args=(endpoint_id, job_id, event, attempt + 1),
            delay=int(delay * 1000),
        )
    return record


@dramatiq.actor(
    actor_name="deliver_webhook",
    queue_name=QUEUE,
    max_retries=5,  # infrastructure failures only (database down); see the module docstring
    min_backoff=1_000,
    max_backoff=60_000,
    # A 15 s request plus database work; the limit is enforced per message (ms).
    time_limit=60_000,
)
async def deliver_webhook(endpoint_id: str, job_id: str, event: str, attempt: int = 1) -> None:
    """Dramatiq entry point: one delivery attempt (ids only in the message)."""
    await attempt_delivery(endpoint_id, job_id, event, attempt)


def enqueue(endpoint_id: str, job_id: str, event: str) -> None:
    """Queue the first attempt of ``event`` for one endpoint."""
    deliver_webhook.send(endpoint_id, job_id, event, 1)
