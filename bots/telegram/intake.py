"""Turn a Telegram document into a job: size check, download, status message, submit."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import Message, ReplyParameters

from bots.telegram import texts
from pipeline import jobs

log = logging.getLogger(__name__)

# Bot API getFile: "bots can download files of up to 20 MB in size"
# (https://core.telegram.org/bots/api#getfile). A local Bot API server lifts it.
DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Upload:
    """A file the person sent: the document itself, or the last one again (JD follow-up)."""

    file_id: str
    file_name: str | None
    mime: str | None
    size: int | None
    message_id: int


class FileTooBig(Exception):
    """Telegram will not hand this file to a bot (over the getFile limit)."""


async def download(bot: Bot, upload: Upload, limit: int = DOWNLOAD_LIMIT_BYTES) -> bytes:
    """The file's bytes, in memory.

    Raises:
        FileTooBig: ``file_size`` over ``limit`` (checked before any request), or getFile
            answered "file is too big" (``file_size`` was missing).
        TelegramAPIError: any other Bot API or network failure.
    """
    if upload.size is not None and upload.size > limit:
        raise FileTooBig
    buffer = io.BytesIO()
    try:
        await bot.download(upload.file_id, destination=buffer)
    except TelegramBadRequest as err:
        if "too big" in err.message.lower():
            raise FileTooBig from err
        raise
    return buffer.getvalue()


async def start_job(
    bot: Bot,
    message: Message,
    upload: Upload,
    *,
    kind: str,
    job_description: str | None,
    output_format: str,
) -> bool:
    """Download ``upload``, post the status message and submit the job.

    ``message`` is the update's message (its id makes the job's external id, so a redelivered
    update is one job); the result replies to ``upload.message_id``. Every refusal is answered
    in the chat. Returns True when a job was submitted.
    """
    chat_id = message.chat.id
    reply = ReplyParameters(message_id=upload.message_id, allow_sending_without_reply=True)
    try:
        data = await download(bot, upload)
    except FileTooBig:
        await message.answer(texts.TOO_BIG, reply_parameters=reply)
        return False
    except TelegramAPIError as err:
        log.warning("telegram download failed: %s", type(err).__name__)
        await message.answer(texts.DOWNLOAD_FAILED, reply_parameters=reply)
        return False
    status = await message.answer(texts.RECEIVED, reply_parameters=reply)
    user_id = message.from_user.id if message.from_user else chat_id
    request = jobs.JobRequest(
        channel="telegram",
        kind=kind,
        data=data,
        filename=upload.file_name or "resume",
        content_type=upload.mime or "application/octet-stream",
        external_id=f"{chat_id}:{message.message_id}",
        requester_id=str(user_id),
        reply_to={
            "chat_id": chat_id,
            "message_id": upload.message_id,
            "status_message_id": status.message_id,
            "file_name": upload.file_name,
        },
        job_description=job_description,
        output_format=output_format,
    )
    try:
        await jobs.submit(request)
    except jobs.JobsUnavailable:
        log.warning("telegram submit: jobs unavailable")
        await status.edit_text(texts.TRY_LATER)
        return False
    return True
