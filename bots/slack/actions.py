"""The result message's "Full change report" button: upload the report PDF in the thread.

The button's value is the job id. The report is the job's ``report`` document when the worker
made one, else it is rendered from the stored analyses and changes.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError

from bots.slack import blocks
from bots.slack.intake import Deps, Origin, hint

log = logging.getLogger(__name__)


async def report_pdf(job_id: str) -> bytes | None:
    """The change report of ``job_id`` as PDF bytes, or None when the job is gone."""
    from pipeline.jobs import get_job, output_document
    from pipeline.model import Analysis, ChangeSet, Resume
    from pipeline.render import render_report

    job = await get_job(job_id)
    if job is None:
        return None
    document = await output_document(job, "report")
    if document is not None:
        return bytes(document.data)
    if job.analysis_before is None or job.analysis_after is None:
        return None
    return render_report(
        Analysis.model_validate(job.analysis_before),
        Analysis.model_validate(job.analysis_after),
        ChangeSet.model_validate(job.changes or {}),
        None,
        resume=Resume.model_validate(job.improved_resume) if job.improved_resume else None,
    )


def register(app: AsyncApp, deps: Deps) -> None:
    @app.action(blocks.REPORT_ACTION_ID)
    async def on_report(ack: AsyncAck, action: dict[str, Any], body: dict[str, Any]) -> None:
        await ack()
        channel = str(body.get("channel", {}).get("id", ""))
        message = body.get("message", {})
        origin = Origin(
            team_id=str(body.get("team", {}).get("id", "")),
            channel_id=channel,
            user_id=str(body.get("user", {}).get("id", "")),
            thread_ts=message.get("thread_ts") or message.get("ts"),
            response_url=body.get("response_url"),
        )
        try:
            data = await report_pdf(str(action.get("value", "")))
        except (ValueError, LookupError):
            data = None
        if data is None:
            await hint(
                deps,
                origin,
                "This report is no longer available (results are kept "
                "for a limited time). Send the resume again to get a new one.",
            )
            return
        try:
            await deps.client.files_upload_v2(
                channel=channel,
                thread_ts=origin.thread_ts,
                content=data,
                filename="change-report.pdf",
                title="Change report",
            )
        except SlackApiError as exc:
            log.info("slack report upload refused: %s", exc.response.get("error"))
            await hint(deps, origin, "I could not post the report here; add me to the channel.")
