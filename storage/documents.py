"""Document rows: the bytes of a job's input and outputs.

Documents live in the database (not on a local disk) so any worker on any machine reads them
and deleting a job deletes its files (cascade). Sizes are bounded upstream by
``settings.limits.max_file_bytes`` (10 MB default) for inputs; outputs are a few hundred KB.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
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
    replace: bool = True,
) -> Document:
    """Store ``data`` as the job's document for ``role``, replacing an earlier one.

    Replacing (not adding) keeps a re-run stage idempotent: one output per role per job.
    ``replace=False`` skips the delete for a job that cannot have one yet (created in the
    same transaction); a duplicate then fails on ``(job, role)`` instead of replacing.
    """
    if replace:
        await Document.filter(job_id=job.id, role=role).using_db(using_db).delete()
    document = _document(job, role, data, filename, content_type)
    await document.save(using_db=using_db, force_create=True)
    return document


def _document(
    job: Job, role: DocumentRole, data: bytes, filename: str, content_type: str
) -> Document:
    """An unsaved document row for ``data``, with its size and sha256."""
    return Document(
        job=job,
        role=role,
        filename=filename,
        content_type=content_type,
        sha256=sha256(data),
        size=len(data),
        data=data,
    )


async def put_documents(
    job: Job,
    documents: Sequence[tuple[DocumentRole, bytes, str, str]],
    *,
    using_db: BaseDBAsyncClient | None = None,
) -> list[Document]:
    """Store several documents ``(role, data, filename, content_type)`` of one job at once.

    Same result as :func:`put_document` per item (each replaces the job's earlier document
    of its role) in two statements, one delete and one multi-row insert, instead of two per
    document. Call it inside a transaction, or a failed insert leaves the roles deleted.
    """
    if not documents:
        return []
    roles = [role for role, *_ in documents]
    await Document.filter(job_id=job.id, role__in=roles).using_db(using_db).delete()
    rows = [_document(job, *document) for document in documents]
    await Document.bulk_create(rows, using_db=using_db)
    return rows


async def get_document(job_id: UUID | str, role: DocumentRole) -> Document | None:
    """The job's document for ``role``, or None."""
    return await Document.get_or_none(job_id=job_id, role=role)
