"""Dramatiq actors that move a job through the pipeline, one queue per stage.

A job's stages and the status each one runs under::

    parse_resume     queued/parsing -> parsing     parse + analyze        -> improving | delivering
    improve_resume   improving                     improve + re-analyze   -> generating | delivering
    generate_resume  generating                    render file + report   -> delivering
    deliver_result   delivering (or failed)        deliverer.deliver/fail -> succeeded
    notify_finished  terminal                      pipeline.delivery on_finished observers, once

Messages carry the job id only. Delivery is at-least-once, so every actor is idempotent:

- A stage runs only while the job's status is the stage's own; a redelivered message for a
  finished stage is a no-op, except that it re-sends the next stage when that one never started
  (``attempts == 0``): that covers a crash between committing the hand-off and enqueuing it.
- ``attempts`` on the row counts runs of the current stage and is bumped *before* the work, so a
  message whose worker is SIGKILLed or OOM-killed every time (Redis redelivers it forever,
  whatever ``max_retries`` says) fails the job once it passes ``settings.jobs.max_attempts``.
- The deliverer is called only after ``delivery_started_at`` was claimed by a conditional
  UPDATE, and ``delivered_at`` is set right after it returns, so a redelivered deliver message
  never posts twice. A worker killed *during* the post leaves a claim that expires after
  ``DELIVERY_LEASE``; the post is then retried (at-least-once in that narrow window only).
- Cost per stage: one claim statement (``UPDATE ... RETURNING``), the work in one thread hop,
  one hand-off commit (the status change with the stage's output), one Redis round trip to
  send the next stage; the deliverer's progress post runs alongside the work. On PostgreSQL
  claims and hand-offs commit without waiting for the WAL flush (see _stage_transaction).
- Parser refusals (:class:`pipeline.errors.ResumeError`) fail the job at once, no retry; other
  exceptions retry with backoff, and when retries are exhausted ``job_retries_exhausted``
  (``on_retry_exhausted``, not ``on_failure``, which fires on every attempt) fails the job and
  tells the user.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import inspect
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import PurePath
from typing import Any
from uuid import UUID

import dramatiq
import dramatiq.errors
import redis
from dramatiq.middleware import CurrentMessage
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F, Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from config.settings import get_settings
from pipeline import delivery
from pipeline.broker import get_broker
from pipeline.errors import ResumeError
from storage.documents import DOCX, PDF, get_document, put_documents
from storage.models import DocumentRole, Job, JobKind, JobStatus

log = logging.getLogger(__name__)

# Shown to the user when we gave up for reasons that are ours, not theirs.
INTERNAL_ERROR = "internal_error"
INTERNAL_MESSAGE = (
    "Sorry, something went wrong on our side while processing your resume. "
    "Please send it again in a few minutes."
)

SECOND = 1000  # Dramatiq durations are in milliseconds
DELIVERY_LEASE = timedelta(seconds=90)  # > deliver_result's time limit
REDIS_WAIT = 40.0  # s; an actor waits this long for Redis to come back (< stage time limits)

Hook = Callable[[Job, str], Awaitable[None] | None]
_STAGE_HOOKS: list[Hook] = []


def add_stage_hook(hook: Hook) -> None:
    """Call ``hook(job, stage)`` in the worker just before a stage's work starts.

    For instrumentation (and fault-injection tests); a hook that raises fails that attempt.
    """
    _STAGE_HOOKS.append(hook)


def enqueue(actor: dramatiq.Actor, job_id: UUID | str, *, delay_ms: int | None = None) -> None:
    """Send ``actor(job_id)`` on the broker bound to the current ``settings.redis_url``.

    One retry on a connection error (a pooled connection may predate a Redis restart); a
    retry after a lost reply may enqueue twice, which the idempotent actors absorb.
    Raises redis.RedisError when Redis is unreachable.
    """
    broker = get_broker()
    message = actor.message(str(job_id))
    try:
        broker.enqueue(message, delay=delay_ms)
    except redis.ConnectionError:
        broker.enqueue(message, delay=delay_ms)


async def _send(actor: dramatiq.Actor, job_id: UUID | str, *, delay_ms: int | None = None) -> None:
    """``enqueue`` from inside an actor, waiting out a Redis restart (up to REDIS_WAIT).

    Giving up early would lose the hand-off: Dramatiq acks the current message even when its
    own retry enqueue fails. Past the wait the error propagates and the sweeper re-sends.
    """
    deadline = time.monotonic() + REDIS_WAIT
    delay = 0.1
    while True:
        try:
            # Called on the loop directly: one Lua call + one pipelined bell on loopback cost
            # well under a millisecond, less than a hop through the thread pool.
            enqueue(actor, job_id, delay_ms=delay_ms)
            return
        except (redis.RedisError, dramatiq.errors.BrokerConnectionError, OSError):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)


# --- stages ---------------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


class _Stop(Exception):
    """Internal: the stage must not run (job gone, finished, or failed by the bound)."""


# Progress messages started by this actor run and not yet awaited (see _begin_progress).
_PENDING_PROGRESS: contextvars.ContextVar[list[asyncio.Task[None]] | None] = contextvars.ContextVar(
    "pending_progress", default=None
)


async def _begin_progress(job: Job, stage: str) -> None:
    """Start the deliverer's ``progress(job, stage)`` alongside the stage's work.

    A progress post (a chat message edit) needs no result, so it runs concurrently with the
    stage instead of delaying it; :func:`_settle_progress` awaits it before the hand-off (and
    before a failure notice), so a user still sees the stages in order and the next stage's
    progress after this one's.
    """
    pending = _PENDING_PROGRESS.get()
    if pending is None:  # outside an actor run: nothing would await it later
        await _progress(job, stage)
        return
    pending.append(asyncio.ensure_future(_progress(job, stage)))


async def _settle_progress() -> None:
    """Wait for the progress posts this actor run started (they never raise, see _progress)."""
    pending = _PENDING_PROGRESS.get()
    while pending:
        await pending.pop(0)


def _relaxed_commits() -> bool:
    """True on PostgreSQL: a stage's own bookkeeping commits need not wait for the WAL flush."""
    return bool(Job._meta.db.capabilities.dialect == "postgres")


@contextlib.asynccontextmanager
async def _stage_transaction() -> AsyncIterator[BaseDBAsyncClient]:
    """A transaction for a stage's bookkeeping (its claim, its hand-off).

    On PostgreSQL it commits with ``synchronous_commit = off`` (this transaction only): the
    commit returns before its WAL record reaches the disk, which saves a disk flush (ms) per
    stage transition. What a crash of the *database server* may cost is the last few hundred
    ms of such commits, never their order and never a half-written one: a job then looks one
    stage earlier than it was, its next stage finds it there and stops, and the sweeper
    (:func:`pipeline.jobs.requeue_stale`) re-sends the stage, which is idempotent. Writes
    that must survive a server crash stay fully synchronous: the submitted job and its input
    (``pipeline.jobs.submit``), the delivery claim and the delivered/failed records; a
    synchronous commit also makes every earlier commit durable (the WAL is written in order).
    SQLite (WAL, ``synchronous=NORMAL``, see ``storage.db``) has no such switch and needs none.
    """
    async with in_transaction() as conn:
        if conn.capabilities.dialect == "postgres":
            await conn.execute_script("SET LOCAL synchronous_commit TO OFF")
        yield conn


async def _claim(job_id: str, status: JobStatus, entry: tuple[JobStatus, ...]) -> Job:
    """Bump the attempt counter and set ``status`` if the job is in one of ``entry``.

    One statement that also returns the row (``UPDATE ... RETURNING``); only a refused claim
    reads the job again. Also records how long the message waited in the queue for this
    stage (``stage_timings["queued:<status>"]``, seconds since it was sent).
    Raises _Stop when the stage must not run (after re-sending the next stage if needed).
    """
    claim = Job.filter(id=job_id, status__in=list(entry))
    fields: dict[str, Any] = {"updated_at": _now(), "status": status, "attempts": F("attempts") + 1}
    if _relaxed_commits():
        async with _stage_transaction() as conn:
            job = await _update_returning(claim.using_db(conn), **fields)
    else:  # SQLite: one autocommit statement, cheaper than BEGIN ... COMMIT
        job = await _update_returning(claim, **fields)
    if job is None:
        current = await Job.get_or_none(id=job_id)
        if current is not None and not current.status.terminal and current.attempts == 0:
            await _send_current_stage(current)  # the hand-off to the next stage may be lost
        raise _Stop  # erased, finished, or in another stage
    if job.attempts == 1:
        message = CurrentMessage.get_current_message()
        if message is not None:
            waited = max(0.0, time.time() - message.message_timestamp / SECOND)
            job.stage_timings = {
                **(job.stage_timings or {}),
                f"queued:{status.value}": round(waited, 4),
            }
    if job.attempts > get_settings().jobs.max_attempts:
        log.warning("job %s: %s attempted %d times; giving up", job.id, status, job.attempts)
        await fail_job(job, INTERNAL_ERROR, INTERNAL_MESSAGE)
        raise _Stop
    if job.attempts == 1:
        await _begin_progress(job, status.value)
    for hook in _STAGE_HOOKS:
        result = hook(job, status.value)
        if inspect.isawaitable(result):
            await result
    return job


async def _update_returning(query: QuerySet[Job], **values: Any) -> Job | None:
    """``query.update(**values)`` that returns the updated job (None when no row matched).

    For a query that matches at most one row (filtered on the primary key). One statement,
    ``UPDATE ... RETURNING *`` (SQLite >= 3.35, PostgreSQL), built by Tortoise's own update
    query and turned into a model the way Tortoise's selects do, instead of an UPDATE plus a
    SELECT: one database round trip less per stage.
    """
    update = query.update(**values)
    update._choose_db_if_not_chosen(True)
    update._make_query()
    sql, params = update.query.get_parameterized_sql()
    # execute_query_dict: it fetches the rows on every backend (execute_query does not for
    # an UPDATE on asyncpg).
    rows = await update._db.execute_query_dict(f"{sql} RETURNING *", params)
    return Job._init_from_db(**rows[0]) if rows else None


# (role, bytes, file name, content type) of a document a stage produces.
NewDocument = tuple[DocumentRole, bytes, str, str]


async def _hand_off(
    job: Job,
    started: float,
    next_status: JobStatus,
    *,
    timing: str | None = None,
    documents: tuple[NewDocument, ...] = (),
    **fields: Any,
) -> None:
    """Save the stage's output and move to ``next_status`` (attempts reset), then enqueue.

    Documents and the status change commit in one transaction (no half-saved stage); without
    documents the status change is one statement (on SQLite an autocommit UPDATE, which
    saves the BEGIN and COMMIT round trips). ``stage_timings[timing or current status]`` gets
    the stage's duration in seconds. Raises _Stop when the job left this stage meanwhile
    (erased, or failed by the bound).
    """
    timings = dict(job.stage_timings or {})
    timings[timing or job.status.value] = round(time.monotonic() - started, 4)
    move = Job.filter(id=job.id, status=job.status)
    values = {
        "updated_at": _now(),
        "status": next_status,
        "attempts": 0,
        "stage_timings": timings,
        **fields,
    }
    await _settle_progress()  # this stage's progress post goes out before the next stage's
    if documents or _relaxed_commits():
        async with _stage_transaction() as conn:
            if not await move.using_db(conn).update(**values):
                raise _Stop
            await put_documents(job, documents, using_db=conn)
    elif not await move.update(**values):
        raise _Stop
    job.status = next_status
    job.attempts = 0
    await _send_current_stage(job)


def _stage_actor(job: Job) -> dramatiq.Actor | None:
    return {
        JobStatus.QUEUED: parse_resume,
        JobStatus.PARSING: parse_resume,
        JobStatus.IMPROVING: improve_resume,
        JobStatus.GENERATING: generate_resume,
        JobStatus.DELIVERING: deliver_result,
    }.get(job.status)


def enqueue_current_stage(job: Job) -> None:
    """Send the actor that runs the job's current status (the sweeper uses this; sync)."""
    actor = _stage_actor(job)
    if actor is not None:
        enqueue(actor, job.id)


async def _send_current_stage(job: Job) -> None:
    actor = _stage_actor(job)
    if actor is not None:
        await _send(actor, job.id)


async def _run(job_id: str, stage: Callable[[str], Awaitable[None]]) -> None:
    token = _PENDING_PROGRESS.set([])
    try:
        await stage(job_id)
    except _Stop:
        return
    except ResumeError as err:
        await _settle_progress()  # the failure notice comes after the stage's progress post
        job = await Job.get_or_none(id=job_id)
        if job is not None:
            await fail_job(job, err.code, err.message)
    finally:
        await _settle_progress()
        _PENDING_PROGRESS.reset(token)


def _options(job: Job) -> tuple[str | None, str]:
    opts = job.options or {}
    return opts.get("job_description"), opts.get("output_format") or "pdf"


async def _parse(job_id: str) -> None:
    from pipeline.analyze import analyze
    from pipeline.parse import parse_document

    job = await _claim(job_id, JobStatus.PARSING, (JobStatus.QUEUED, JobStatus.PARSING))
    started = time.monotonic()
    if await _reuse(job, started):
        return
    document = await get_document(job.id, DocumentRole.INPUT)
    if document is None:
        raise _Stop  # erased between claim and read
    limits = get_settings().limits
    job_description, _ = _options(job)

    def work() -> tuple[dict, dict]:  # one thread hop for the parse, the scoring and the dumps
        resume = parse_document(bytes(document.data), job.filename, limits=limits)
        analysis = analyze(resume, job_description)
        return resume.model_dump(mode="json"), analysis.model_dump(mode="json")

    resume, analysis = await asyncio.to_thread(work)
    next_status = JobStatus.DELIVERING if job.kind == JobKind.ANALYZE else JobStatus.IMPROVING
    await _hand_off(job, started, next_status, resume=resume, analysis_before=analysis)


async def _improve(job_id: str) -> None:
    from pipeline.analyze import analyze
    from pipeline.improve import get_improver
    from pipeline.model import Resume

    job = await _claim(job_id, JobStatus.IMPROVING, (JobStatus.IMPROVING,))
    started = time.monotonic()
    job_description, _ = _options(job)
    improver = get_improver(get_settings())
    stored = job.resume

    def work() -> tuple[Any, dict, dict, dict]:  # one thread hop: rewrite, re-score, dumps
        improvement = improver.improve(Resume.model_validate(stored), job_description)
        after = analyze(improvement.resume, job_description)
        return (
            improvement,
            improvement.resume.model_dump(mode="json"),
            after.model_dump(mode="json"),
            improvement.changes.model_dump(mode="json"),
        )

    improvement, improved, after, changes = await asyncio.to_thread(work)
    tokens, cost = _usage(improvement.usage)
    # The engine that actually produced the result: Gemini falls back to the rules when it is
    # unreachable, and such a result must not be reused as if Gemini had made it.
    name, version = _engine(improver, improvement.changes.improver)
    next_status = JobStatus.GENERATING if job.kind == JobKind.GENERATE else JobStatus.DELIVERING
    await _hand_off(
        job,
        started,
        next_status,
        improved_resume=improved,
        analysis_after=after,
        changes=changes,
        improver_name=name,
        improver_version=version,
        tokens=tokens,
        cost_usd=cost,
    )


def _engine(improver: Any, produced_by: str | None) -> tuple[str, str]:
    """(name, version) of the engine whose output this is (``ChangeSet.improver``)."""
    from pipeline.improve import IMPROVER_VERSIONS

    if not produced_by or produced_by == improver.name:
        return improver.name, improver.version
    return produced_by, IMPROVER_VERSIONS.get(produced_by, "unknown")


def _usage(usage: Any) -> tuple[int, float]:
    """(tokens, USD) from an improver's Usage, whatever its exact field names."""
    if usage is None:
        return 0, 0.0
    tokens = getattr(usage, "total_tokens", None)
    if tokens is None:
        tokens = int(getattr(usage, "input_tokens", 0) or 0) + int(
            getattr(usage, "output_tokens", 0) or 0
        )
    return int(tokens or 0), float(getattr(usage, "cost_usd", 0.0) or 0.0)


def output_filenames(filename: str | None, output_format: str) -> tuple[str, str]:
    """("<stem>-improved.<ext>", "<stem>-report.pdf") for the user's file name."""
    stem = PurePath(filename or "resume").stem or "resume"
    return f"{stem}-improved.{output_format}", f"{stem}-report.pdf"


async def _generate(job_id: str) -> None:
    from pipeline.model import Analysis, ChangeSet, Resume
    from pipeline.render import render_docx, render_pdf, render_report

    job = await _claim(job_id, JobStatus.GENERATING, (JobStatus.GENERATING,))
    started = time.monotonic()
    _, output_format = _options(job)
    render = render_docx if output_format == "docx" else render_pdf

    def work() -> tuple[bytes, bytes]:  # one thread hop for the file and the change report
        improved = Resume.model_validate(job.improved_resume)
        data = render(improved)
        before = Analysis.model_validate(job.analysis_before)
        after = Analysis.model_validate(job.analysis_after)
        changes = ChangeSet.model_validate(job.changes)
        name = improved.contact.name if improved.contact else None
        return data, render_report(before, after, changes, name, resume=improved)

    data, report = await asyncio.to_thread(work)
    out_name, report_name = output_filenames(job.filename, output_format)
    content_type = DOCX if output_format == "docx" else PDF
    await _hand_off(
        job,
        started,
        JobStatus.DELIVERING,
        documents=(
            (DocumentRole.OUTPUT, data, out_name, content_type),
            (DocumentRole.REPORT, report, report_name, PDF),
        ),
    )


async def _reuse(job: Job, started: float) -> bool:
    """Copy the results of an identical succeeded job (same input, options, improver version).

    Skips parsing and improving (no LLM call). Returns True when the job was handed to delivery.
    """
    settings = get_settings()
    if not settings.jobs.reuse_results or not (job.options or {}).get("reuse", True):
        return False
    version: str | None = None
    if job.kind != JobKind.ANALYZE:
        from pipeline.improve import get_improver

        improver = get_improver(settings)
        version = f"{improver.name}/{improver.version}"
    candidates = (
        await Job.filter(input_sha256=job.input_sha256, kind=job.kind, status=JobStatus.SUCCEEDED)
        .exclude(id=job.id)
        .order_by("-created_at")
        .limit(20)
    )
    wanted = {k: v for k, v in (job.options or {}).items() if k != "reuse"}
    for source in candidates:
        options = {k: v for k, v in (source.options or {}).items() if k != "reuse"}
        if options != wanted:
            continue
        if version is not None and f"{source.improver_name}/{source.improver_version}" != version:
            continue
        names = dict(
            zip(
                (DocumentRole.OUTPUT, DocumentRole.REPORT),
                output_filenames(job.filename, _options(job)[1]),
                strict=True,
            )
        )
        documents: list[NewDocument] = []
        for role, name in names.items():
            document = await get_document(source.id, role)
            if document is not None:
                documents.append((role, bytes(document.data), name, document.content_type))
        await _hand_off(
            job,
            started,
            JobStatus.DELIVERING,
            timing="reused",
            documents=tuple(documents),
            resume=source.resume,
            improved_resume=source.improved_resume,
            analysis_before=source.analysis_before,
            analysis_after=source.analysis_after,
            changes=source.changes,
            improver_name=source.improver_name,
            improver_version=source.improver_version,
            reused_from=source.id,
        )
        return True
    return False


# --- delivery -------------------------------------------------------------------------------


async def _progress(job: Job, stage: str) -> None:
    """Best effort: a progress message that cannot be shown must not stop the job."""
    try:
        await delivery.get_deliverer(job.channel).progress(job, stage)
    except KeyError:
        log.warning("job %s: no deliverer registered for channel %r", job.id, job.channel)
    except Exception as exc:  # noqa: BLE001 - progress is cosmetic; the result still goes out
        log.warning("job %s: progress(%s) failed: %s", job.id, stage, type(exc).__name__)


async def fail_job(job: Job, code: str, message: str) -> bool:
    """Mark the job failed with the message the user will be shown; tell them via deliver_result.

    Returns False if the job was already terminal (nothing changed).
    """
    now = datetime.now(UTC)
    updated = await Job.filter(
        Q(id=job.id) & ~Q(status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED])
    ).update(
        updated_at=_now(),
        status=JobStatus.FAILED,
        error_code=code,
        error_message=message,
        finished_at=now,
    )
    if not updated:
        return False
    job.status, job.error_code, job.error_message = JobStatus.FAILED, code, message
    log.info("job %s failed: %s", job.id, code)
    await _send(deliver_result, job.id)
    return True


async def _deliver(job_id: str) -> None:
    job = await Job.get_or_none(id=job_id)
    if job is None or job.status not in (JobStatus.DELIVERING, JobStatus.FAILED):
        if job is not None and job.status == JobStatus.SUCCEEDED:
            await _send(notify_finished, job.id)  # in case a crash lost it
        return
    failed = job.status == JobStatus.FAILED
    if job.delivered_at is None:
        if not failed and job.attempts == 0:
            # First run of the delivery (the hand-off reset the counter): its progress post
            # goes out while the claim commits; _post awaits it before delivering.
            await _begin_progress(job, JobStatus.DELIVERING.value)
        now = _now()
        claimed = await Job.filter(
            Q(id=job.id, delivered_at__isnull=True)
            & (
                Q(delivery_started_at__isnull=True)
                | Q(delivery_started_at__lt=now - DELIVERY_LEASE)
            )
        ).update(updated_at=now, delivery_started_at=now, attempts=F("attempts") + 1)
        if not claimed:
            await job.refresh_from_db()
            if job.delivered_at is None:
                # Another worker holds the claim (or died holding it): look again when its lease
                # ends. A fresh message, not dramatiq.Retry: waiting must not use up the retries
                # meant for failures, or a killed worker's job would end as an internal error.
                started = job.delivery_started_at or now
                wait = started + DELIVERY_LEASE - now
                delay_ms = max(1 * SECOND, int(wait.total_seconds() * SECOND) + SECOND)
                await _send(deliver_result, job.id, delay_ms=delay_ms)
                return
        else:
            job.attempts += 1
            if not failed and job.attempts > get_settings().jobs.max_attempts:
                await Job.filter(id=job.id).update(updated_at=_now(), delivery_started_at=None)
                await fail_job(job, INTERNAL_ERROR, INTERNAL_MESSAGE)
                return
            await _post(job, failed)
    elif not failed:
        await _finish(job.id, delivered=False)  # posted, but the bookkeeping was interrupted
    await _send(notify_finished, job.id)


async def _finish(job_id: UUID, *, delivered: bool) -> None:
    """One commit: record the post and, for a result, the success."""
    now = _now()
    fields: dict[str, Any] = {"delivered_at": now} if delivered else {}
    await Job.filter(id=job_id).update(updated_at=now, **fields)
    await Job.filter(id=job_id, status=JobStatus.DELIVERING).update(
        updated_at=now, status=JobStatus.SUCCEEDED, finished_at=now
    )


async def _post(job: Job, failed: bool) -> None:
    """Call the channel's deliverer once and record it; the claim is held by the caller."""
    try:
        deliverer = delivery.get_deliverer(job.channel)
    except KeyError:
        log.error("job %s: no deliverer for channel %r in this worker", job.id, job.channel)
        await Job.filter(id=job.id).update(updated_at=_now(), delivery_started_at=None)
        raise
    try:
        if failed:
            await deliverer.fail(job)
        else:
            await _settle_progress()  # "delivering" is shown before the result
            await deliverer.deliver(job)
    except delivery.DeliveryGone as exc:
        # The claim stays: nothing will try to post this job again.
        log.info("job %s: destination gone (%s); not retrying", job.id, exc)
        if not failed:
            await _finish(job.id, delivered=False)
        return
    except delivery.DeliveryRetry as exc:
        await Job.filter(id=job.id).update(updated_at=_now(), delivery_started_at=None)
        delay = int(exc.retry_after * SECOND) if exc.retry_after else None
        raise dramatiq.Retry(str(exc), delay=delay) from exc
    except BaseException:
        await Job.filter(id=job.id).update(updated_at=_now(), delivery_started_at=None)
        raise
    now = _now()
    if failed:
        await Job.filter(id=job.id).update(updated_at=now, delivered_at=now)
    else:
        await Job.filter(id=job.id).update(
            updated_at=now, delivered_at=now, status=JobStatus.SUCCEEDED, finished_at=now
        )


async def _notify(job_id: str) -> None:
    now = datetime.now(UTC)
    claimed = await Job.filter(
        id=job_id, notified_at__isnull=True, status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]
    ).update(updated_at=_now(), notified_at=now)
    if not claimed:
        return
    job = await Job.get(id=job_id)
    try:
        await delivery.notify_finished(job)
    except BaseException:
        await Job.filter(id=job_id).update(
            updated_at=_now(), notified_at=None
        )  # let the retry call them again
        raise


# --- actors ---------------------------------------------------------------------------------

_broker = get_broker()  # declared before any actor: actors bind to this broker

_STAGE_OPTIONS: dict[str, Any] = {
    "max_retries": 3,
    "min_backoff": 1 * SECOND,
    "max_backoff": 30 * SECOND,
    "on_retry_exhausted": "job_retries_exhausted",
}


@dramatiq.actor(queue_name="parse", time_limit=60 * SECOND, **_STAGE_OPTIONS)
async def parse_resume(job_id: str) -> None:
    """Parse and analyze the input (parser limits: settings.limits; 20 s default timeout)."""
    await _run(job_id, _parse)


@dramatiq.actor(queue_name="improve", time_limit=180 * SECOND, **_STAGE_OPTIONS)
async def improve_resume(job_id: str) -> None:
    """Rewrite with the configured improver (Gemini may take tens of seconds) and re-score."""
    await _run(job_id, _improve)


@dramatiq.actor(queue_name="generate", time_limit=60 * SECOND, **_STAGE_OPTIONS)
async def generate_resume(job_id: str) -> None:
    """Render the improved file and the change report."""
    await _run(job_id, _generate)


@dramatiq.actor(
    queue_name="deliver",
    time_limit=60 * SECOND,
    max_retries=8,
    min_backoff=2 * SECOND,
    max_backoff=300 * SECOND,
    on_retry_exhausted="job_retries_exhausted",
)
async def deliver_result(job_id: str) -> None:
    """Post the result (or the failure notice) through the channel's deliverer, once."""
    await _run(job_id, _deliver)


@dramatiq.actor(
    queue_name="notify",
    time_limit=30 * SECOND,
    max_retries=5,
    min_backoff=1 * SECOND,
    max_backoff=60 * SECOND,
)
async def notify_finished(job_id: str) -> None:
    """Call the ``pipeline.delivery.on_finished`` observers once for a terminal job."""
    await _notify(job_id)


@dramatiq.actor(
    queue_name="jobs-dead",
    time_limit=30 * SECOND,
    max_retries=5,
    min_backoff=1 * SECOND,
    max_backoff=60 * SECOND,
)
async def job_retries_exhausted(message: dict[str, Any], retry_info: dict[str, Any]) -> None:
    """``on_retry_exhausted`` target: fail the job of a message that ran out of retries."""
    args = message.get("args") or []
    if not args:
        return
    job = await Job.get_or_none(id=args[0])
    if job is None:
        return
    log.warning("job %s: %s out of retries (%s)", job.id, message.get("actor_name"), retry_info)
    if job.status == JobStatus.FAILED:
        return  # the failure notice itself could not be delivered; nothing more to do
    await fail_job(job, INTERNAL_ERROR, INTERNAL_MESSAGE)


@dramatiq.actor(queue_name="maintenance", time_limit=300 * SECOND, max_retries=0)
async def maintenance() -> None:
    """Retention and sweeping, then schedule the next run (one chain per Redis, see below)."""
    from pipeline.jobs import delete_expired, requeue_stale

    settings = get_settings()
    interval = settings.jobs.cleanup_interval_seconds
    # One chain across all workers: only the run that wins this key reschedules itself.
    won = await asyncio.to_thread(
        get_broker().client.set, "resume-engine:maintenance", "1", nx=True, px=int(interval * 900)
    )
    if not won:
        return
    deleted = await delete_expired()
    resent = await requeue_stale()
    log.info("maintenance: %d expired jobs deleted, %d stale jobs re-sent", deleted, resent)
    get_broker().enqueue(maintenance.message(), delay=int(interval * SECOND))
