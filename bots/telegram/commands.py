"""Slash commands: /start /help /jd /format /analyze /status /delete."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bots.telegram import prefs, texts
from pipeline import jobs

log = logging.getLogger(__name__)

_STATUS_TEXT = {
    "queued": "waiting in the queue",
    "parsing": "being read",
    "improving": "being improved",
    "generating": "being built into a file",
    "delivering": "being sent to you",
    "succeeded": "done",
    "failed": "refused",
}


def _requester(message: Message) -> str:
    return str(message.from_user.id if message.from_user else message.chat.id)


async def cmd_start(message: Message) -> None:
    await message.answer(texts.HELP)


async def cmd_help(message: Message) -> None:
    await message.answer(texts.HELP)


async def cmd_jd(message: Message, command: CommandObject, state: FSMContext) -> None:
    """``/jd <text>`` saves it for the next upload, ``/jd clear`` clears, ``/jd`` asks for it."""
    args = (command.args or "").strip()
    if args.lower() in {"clear", "off", "none", "-"}:
        await prefs.update(state, jd=None)
        await state.set_state(None)
        await message.answer(texts.JD_CLEARED)
    elif args:
        await prefs.update(state, jd=args)
        await state.set_state(None)
        await message.answer(texts.JD_SAVED)
    else:
        await state.set_state(prefs.Waiting.job_description)
        await message.answer(texts.JD_ASK)


async def cmd_format(message: Message, command: CommandObject, state: FSMContext) -> None:
    choice = (command.args or "").strip().lower().lstrip(".")
    if choice in {"pdf", "docx"}:
        await prefs.update(state, format=choice)
        await message.answer(texts.FORMAT_SET.format(fmt=choice.upper()))
    else:
        current = await prefs.load(state)
        await message.answer(texts.FORMAT_USAGE.format(fmt=current.output_format))


async def cmd_analyze(message: Message, command: CommandObject, state: FSMContext) -> None:
    """``/analyze`` (or ``on``): score and findings only; ``/analyze off``: improve again."""
    off = (command.args or "").strip().lower() in {"off", "no", "stop"}
    await prefs.update(state, mode="generate" if off else "analyze")
    await message.answer(texts.ANALYZE_OFF if off else texts.ANALYZE_ON)


async def cmd_status(message: Message) -> None:
    try:
        job = await jobs.latest_job("telegram", _requester(message))
    except jobs.JobsUnavailable:
        await message.answer(texts.TRY_LATER)
        return
    if job is None:
        await message.answer(texts.STATUS_NONE)
        return
    status = str(job.status)
    text = _STATUS_TEXT.get(status, status)
    if status == "failed" and job.error_message:
        text = f"{text}: {job.error_message}"
    await message.answer(texts.STATUS.format(status=text))


async def cmd_delete(message: Message, state: FSMContext) -> None:
    """Erase the person's jobs and files, and their chat preferences."""
    try:
        count = await jobs.erase("telegram", _requester(message))
    except jobs.JobsUnavailable:
        await message.answer(texts.TRY_LATER)
        return
    await state.clear()
    await message.answer(texts.DELETED.format(count=count))


def build_router() -> Router:
    """A fresh Router (a Router can belong to one Dispatcher only)."""
    router = Router(name="telegram.commands")
    router.message.register(cmd_start, CommandStart())
    router.message.register(cmd_help, Command("help"))
    router.message.register(cmd_jd, Command("jd"))
    router.message.register(cmd_format, Command("format"))
    router.message.register(cmd_analyze, Command("analyze"))
    router.message.register(cmd_status, Command("status"))
    router.message.register(cmd_delete, Command("delete"))
    return router
