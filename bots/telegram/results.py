"""The Telegram deliverer: progress in one status message, the result back in the chat.

Runs in the worker, loaded by :mod:`bots.telegram.deliver` on the first Telegram job. Reply address
(``job.reply_to``): ``{chat_id, message_id, status_message_id, file_name}``.

Error policy (the Bot API's, https://core.telegram.org/bots/api#making-requests):
- 429 with ``retry_after``: waited out here and the same call retried (up to
  :data:`MAX_INLINE_WAIT` seconds; longer waits go back to the queue as ``DeliveryRetry``).
- 403 (bot blocked, kicked) or a chat that no longer exists: ``DeliveryGone``, no retries.
- Network errors and 5xx: ``DeliveryRetry``; the actor retries with backoff. Steps already
  posted are remembered in Redis, so a retry never posts the document twice.
Progress is best effort: a failed edit never fails the job.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiogram import Bot
from aiogram.enums import ChatAction, ParseMode
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyParameters,
)
from redis.asyncio import Redis

from bots.telegram import texts
from bots.telegram.callbacks import ReportButton
from bots.telegram.client import make_bot
from bots.telegram.format import caption, improved_name, split_messages
from config.settings import Settings, get_settings
from pipeline import delivery, jobs
from pipeline.model import Analysis, ChangeSet
from storage.models import Job

log = logging.getLogger(__name__)

T = TypeVar("T")

MAX_INLINE_WAIT = 30.0  # seconds of flood control waited inside one delivery attempt
MAX_FLOOD_WAITS = 3
STEPS_TTL_SECONDS = 7 * 24 * 3600

# Job status (or stage name) -> status-message key in texts.STAGES.
_STAGE_KEYS = {
    "queued": "received",
    "received": "received",
    "parsing": "reading",
    "reading": "reading",
    "improving": "improving",
    "generating": "building",
    "building": "building",
    "delivering": "sending",
    "succeeded": "done",
    "done": "done",
    "failed": "failed",
}
_GONE_MARKERS = ("chat not found", "user is deactivated", "bot was kicked", "chat was deleted")


def stage_text(job: Job, stage: str) -> str | None:
    """The status line for ``stage`` (None for stages the chat does not show)."""
    key = _STAGE_KEYS.get(str(stage))
    if key is None:
        return None
    if key == "improving" and str(job.kind) == "analyze":
        key = "analyzing"
    fmt = str((job.options or {}).get("output_format") or "pdf").upper()
    return texts.STAGES[key].format(fmt=fmt)


async def call(make: Callable[[], Awaitable[T]]) -> T:
    """Run one Bot API call under the delivery error policy (see the module docstring)."""
    for _ in range(MAX_FLOOD_WAITS + 1):
        try:
            return await make()
        except TelegramRetryAfter as err:
            if err.retry_after > MAX_INLINE_WAIT:
                raise delivery.DeliveryRetry("telegram flood control", err.retry_after) from err
            await asyncio.sleep(err.retry_after)
        except TelegramForbiddenError as err:
            raise delivery.DeliveryGone(f"telegram: {err.message}") from err
        except (TelegramBadRequest, TelegramNotFound) as err:
            if any(marker in err.message.lower() for marker in _GONE_MARKERS):
                raise delivery.DeliveryGone(f"telegram: {err.message}") from err
            raise
        except (TelegramNetworkError, TelegramServerError) as err:
            raise delivery.DeliveryRetry(f"telegram: {type(err).__name__}") from err
    raise delivery.DeliveryRetry("telegram flood control persists")


class TelegramDeliverer:
    """Posts jobs back to Telegram chats with an aiogram Bot made from the settings.

    The Bot and the Redis client are created lazily on the event loop that uses them (the
    worker's AsyncIO middleware runs one loop per process).
    """

    def __init__(self, settings: Callable[[], Settings] = get_settings) -> None:
        self._settings = settings
        self._clients: tuple[asyncio.AbstractEventLoop, Bot, Redis] | None = None

    def _get(self) -> tuple[Bot, Redis]:
        loop = asyncio.get_running_loop()
        if self._clients is None or self._clients[0] is not loop:
            settings = self._settings()
            self._clients = (loop, make_bot(settings.telegram), Redis.from_url(settings.redis_url))
        return self._clients[1], self._clients[2]

    async def close(self) -> None:
        if self._clients is not None:
            _, bot, redis = self._clients
            self._clients = None
            await bot.session.close()
            await redis.aclose()

    # ---- Deliverer protocol ---------------------------------------------------------------
    async def progress(self, job: Job, stage: str) -> None:
        """Edit the status message to ``stage`` and show "sending a file…" while working."""
        text = stage_text(job, stage)
        chat_id, status_id = job.reply_to.get("chat_id"), job.reply_to.get("status_message_id")
        if text is None or chat_id is None:
            return
        bot, _ = self._get()
        try:
            if status_id is not None:
                await bot.edit_message_text(text=text, chat_id=chat_id, message_id=status_id)
            if _STAGE_KEYS.get(str(stage)) not in {"done", "failed"}:
                await bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
        except TelegramAPIError as err:
            # "message is not modified", flood control, a blocked bot: the result still goes.
            log.info("telegram progress skipped for job %s: %s", job.id, type(err).__name__)

    async def deliver(self, job: Job) -> None:
        """Post the result: the file (or the score for analyze jobs), the summary, the button."""
        bot, redis = self._get()
        steps = _Steps(redis, str(job.id))
        reply_to = job.reply_to
        chat_id = reply_to["chat_id"]
        reply = ReplyParameters(message_id=reply_to["message_id"], allow_sending_without_reply=True)
        before = Analysis.model_validate(job.analysis_before) if job.analysis_before else None
        if before is None:
            raise delivery.DeliveryRetry("job has no analysis yet")
        after = Analysis.model_validate(job.analysis_after) if job.analysis_after else None
        changes = ChangeSet.model_validate(job.changes) if job.changes else None
        # Imported here so the worker starts (and other channels deliver) even while the
        # summary step is being rebuilt; it is a pure function with no import-time cost.
        from pipeline.summary import summarize

        summary = summarize(before, after, changes)

        output = await jobs.output_document(job, "output")
        report = await jobs.output_document(job, "report")
        button = (
            InlineKeyboardMarkup(
                inline_keyboard=[
                    [
                        InlineKeyboardButton(
                            text=texts.REPORT_BUTTON,
                            callback_data=ReportButton(job_id=str(job.id)).pack(),
                        )
                    ]
                ]
            )
            if report is not None
            else None
        )
        title = texts.SUMMARY_TITLE_HTML if output is not None else texts.FINDINGS_TITLE_HTML
        messages = split_messages(title, summary.items)

        if output is not None:
            fmt = str((job.options or {}).get("output_format") or "pdf")
            name = improved_name(reply_to.get("file_name") or job.filename, fmt)
            await steps.once(
                "document",
                lambda: call(
                    lambda: bot.send_document(
                        chat_id,
                        BufferedInputFile(bytes(output.data), filename=name),
                        caption=caption(summary.headline),
                        reply_parameters=reply,
                        reply_markup=button if not messages else None,
                    )
                ),
            )
        else:  # analyze: the score is the headline of the first message
            messages = split_messages(f"<b>{_escape(summary.headline)}</b>", summary.items) or [
                f"<b>{_escape(summary.headline)}</b>"
            ]
        for index, text in enumerate(messages):
            markup = button if index == len(messages) - 1 else None
            first_reply = reply if output is None and index == 0 else None
            await steps.once(f"summary:{index}", _sender(bot, chat_id, text, first_reply, markup))
        await self.progress(job, "done")

    async def fail(self, job: Job) -> None:
        """Tell the person, in plain words, why their file was refused."""
        bot, redis = self._get()
        steps = _Steps(redis, str(job.id))
        reply_to = job.reply_to
        text = job.error_message or texts.STAGES["failed"]
        await self.progress(job, "failed")
        await steps.once(
            "fail",
            lambda: call(
                lambda: bot.send_message(
                    reply_to["chat_id"],
                    text,
                    reply_parameters=ReplyParameters(
                        message_id=reply_to["message_id"], allow_sending_without_reply=True
                    ),
                )
            ),
        )


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _sender(
    bot: Bot,
    chat_id: int,
    text: str,
    reply: ReplyParameters | None,
    markup: InlineKeyboardMarkup | None,
) -> Callable[[], Awaitable[Any]]:
    """A zero-argument poster of one HTML message, for :meth:`_Steps.once`."""
    return lambda: call(
        lambda: bot.send_message(
            chat_id, text, parse_mode=ParseMode.HTML, reply_parameters=reply, reply_markup=markup
        )
    )


class _Steps:
    """Which posts of one job's delivery are done (Redis set), so a retry resumes."""

    def __init__(self, redis: Redis, job_id: str) -> None:
        self.redis = redis
        self.key = f"telegram:delivered:{job_id}"

    async def once(self, step: str, post: Callable[[], Awaitable[Any]]) -> None:
        if await self.redis.sismember(self.key, step):
            return
        await post()
        await self.redis.sadd(self.key, step)
        await self.redis.expire(self.key, STEPS_TTL_SECONDS)
