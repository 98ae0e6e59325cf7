"""Outbound webhooks: Standard Webhooks-signed ``job.succeeded`` / ``job.failed`` events.

Importing this package registers :func:`notify` with :func:`pipeline.delivery.on_finished`, so
the worker (``ADAPTER_MODULES`` lists ``bots.webhooks``) enqueues one delivery per subscribed
endpoint whenever a job reaches a terminal state. Subscriptions belong to an API key: an
endpoint hears only about jobs that key submitted (``owner_key_hash == job.requester_id``).
Modules: ``signing`` (signatures), ``ssrf`` (target checks, pinned transport), ``events``
(payloads), ``sender`` (the actor and its retry schedule).
"""

from __future__ import annotations

from bots.webhooks.events import event_type
from bots.webhooks.sender import enqueue
from pipeline import delivery
from storage.models import Job, WebhookEndpoint


async def notify(job: Job) -> None:
    """Enqueue the event of a finished ``job`` for each endpoint subscribed to it.

    Nothing for a running job or another channel's job. If called again for the same job (the
    observer contract allows it) it enqueues again; the sender skips an attempt already
    recorded or an event already delivered, and ``webhook-id`` stays the same for receivers.
    """
    event = event_type(job)
    if event is None or job.channel != "api" or not job.requester_id:
        return
    endpoints = await WebhookEndpoint.filter(owner_key_hash=job.requester_id, enabled=True)
    for endpoint in endpoints:
        if event in (endpoint.event_types or []):
            enqueue(str(endpoint.id), str(job.id), event)


delivery.on_finished(notify)
