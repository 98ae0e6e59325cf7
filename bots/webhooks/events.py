"""Webhook event payloads: thin, never resume content.

Shape (Standard Webhooks' recommended envelope)::

    {"type": "job.succeeded" | "job.failed",
     "timestamp": "2026-11-29T09:30:00+00:00",   # when the job finished
     "data": {"job_id", "kind", "status", "channel",
              "scores": {"before": int | None, "after": int | None},
              "error": {"code"} | None,
              "links": {"status", "result", "file", "report"}}}

The error *code* is included but not the message (messages may quote the file name).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from bots.api.links import job_links, stored_roles
from storage.models import DocumentRole, Job, JobStatus

SUCCEEDED = "job.succeeded"
FAILED = "job.failed"
# Fixed namespace: the webhook-id of one (endpoint, job, event) is the same on every retry.
_ID_NAMESPACE = uuid.UUID("5b0e1f0a-2c43-4f7e-9d51-7a1f3c2b9e60")


def event_type(job: Job) -> str | None:
    """The event a terminal job raises, or None while it runs."""
    if job.status == JobStatus.SUCCEEDED:
        return SUCCEEDED
    if job.status == JobStatus.FAILED:
        return FAILED
    return None


def message_id(endpoint_id: object, job_id: object, event: str) -> str:
    """``webhook-id``: stable across retries so receivers can drop duplicates."""
    return "msg_" + uuid.uuid5(_ID_NAMESPACE, f"{endpoint_id}:{job_id}:{event}").hex


def _score(analysis: dict | None) -> int | None:
    if not analysis:
        return None
    score = analysis.get("score")
    return int(score) if isinstance(score, int | float) else None


async def build_payload(job: Job, event: str, public_base_url: str) -> bytes:
    """The JSON body for ``event`` about ``job`` (deterministic: same bytes on every retry)."""
    roles = await stored_roles(job.id)
    roles.discard(DocumentRole.INPUT)
    finished = job.finished_at or job.updated_at
    status = job.status.value if isinstance(job.status, JobStatus) else str(job.status)
    data: dict[str, Any] = {
        "job_id": str(job.id),
        "kind": str(job.kind.value if hasattr(job.kind, "value") else job.kind),
        "status": status,
        "channel": job.channel,
        "scores": {"before": _score(job.analysis_before), "after": _score(job.analysis_after)},
        "error": {"code": job.error_code} if job.error_code else None,
        "links": job_links(public_base_url, job, roles),
    }
    body = {"type": event, "timestamp": finished.isoformat(), "data": data}
    return json.dumps(body, separators=(",", ":"), sort_keys=True).encode()
