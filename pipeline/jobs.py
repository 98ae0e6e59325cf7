"""The job service: the one entry point every channel calls.

``submit`` stores the input document and the job row in one transaction, then enqueues the
first actor with the job id only. Everything else here reads or erases jobs.

Failure model (what callers rely on):
- Database or Redis down -> :class:`JobsUnavailable` (transient; answer SMTP 451 / HTTP 503).
  Nothing half-written: the input and the job commit together or not at all; if the enqueue
  fails after the commit the job is deleted again, and if even that fails the job stays
  ``queued`` and the periodic sweeper (:func:`requeue_stale`) enqueues it: an accepted job is
  never silently dropped.
- A repeated ``(channel, external_id)`` returns the existing job and enqueues nothing.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import redis
from dramatiq.errors import BrokerConnectionError
from tortoise.exceptions import (
    DBConnectionError,
    DoesNotExist,
    IntegrityError,
    OperationalError,
    ValidationError,
)
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from config.settings import get_settings
from storage.db import insert_together
from storage.documents import DOCX, PDF, get_document, put_document, sha256
from storage.models import Document, DocumentRole, Job, JobKind, JobStatus

log = logging.getLogger(__name__)

OUTPUT_FORMATS = ("pdf", "docx")
CONTENT_TYPES = {"pdf": PDF, "docx": DOCX}

# What "the database is unreachable" looks like through Tortoise: asyncpg raises OSError
# subclasses (refused, DNS) or timeouts; SQLite raises OperationalError (unopenable file).
_DB_DOWN: tuple[type[BaseException], ...] = (
    OSError,
    DBConnectionError,
    OperationalError,
    asyncio.TimeoutError,
)


class JobsUnavailable(Exception):
    """The database or Redis is unreachable; nothing was stored. Try again later."""


@dataclass(frozen=True)
class JobRequest:
    """What an adapter hands to :func:`submit`.

    ``data`` is the file as received (the parser decides its type by content and enforces
    ``settings.limits``). ``external_id`` is the platform's id of the request (Telegram
    ``update_id``/chat/message, Slack event id, email Message-ID); None disables dedupe.
    ``reply_to`` is the channel's reply address (shapes in docs/contracts.md). ``reuse=False``
    forces a fresh run even if an identical succeeded job exists.
    """

    channel: str
    kind: JobKind | str
    data: bytes
    filename: str | None = None
    content_type: str | None = None
    external_id: str | None = None
    requester_id: str | None = None
    reply_to: dict[str, Any] = field(default_factory=dict)
    job_description: str | None = None
    output_format: str = "pdf"
    reuse: bool = True


def _validate(req: JobRequest) -> JobKind:
    if not req.channel:
        raise ValueError("JobRequest.channel is required")
    if req.output_format not in OUTPUT_FORMATS:
        raise ValueError(
            f"output_format must be one of {OUTPUT_FORMATS}, not {req.output_format!r}"
        )
    if not isinstance(req.data, bytes | bytearray):
        raise ValueError("JobRequest.data must be bytes")
    return JobKind(req.kind)


async def submit(req: JobRequest) -> Job:
    """Store the input and a queued job in one transaction, then enqueue ``parse_resume``.

    Returns:
        The new job, or the existing one when ``(channel, external_id)`` was seen before.
    Raises:
        JobsUnavailable: database or Redis unreachable; nothing is left half-written.
        ValueError: the request itself is malformed (a programming error in the adapter).
    """
    kind = _validate(req)
    settings = get_settings()
    try:
        # No look-up first: the unique (channel, external_id) constraint detects a repeat
        # (IntegrityError below), so a new job, by far the common case, costs one transaction.
        now = datetime.now(UTC)
        data = bytes(req.data)
        job = Job(
            kind=kind,
            status=JobStatus.QUEUED,
            channel=req.channel,
            external_id=req.external_id,
            requester_id=req.requester_id,
            reply_to=dict(req.reply_to),
            options={
                "job_description": req.job_description,
                "output_format": req.output_format,
                "reuse": req.reuse,
            },
            input_sha256=sha256(data),
            filename=req.filename,
            expires_at=now + timedelta(days=settings.retention_days),
        )
        document = Document(
            job_id=job.id,
            role=DocumentRole.INPUT,
            filename=req.filename or "resume",
            content_type=req.content_type or "application/octet-stream",
            sha256=job.input_sha256,
            size=len(data),
            data=data,
        )
        # One transaction (on SQLite a single hop to the connection's thread).
        await insert_together(job, document)
    except IntegrityError:
        # A repeat of a request seen before (or racing with this one): the stored job wins.
        try:
            existing = await Job.get_or_none(channel=req.channel, external_id=req.external_id)
        except _DB_DOWN as exc:
            raise JobsUnavailable("the job database is unavailable; try again later") from exc
        if existing is None or req.external_id is None:
            raise
        return existing
    except _DB_DOWN as exc:
        log.warning("submit: database unavailable (%s)", type(exc).__name__)
        raise JobsUnavailable("the job database is unavailable; try again later") from exc

    try:
        from pipeline.actors import parse_resume
        from pipeline.broker import enqueue_async

        # On this loop's asyncio client (pipeline.broker.enqueue_async): the same writes as
        # pipeline.actors.enqueue without a hop through the thread pool.
        await enqueue_async(parse_resume, str(job.id))
    except (redis.RedisError, BrokerConnectionError, OSError) as exc:
        log.warning(
            "submit: Redis unavailable (%s); withdrawing job %s", type(exc).__name__, job.id
        )
        try:
            await job.delete()
        except _DB_DOWN:
            log.warning("submit: job %s stays queued for the sweeper", job.id)
        raise JobsUnavailable("the job queue is unavailable; try again later") from exc
    return job


class _RollBack(Exception):
    """Raised inside the warm-up transaction to undo it."""


async def warm_up(connections: int = 1) -> None:
    """Pay the first-use costs of :func:`submit` before the first request (API start-up).

    Imports the actors, opens ``connections`` connections of this loop's Redis client (about
    the submissions expected at once), caches the enqueue script on the server, and runs
    submit's two inserts in a transaction that is rolled back (opens the database
    connection, builds and caches the insert statements). Best effort: a failure is logged,
    and the first submissions pay the cost (or answer 503) as they would have anyway.
    """
    from pipeline.actors import parse_resume  # noqa: F401 - the import is the warm-up
    from pipeline.broker import warm_up_async_client

    try:
        await warm_up_async_client(connections)
    except (redis.RedisError, OSError) as exc:
        log.warning("warm-up: Redis unavailable (%s)", type(exc).__name__)
    try:
        async with in_transaction() as conn:
            job = await Job.create(
                kind=JobKind.ANALYZE,
                status=JobStatus.QUEUED,
                channel="warm-up",
                reply_to={},
                options={},
                input_sha256=sha256(b""),
                expires_at=datetime.now(UTC),
                using_db=conn,
            )
            await put_document(
                job,
                DocumentRole.INPUT,
                b"",
                filename="warm-up",
                content_type="application/octet-stream",
                using_db=conn,
                replace=False,
            )
            raise _RollBack
    except _RollBack:
        pass
    except (*_DB_DOWN, IntegrityError) as exc:  # type: ignore[misc]
        log.warning("warm-up: database unavailable (%s)", type(exc).__name__)


async def get_job(job_id: UUID | str) -> Job | None:
    """The job, or None if unknown, erased or not a valid id (checked before querying:
    PostgreSQL would reject a malformed uuid with an error, not an empty result)."""
    try:
        key = job_id if isinstance(job_id, UUID) else UUID(str(job_id))
        return await Job.get_or_none(id=key)
    except (ValueError, ValidationError, DoesNotExist):
        return None


async def latest_job(channel: str, requester_id: str) -> Job | None:
    """The requester's most recent job on ``channel`` (``/status`` in chat adapters)."""
    return (
        await Job.filter(channel=channel, requester_id=requester_id).order_by("-created_at").first()
    )


async def output_document(
    job: Job, role: DocumentRole | str = DocumentRole.OUTPUT
) -> Document | None:
    """The job's ``output`` (improved PDF/DOCX), ``report`` or ``input`` document, or None."""
    return await get_document(job.id, DocumentRole(role))


async def transition(job: Job, status: JobStatus | str, **fields: Any) -> bool:
    """Move ``job`` from the status it has in memory to ``status``, setting ``fields``.

    For administrative moves and tests; the actors move jobs themselves. Refused (False) when
    the job is terminal or when another process moved it first (the update is conditional on
    the status the caller saw).
    """
    if JobStatus(job.status).terminal:
        return False
    moved = await Job.filter(id=job.id, status=job.status).update(
        status=JobStatus(status), updated_at=datetime.now(UTC), **fields
    )
    if not moved:
        return False
    job.status = JobStatus(status)
    for name, value in fields.items():
        setattr(job, name, value)
    return True


async def attach_output(
    job: Job, data: bytes, *, filename: str, content_type: str, role: DocumentRole | str = "output"
) -> Document:
    """Store ``data`` as the job's ``output`` (or ``report``) document, replacing an earlier one."""
    return await put_document(
        job, DocumentRole(role), data, filename=filename, content_type=content_type
    )


async def erase(channel: str, requester_id: str) -> int:
    """Delete every job (and, by cascade, every file) of a requester; returns jobs deleted."""
    return await _delete(Job.filter(channel=channel, requester_id=requester_id))


async def erase_job(job_id: UUID | str) -> bool:
    """Delete one job and its files; False if it did not exist."""
    job = await get_job(job_id)
    if job is None:
        return False
    await job.delete()
    return True


async def requeue_stale(older_than_seconds: float | None = None) -> int:
    """Re-send the current stage of non-terminal jobs untouched for ``older_than_seconds``.

    Covers a submit whose enqueue failed and whose withdrawal failed too, and messages lost
    with a Redis that had no persistence. Stages are idempotent, so a spurious re-send is a
    no-op. Returns how many jobs were re-sent.
    """
    from pipeline.actors import enqueue_current_stage

    age = (
        older_than_seconds
        if older_than_seconds is not None
        else get_settings().jobs.sweep_after_seconds
    )
    cutoff = datetime.now(UTC) - timedelta(seconds=age)
    stale = await Job.filter(
        status__in=[s for s in JobStatus if not s.terminal], updated_at__lt=cutoff
    ).only("id", "status", "kind")
    for job in stale:
        await asyncio.to_thread(enqueue_current_stage, job)
        await Job.filter(id=job.id).update(updated_at=datetime.now(UTC))
    return len(stale)


async def delete_expired(now: datetime | None = None) -> int:
    """Retention: delete jobs (and their documents) past ``expires_at``; returns the count."""
    return await _delete(Job.filter(expires_at__lt=now or datetime.now(UTC)))


async def _delete(query: QuerySet[Job]) -> int:
    """Delete the matching jobs (documents go by cascade); returns the number of jobs.

    Counted by id first: the backends' row counts may include the cascaded documents.
    """
    ids = await query.values_list("id", flat=True)
    if not ids:
        return 0
    await Job.filter(id__in=list(ids)).delete()
    return len(ids)
