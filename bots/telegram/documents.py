"""Messages that are not commands: documents start jobs, photos and chit-chat get guidance."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bots.telegram import prefs, texts
from bots.telegram.filters import Addressed
from bots.telegram.intake import Upload, start_job


def _caption_jd(message: Message) -> str | None:
    """The caption as a job description, without a leading @bot mention."""
    caption = (message.caption or "").strip()
    if caption.startswith("@"):
        caption = caption.partition(" ")[2].strip()
    return caption or None


async def on_photo(message: Message) -> None:
    """Photos and image files: no job, ask for the PDF or DOCX."""
    await message.reply(texts.NOT_A_DOCUMENT)


async def on_document(message: Message, bot: Bot, state: FSMContext) -> None:
    """A PDF or DOCX (the parser decides by content and refuses anything else)."""
    document = message.document
    assert document is not None  # the filter guarantees it
    current = await prefs.load(state)
    job_description = _caption_jd(message) or current.job_description
    upload = Upload(
        document.file_id,
        document.file_name,
        document.mime_type,
        document.file_size,
        message.message_id,
    )
    submitted = await start_job(
        bot,
        message,
        upload,
        kind="analyze" if current.mode == "analyze" else "generate",
        job_description=job_description,
        output_format=current.output_format,
    )
    if submitted:
        # /jd applies to the next upload only; remember this one for a follow-up JD text.
        await prefs.update(
            state,
            jd=None,
            last=prefs.last_document(
                document.file_id,
                document.file_name,
                document.mime_type,
                message.message_id,
                had_jd=job_description is not None,
            ),
        )
        await state.set_state(None)


async def on_text(message: Message, bot: Bot, state: FSMContext) -> None:
    """A job description (after /jd, or right after a document), else the help text."""
    text = (message.text or "").strip()
    current = await prefs.load(state)
    waiting = await state.get_state() == prefs.Waiting.job_description.state
    last = current.last
    if not waiting and len(text) >= prefs.JD_MIN_CHARS and last is not None and last.invites_jd():
        # The person sent the file first and the job description second: run it again.
        upload = Upload(last.file_id, last.file_name, last.mime, None, last.message_id)
        await message.reply(texts.JD_RERUN)
        if await start_job(
            bot,
            message,
            upload,
            kind="analyze" if current.mode == "analyze" else "generate",
            job_description=text,
            output_format=current.output_format,
        ):
            await prefs.update(state, jd=None, last={**last.__dict__, "had_jd": True})
        return
    if waiting or len(text) >= prefs.JD_MIN_CHARS:
        await prefs.update(state, jd=text)
        await state.set_state(None)
        await message.reply(texts.JD_SAVED)
        return
    await message.answer(texts.HELP)


async def on_other(message: Message) -> None:
    """Stickers, voice notes, locations...: explain what to send."""
    await message.answer(texts.HELP)


def build_router() -> Router:
    """A fresh Router (a Router can belong to one Dispatcher only); groups: addressed only."""
    router = Router(name="telegram.documents")
    router.message.filter(Addressed())
    router.message.register(on_photo, F.photo)
    router.message.register(on_photo, F.document.mime_type.startswith("image/"))
    router.message.register(on_document, F.document)
    router.message.register(on_text, F.text)
    router.message.register(on_other)
    return router
