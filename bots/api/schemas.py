"""Request and response bodies of the REST API, split by purpose.

Jobs: :class:`JobAccepted` (202 on submit), :class:`JobStatusPublic` (polling),
:class:`JobResultPublic` (the outcome). Webhooks: :class:`WebhookEndpointCreate` (request),
:class:`WebhookEndpointPublic` (listing), :class:`WebhookEndpointCreated` (the one answer that
shows the secret). Errors: :class:`Problem` (RFC 9457). Resume text appears only in a job's
result (``resume_before``, ``resume``, the analysis and changes), shown only to the key that sent
the resume; webhook payloads never carry it.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import AnyHttpUrl, BaseModel, Field

from pipeline.model import Analysis, ChangeSet, Resume
from storage.models import JobKind, JobStatus

EventType = Literal["job.succeeded", "job.failed"]
EVENT_TYPES: tuple[EventType, ...] = ("job.succeeded", "job.failed")


class OutputFormat(StrEnum):
    PDF = "pdf"
    DOCX = "docx"


# --- jobs ---------------------------------------------------------------------------------


class JobAccepted(BaseModel):
    job_id: uuid.UUID
    status: JobStatus
    status_url: str = Field(description="Poll this for progress")
    result_url: str = Field(description="The outcome once status is succeeded or failed")


class JobError(BaseModel):
    code: str = Field(description="Stable machine name, e.g. unsupported_type, encrypted")
    message: str = Field(description="What the person was told, plain text")


class JobStatusPublic(BaseModel):
    job_id: uuid.UUID
    kind: JobKind
    status: JobStatus
    stage: str | None = Field(None, description="The stage running now; None when terminal")
    stage_timings: dict[str, float] = Field(
        default_factory=dict, description="Seconds spent in each finished stage"
    )
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None = None
    error: JobError | None = None


class JobLinks(BaseModel):
    status: str
    result: str
    file: str | None = Field(None, description="The improved PDF or DOCX, when one was made")
    report: str | None = Field(None, description="The change report PDF, when one was made")


class SummaryPublic(BaseModel):
    headline: str = Field(description='e.g. "ATS score 62 → 81"')
    items: list[str] = Field(description="Most important first, plain text")


class JobUsage(BaseModel):
    improver: str | None = Field(None, description="Engine that made the changes: rules | gemini")
    improver_version: str | None = Field(None, description="e.g. gemini-1+p1/gemini-2.5-flash")
    tokens: int = Field(0, description="Model tokens (input + output); 0 for the rule engine")
    cost_usd: float = Field(0.0, description="At the configured per-million-token prices")


class JobResultPublic(BaseModel):
    job_id: uuid.UUID
    kind: JobKind
    status: JobStatus
    analysis_before: Analysis | None = None
    analysis_after: Analysis | None = None
    changes: ChangeSet | None = None
    summary: SummaryPublic | None = None
    error: JobError | None = None
    links: JobLinks
    usage: JobUsage | None = Field(None, description="What improving cost (improve/generate)")
    resume_before: Resume | None = Field(
        None,
        description="The resume as parsed from the upload (every kind); null if parsing failed",
    )
    resume: Resume | None = Field(
        None,
        description=(
            "The improved resume (improve/generate): the rewritten text the changes describe, "
            "the same content as the generated file. null for analyze jobs and when the job "
            "failed before improving"
        ),
    )


# --- webhooks -----------------------------------------------------------------------------


class WebhookEndpointCreate(BaseModel):
    url: AnyHttpUrl = Field(description="http(s) URL that receives signed POSTs")
    event_types: list[EventType] = Field(
        default_factory=lambda: list(EVENT_TYPES), min_length=1, max_length=len(EVENT_TYPES)
    )


class WebhookEndpointPublic(BaseModel):
    id: uuid.UUID
    url: str
    event_types: list[str]
    enabled: bool = Field(description="False once the receiver answered 410 Gone")
    created_at: datetime


class WebhookEndpointCreated(WebhookEndpointPublic):
    secret: str = Field(
        description="whsec_<base64> signing key (Standard Webhooks). Shown only in this answer."
    )


class WebhookDeliveryPublic(BaseModel):
    id: uuid.UUID
    job_id: uuid.UUID
    event_type: str
    attempt: int = Field(description="1 for the first attempt, 2 for the first retry...")
    status_code: int | None = Field(None, description="The receiver's HTTP status, if any")
    error: str | None = None
    next_attempt_at: datetime | None = None
    delivered_at: datetime | None = None
    created_at: datetime


# --- health and errors --------------------------------------------------------------------


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    checks: dict[str, str] = Field(default_factory=dict, description='e.g. {"redis": "ok"}')


class Problem(BaseModel):
    """RFC 9457 problem details (``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    code: str = Field(description="Stable machine name of the problem")
    errors: list[dict] | None = Field(None, description="Validation errors (422 only)")
