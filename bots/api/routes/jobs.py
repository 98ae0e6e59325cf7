"""Jobs: submit a resume, poll its status, read its result, download its files, erase it.

Every job route requires ``X-API-Key``; a job is visible only to the key that created it (its
``requester_id`` is the key id): another key gets the same 404 as an unknown id, so ids cannot
be probed. Upload bodies are capped while they stream (``bots.api.uploads.BodyCap``).
"""

from __future__ import annotations

import logging
import uuid
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Header, Query, Request, Response, UploadFile, status
from fastapi.responses import JSONResponse

from bots.api import links
from bots.api.deps import RateLimitedKeyDep, SettingsDep
from bots.api.problems import ApiProblem, responses
from bots.api.schemas import (
    JobAccepted,
    JobError,
    JobLinks,
    JobResultPublic,
    JobStatusPublic,
    JobUsage,
    OutputFormat,
    SummaryPublic,
)
from bots.api.uploads import read_upload
from pipeline import jobs as job_service
from pipeline.model import Analysis, ChangeSet, Resume
from storage.documents import sha256
from storage.models import DocumentRole, Job, JobKind, JobStatus
from storage.status import STATUS_FIELDS, Row, StatusReader

log = logging.getLogger(__name__)

CHANNEL = "api"
RETRY_AFTER_UNAVAILABLE = "30"  # s; the queue or database is down
POLL_AFTER = "1"  # s; a hint for clients polling a running job

router = APIRouter(prefix=links.API_PREFIX, tags=["jobs"])

_AUTH = (401, 429)


# --- submit -------------------------------------------------------------------------------


async def _submit(
    kind: JobKind,
    settings: SettingsDep,
    key: str,
    file: UploadFile,
    job_description: str | None,
    output_format: OutputFormat,
    idempotency_key: str | None,
) -> Response:
    if job_description is not None:
        job_description = job_description.strip() or None
    limit = settings.api.job_description_max_chars
    if job_description is not None and len(job_description) > limit:
        raise ApiProblem(
            422, f"job_description is longer than {limit} characters.", code="validation_error"
        )
    data, content_type = await read_upload(file, settings.limits)
    request = job_service.JobRequest(
        channel=CHANNEL,
        kind=kind,
        data=data,
        filename=(file.filename or None) and file.filename[-200:],
        content_type=content_type,
        # Idempotency-Key makes a retried POST one job, scoped to the key that sent it.
        external_id=f"{key}:{idempotency_key}" if idempotency_key else None,
        requester_id=key,
        reply_to={},
        job_description=job_description,
        output_format=output_format.value,
    )
    try:
        job = await job_service.submit(request)
    except job_service.JobsUnavailable as exc:
        raise ApiProblem(
            503,
            "The service cannot take jobs right now; try again shortly.",
            code="jobs_unavailable",
            headers={"Retry-After": RETRY_AFTER_UNAVAILABLE},
        ) from exc
    if idempotency_key and (job.input_sha256 != sha256(data) or job.kind != kind):
        # Same key, different request: answering with the old job would hide a client bug.
        raise ApiProblem(
            409,
            "This Idempotency-Key was already used for a different request (another file or "
            "endpoint). Use a new key for a new submission.",
            code="idempotency_key_reused",
        )
    base = settings.api.public_base_url
    accepted = JobAccepted(
        job_id=job.id,
        status=job.status,
        status_url=links.status_url(base, kind.value, job.id),
        result_url=links.result_url(base, kind.value, job.id),
    )
    return Response(
        accepted.model_dump_json(),
        status_code=status.HTTP_202_ACCEPTED,
        headers={"Location": accepted.status_url},
        media_type="application/json",
    )


FileField = Annotated[UploadFile, File(description="The resume: PDF or DOCX (sniffed by content)")]
JobDescriptionField = Annotated[
    str | None, Form(description="Optional job posting text to match keywords against")
]
FormatField = Annotated[
    OutputFormat, Form(alias="format", description="Output document format (generate)")
]
IdempotencyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=128,
        description="Repeat a POST with the same key to get the same job back",
    ),
]


def _submit_route(kind: JobKind, summary: str) -> None:
    async def submit_job(
        settings: SettingsDep,
        key: RateLimitedKeyDep,
        file: FileField,
        job_description: JobDescriptionField = None,
        output_format: FormatField = OutputFormat.PDF,
        idempotency_key: IdempotencyHeader = None,
    ) -> Response:
        return await _submit(
            kind, settings, key, file, job_description, output_format, idempotency_key
        )

    router.add_api_route(
        f"/{kind.value}",
        submit_job,
        methods=["POST"],
        status_code=status.HTTP_202_ACCEPTED,
        response_model=JobAccepted,
        summary=summary,
        operation_id=f"submit_{kind.value}",
        responses=responses(*_AUTH, 409, 413, 415, 422, 503),
    )


_submit_route(JobKind.ANALYZE, "Score a resume (parse + analyze)")
_submit_route(JobKind.IMPROVE, "Score and improve a resume")
_submit_route(JobKind.GENERATE, "Score, improve and render a new PDF or DOCX")


# --- read ---------------------------------------------------------------------------------


async def _own_job(job_id: uuid.UUID, key: str, kind: JobKind | None = None) -> Job:
    """The job if ``key`` created it (and it is of ``kind``); 404 problem otherwise."""
    job = await job_service.get_job(job_id)
    found = None if job is None else (job.channel, job.requester_id, job.kind)
    _check_owner(job_id, found, key, kind)
    assert job is not None
    return job


def _check_owner(
    job_id: uuid.UUID,
    found: tuple[str, str | None, str] | None,
    key: str,
    kind: JobKind | None,
) -> None:
    """404 problem unless ``found`` (channel, requester, kind) is an API job of ``key``."""
    if found is None or found[0] != CHANNEL or found[1] != key:
        raise ApiProblem(404, "No job with this id for this API key.", code="job_not_found")
    if kind is not None and found[2] != kind:
        job_kind = JobKind(found[2]).value
        raise ApiProblem(
            404,
            f"Job {job_id} is {_article(job_kind)} {job_kind} job, not {kind.value}.",
            code="job_not_found",
        )


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _status(job: Job) -> JobStatusPublic:
    return _status_doc({name: getattr(job, name) for name in STATUS_FIELDS})


def _status_doc(row: Row) -> JobStatusPublic:
    """The public status of a job from its :data:`~bots.api.status.STATUS_FIELDS`."""
    job_status = JobStatus(row["status"])
    error = None
    if row["error_code"] is not None:
        error = JobError(code=row["error_code"], message=row["error_message"] or "")
    return JobStatusPublic(
        job_id=row["id"],
        kind=row["kind"],
        status=job_status,
        stage=None if job_status.terminal else job_status.value,
        stage_timings={k: float(v) for k, v in (row["stage_timings"] or {}).items()},
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        finished_at=row["finished_at"],
        error=error,
    )


def _error(job: Job) -> JobError | None:
    if job.error_code is None:
        return None
    return JobError(code=job.error_code, message=job.error_message or "")


@router.get(
    "/{module}/status/{job_id}",
    response_model=JobStatusPublic,
    summary="A job's status, stage, timings and error",
    responses=responses(*_AUTH, 404, 422),
)
async def job_status(
    module: JobKind, job_id: uuid.UUID, key: RateLimitedKeyDep, request: Request
) -> Response:
    # The hot polling path: a direct read of the status columns (bots.api.status), and the
    # answer serialised once here instead of FastAPI re-validating the model.
    reader: StatusReader = request.app.state.status_reader
    row = await reader.read(job_id)
    found = None if row is None else (row["channel"], row["requester_id"], row["kind"])
    _check_owner(job_id, found, key, module)
    assert row is not None
    return Response(_status_doc(row).model_dump_json(), media_type="application/json")


@router.get(
    "/{module}/result/{job_id}",
    response_model=JobResultPublic,
    summary="A finished job's analysis, changes, summary, resume (parsed and improved) and links",
    responses={
        202: {"model": JobStatusPublic, "description": "Still running; poll again"},
        **responses(*_AUTH, 404, 422),
    },
)
async def job_result(
    module: JobKind, job_id: uuid.UUID, key: RateLimitedKeyDep, settings: SettingsDep
) -> JobResultPublic | JSONResponse:
    job = await _own_job(job_id, key, module)
    if not job.status.terminal:
        return JSONResponse(
            _status(job).model_dump(mode="json"),
            status_code=status.HTTP_202_ACCEPTED,
            headers={"Retry-After": POLL_AFTER},
        )
    before = Analysis.model_validate(job.analysis_before) if job.analysis_before else None
    after = Analysis.model_validate(job.analysis_after) if job.analysis_after else None
    changes = ChangeSet.model_validate(job.changes) if job.changes else None
    summary = None
    if before is not None:
        from pipeline.summary import summarize

        s = summarize(before, after, changes)
        summary = SummaryPublic(headline=s.headline, items=list(s.items))
    roles = await links.stored_roles(job.id)
    return JobResultPublic(
        job_id=job.id,
        kind=job.kind,
        status=job.status,
        analysis_before=before,
        analysis_after=after,
        changes=changes,
        summary=summary,
        error=_error(job),
        links=JobLinks(**links.job_links(settings.api.public_base_url, job, roles)),
        usage=JobUsage(
            improver=job.improver_name,
            improver_version=job.improver_version,
            tokens=job.tokens,
            cost_usd=job.cost_usd,
        )
        if job.improver_name
        else None,
        resume_before=Resume.model_validate(job.resume) if job.resume else None,
        resume=(
            Resume.model_validate(job.improved_resume)
            if job.improved_resume and job.kind != JobKind.ANALYZE
            else None
        ),
    )


_STORED_REPORT_SUFFIX = "-changes.pdf"


@router.get(
    "/jobs/{job_id}/file",
    summary="Download the generated PDF/DOCX (default) or the change report",
    response_class=Response,
    responses={
        200: {
            "description": "The file",
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        },
        **responses(*_AUTH, 404, 422),
    },
)
async def job_file(
    job_id: uuid.UUID,
    key: RateLimitedKeyDep,
    document: Annotated[
        Literal["output", "report"],
        Query(description="output (the improved resume) or report (the change report)"),
    ] = "output",
) -> Response:
    job = await _own_job(job_id, key)
    doc = await job_service.output_document(job, DocumentRole(document))
    if doc is None:
        state = "has no such document" if job.status.terminal else "is not finished yet"
        raise ApiProblem(404, f"This job {state}.", code="document_not_found")
    filename = doc.filename
    if document == "report" and filename.endswith(_STORED_REPORT_SUFFIX):
        # Stored as "<stem>-changes.pdf"; downloaded under the CLI's name "<stem>-report.pdf".
        filename = filename.removesuffix(_STORED_REPORT_SUFFIX) + "-report.pdf"
    return Response(
        content=bytes(doc.data),
        media_type=doc.content_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "no-store",
        },
    )


@router.delete(
    "/jobs/{job_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Erase a job and all its files",
    response_class=Response,
    responses=responses(*_AUTH, 404, 422),
)
async def erase_job(job_id: uuid.UUID, key: RateLimitedKeyDep) -> Response:
    job = await _own_job(job_id, key)
    await job_service.erase_job(job.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
