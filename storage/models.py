"""Tortoise ORM models: jobs, their files, and webhook subscriptions.

Shapes:
- ``Job``: one resume submitted on one channel; the actors move ``status`` forward and store
  each stage's output as JSON (the pydantic models of ``pipeline.model`` dumped with
  ``model_dump(mode="json")``). Unique on ``(channel, external_id)`` so a redelivered Telegram
  update, a retried Slack event or a duplicate email Message-ID is one job.
- ``Document``: the bytes of an input or an output, stored in the database so any worker on any
  machine reads them and retention deletes them with their job (cascade).
- ``WebhookEndpoint`` / ``WebhookDelivery``: the REST API's subscriptions and every attempt to
  deliver an event to them.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class JobKind(StrEnum):
    """What a job produces: analyze = parse + score; improve = + rewrite; generate = + files."""

    ANALYZE = "analyze"
    IMPROVE = "improve"
    GENERATE = "generate"


class JobStatus(StrEnum):
    """Life of a job; ``succeeded`` and ``failed`` are terminal."""

    QUEUED = "queued"
    PARSING = "parsing"
    IMPROVING = "improving"
    GENERATING = "generating"
    DELIVERING = "delivering"
    SUCCEEDED = "succeeded"
    FAILED = "failed"

    @property
    def terminal(self) -> bool:
        return self in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class DocumentRole(StrEnum):
    INPUT = "input"
    OUTPUT = "output"  # the improved PDF or DOCX
    REPORT = "report"  # the change report PDF


class Job(Model):
    id = fields.UUIDField(primary_key=True)
    kind = fields.CharEnumField(JobKind, max_length=16, default=JobKind.GENERATE)
    status = fields.CharEnumField(JobStatus, max_length=16, default=JobStatus.QUEUED, db_index=True)
    # {"parsing": 0.123, "improving": ...}: seconds spent in each stage.
    stage_timings: dict = fields.JSONField(default=dict)

    channel = fields.CharField(max_length=32)
    # The platform's id of the request (Telegram update, Slack event, Message-ID); None = no dedupe.
    external_id = fields.CharField(max_length=255, null=True)
    requester_id = fields.CharField(max_length=255, null=True, db_index=True)
    reply_to: dict = fields.JSONField(default=dict)
    # {"job_description": str | None, "output_format": "pdf" | "docx", "improver": str}
    options: dict = fields.JSONField(default=dict)

    input_sha256 = fields.CharField(max_length=64, db_index=True)
    filename = fields.CharField(max_length=255, null=True)

    resume: dict | None = fields.JSONField(null=True)
    improved_resume: dict | None = fields.JSONField(null=True)
    analysis_before: dict | None = fields.JSONField(null=True)
    analysis_after: dict | None = fields.JSONField(null=True)
    changes: dict | None = fields.JSONField(null=True)

    error_code = fields.CharField(max_length=64, null=True)
    error_message = fields.TextField(null=True)  # exactly what the user was shown
    # Runs of the current stage (reset at each stage change); see settings.jobs.max_attempts.
    attempts = fields.IntField(default=0)
    cost_usd = fields.FloatField(default=0.0)
    tokens = fields.IntField(default=0)
    improver_name = fields.CharField(max_length=64, null=True)
    improver_version = fields.CharField(max_length=64, null=True)
    reused_from = fields.UUIDField(null=True)

    # Set just before the deliverer posts; delivered_at just after. Together they keep a
    # redelivered deliver message from posting the result twice.
    delivery_started_at = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    notified_at = fields.DatetimeField(null=True)  # on_finished observers were called

    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)
    expires_at = fields.DatetimeField(db_index=True)

    documents: fields.ReverseRelation[Document]

    class Meta:
        table = "job"
        unique_together = (("channel", "external_id"),)

    def __str__(self) -> str:
        return f"Job({self.id}, {self.kind}, {self.status})"


class Document(Model):
    id = fields.UUIDField(primary_key=True)
    job: fields.ForeignKeyRelation[Job] = fields.ForeignKeyField(
        "models.Job", related_name="documents", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(DocumentRole, max_length=16)
    filename = fields.CharField(max_length=255)
    content_type = fields.CharField(max_length=128)
    sha256 = fields.CharField(max_length=64)
    size = fields.IntField()  # bytes
    data = fields.BinaryField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "document"
        unique_together = (("job", "role"),)


class WebhookEndpoint(Model):
    id = fields.UUIDField(primary_key=True)
    url = fields.CharField(max_length=2048)
    event_types: list = fields.JSONField(default=list)  # ["job.succeeded", "job.failed"]
    secret = fields.CharField(max_length=128)  # "whsec_<base64>", Standard Webhooks
    owner_key_hash = fields.CharField(max_length=64, db_index=True)  # sha256 hex of the API key
    enabled = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    deliveries: fields.ReverseRelation[WebhookDelivery]

    class Meta:
        table = "webhook_endpoint"


class WebhookDelivery(Model):
    id = fields.UUIDField(primary_key=True)
    endpoint: fields.ForeignKeyRelation[WebhookEndpoint] = fields.ForeignKeyField(
        "models.WebhookEndpoint", related_name="deliveries", on_delete=fields.CASCADE
    )
    job_id = fields.UUIDField(db_index=True)  # no FK: the record outlives an erased job
    event_type = fields.CharField(max_length=64)
    attempt_count = fields.IntField(default=0)
    last_status_code = fields.IntField(null=True)
    last_error = fields.TextField(null=True)
    next_attempt_at = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_delivery"
