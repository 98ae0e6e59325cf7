"""The ``email`` channel's deliverer: the improved file and the change report as a threaded reply.

Email shows no live progress, so ``progress`` does nothing; ``deliver`` and ``fail`` each send
one reply through the relay (see :mod:`bots.email.relay` for which errors retry).
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from bots.email.compose import build_reply
from bots.email.relay import relay_send
from config.settings import get_settings
from pipeline.delivery import register
from pipeline.model import Analysis, ChangeSet
from pipeline.summary import summarize
from storage.documents import get_document
from storage.models import DocumentRole, Job

log = logging.getLogger(__name__)
MAX_ITEMS = 15


def _improved_name(original: str | None, output_filename: str) -> str:
    stem = PurePath(original).stem if original else "resume"
    return f"{stem}-improved{PurePath(output_filename).suffix or '.pdf'}"


class EmailDeliverer:
    async def progress(self, job: Job, stage: str) -> None:
        """Email has no message to edit; the reply comes when the job is done."""

    async def deliver(self, job: Job) -> None:
        reply = job.reply_to
        before = Analysis.model_validate(job.analysis_before) if job.analysis_before else None
        after = Analysis.model_validate(job.analysis_after) if job.analysis_after else None
        changes = ChangeSet.model_validate(job.changes) if job.changes else None
        paragraphs: list[str] = []
        bullets: list[str] = []
        if before is not None:
            summary = summarize(before, after, changes, limit=MAX_ITEMS)
            paragraphs.append(summary.headline)
            if summary.keywords:
                paragraphs.append(summary.keywords)
            bullets = [*summary.items, *summary.suggestions]
        attachments: list[tuple[str, str, bytes]] = []
        output = await get_document(job.id, DocumentRole.OUTPUT)
        if output is not None:
            name = _improved_name(reply.get("file_name") or job.filename, output.filename)
            attachments.append((name, output.content_type, bytes(output.data)))
            unchanged = changes is not None and not changes.changes
            paragraphs.insert(
                0,
                "Your resume is attached in our ATS-friendly layout; its text needed no changes."
                if unchanged
                else "Your improved resume is attached, with a report of every change and why.",
            )
        report = await get_document(job.id, DocumentRole.REPORT)
        if report is not None:
            attachments.append(("change-report.pdf", report.content_type, bytes(report.data)))
        if any("offline" in note for note in (changes.notes if changes else [])):
            paragraphs.append("Improved offline with our rule engine.")
        await self._send(job, paragraphs, bullets, attachments)

    async def fail(self, job: Job) -> None:
        message = job.error_message or "We could not process your resume. Please try again."
        await self._send(
            job,
            [
                message,
                "Reply to this message with your resume attached as a PDF or Word (.docx) file.",
            ],
            [],
            [],
        )

    async def _send(
        self,
        job: Job,
        paragraphs: list[str],
        bullets: list[str],
        attachments: list[tuple[str, str, bytes]],
    ) -> None:
        settings = get_settings().email
        reply = job.reply_to
        message = build_reply(
            from_address=settings.from_address,
            to=reply["to"],
            subject=reply.get("subject") or "",
            in_reply_to=reply.get("message_id"),
            references=list(reply.get("references") or []),
            paragraphs=paragraphs,
            bullets=bullets,
            attachments=attachments,
        )
        await relay_send(settings, message)
        log.info("email: reply sent", extra={"job_id": str(job.id)})


register("email", EmailDeliverer())
