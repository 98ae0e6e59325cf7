"""Inline buttons: the full change report PDF under a delivered result."""

from __future__ import annotations

import uuid

from aiogram import Bot, F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, CallbackQuery

from bots.telegram import texts
from config.settings import Settings
from pipeline import jobs


class ReportButton(CallbackData, prefix="report"):
    """``report:<job uuid>``: 43 bytes, under the 64-byte callback_data limit."""

    job_id: str


async def on_report(
    query: CallbackQuery, callback_data: ReportButton, bot: Bot, settings: Settings
) -> None:
    """Send the report of the job on the button, only to the person who sent that resume."""
    try:
        job_id = uuid.UUID(callback_data.job_id)
        job = await jobs.get_job(job_id)
    except ValueError:
        job = None
    except jobs.JobsUnavailable:
        await query.answer(texts.TRY_LATER, show_alert=True)
        return
    document = None
    if (
        job is not None
        and job.channel == "telegram"
        and job.requester_id == str(query.from_user.id)
    ):
        document = await jobs.output_document(job, "report")
    if document is None:
        await query.answer(texts.REPORT_GONE.format(days=settings.retention_days), show_alert=True)
        return
    await query.answer()
    chat_id = query.message.chat.id if query.message else query.from_user.id
    await bot.send_document(
        chat_id,
        BufferedInputFile(bytes(document.data), filename=document.filename),
        caption=texts.REPORT_CAPTION,
    )


def build_router() -> Router:
    """A fresh Router (a Router can belong to one Dispatcher only)."""
    router = Router(name="telegram.callbacks")
    router.callback_query.register(on_report, ReportButton.filter(), F.message)
    return router
