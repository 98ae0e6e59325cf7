"""The aiogram Bot, pointed at the configured Bot API server."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from config.settings import TelegramSettings


def make_bot(settings: TelegramSettings) -> Bot:
    """A Bot for ``settings``; raises ValueError when no bot token is configured.

    ``api_base`` (``TELEGRAM__API_BASE``) selects another Bot API server (self-hosted, or the
    tests' fake); None means https://api.telegram.org.
    """
    if settings.bot_token is None:
        raise ValueError("TELEGRAM__BOT_TOKEN is not set: the Telegram channel is off.")
    session = (
        AiohttpSession(api=TelegramAPIServer.from_base(settings.api_base))
        if settings.api_base
        else AiohttpSession()
    )
    return Bot(settings.bot_token.get_secret_value(), session=session)
