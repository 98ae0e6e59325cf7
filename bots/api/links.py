"""Public URLs of a job's resources, built on ``settings.api.public_base_url``.

Shared by the API answers and the webhook payloads so both always point at the same places.
"""

from __future__ import annotations

from storage.models import Document, DocumentRole, Job

API_PREFIX = "/api/v1"


def _base(public_base_url: str) -> str:
    return public_base_url.rstrip("/") + API_PREFIX


def status_url(public_base_url: str, kind: str, job_id: object) -> str:
    return f"{_base(public_base_url)}/{kind}/status/{job_id}"


def result_url(public_base_url: str, kind: str, job_id: object) -> str:
    return f"{_base(public_base_url)}/{kind}/result/{job_id}"


def file_url(public_base_url: str, job_id: object, role: DocumentRole = DocumentRole.OUTPUT) -> str:
    url = f"{_base(public_base_url)}/jobs/{job_id}/file"
    return url if role == DocumentRole.OUTPUT else f"{url}?document={role.value}"


def job_links(public_base_url: str, job: Job, roles: set[DocumentRole]) -> dict[str, str | None]:
    """``{status, result, file, report}``; ``file``/``report`` only for documents in ``roles``."""
    kind = str(job.kind.value if hasattr(job.kind, "value") else job.kind)
    return {
        "status": status_url(public_base_url, kind, job.id),
        "result": result_url(public_base_url, kind, job.id),
        "file": file_url(public_base_url, job.id) if DocumentRole.OUTPUT in roles else None,
        "report": (
            file_url(public_base_url, job.id, DocumentRole.REPORT)
            if DocumentRole.REPORT in roles
            else None
        ),
    }


async def stored_roles(job_id: object) -> set[DocumentRole]:
    """The roles of the documents a job has now (``input``, ``output``, ``report``)."""
    roles = await Document.filter(job_id=job_id).values_list("role", flat=True)
    return {DocumentRole(str(role)) for role in roles}
