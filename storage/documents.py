"""Document rows: the bytes of a job's input and outputs.

Documents live in the database (not on a local disk) so any worker on any machine reads them
and deleting a job deletes its files (cascade). Sizes are bounded upstream by
``settings.limits.max_file_bytes`` (10 MB default) for inputs; outputs are a few hundred KB.
"""

from __future__ import annotations

import hashlib
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from storage.models import Document, DocumentRole, Job

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data`` (64 characters)."""
    return hashlib.sha256(data).hexdigest()


async def put_document(
    job: Job,
    role: DocumentRole,
    data: bytes,
    *,
    filename: str,
    content_type: str,
    using_db: BaseDBAsyncClient | None = None,
) -> Document:
    """Store ``data`` as the job's document for ``role``, replacing an earlier one.

    Replacing (not adding) keeps a re-run stage idempotent: one output per role per job.
    """
    await Document.filter(job_id=job.id, role=role).using_db(using_db).delete()
    return await Document.create(
        job=job,
        role=role,
        filename=filename,
        content_type=content_type,
        sha256=sha256(data),
        size=len(data),
        data=data,
        using_db=using_db,
    )


async def get_document(job_id: UUID | str, role: DocumentRole) -> Document | None:
    """The job's document for ``role``, or None."""
    return await Document.get_or_none(job_id=job_id, role=role)
