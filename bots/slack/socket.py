"""Socket Mode: the same Bolt app over a WebSocket, for development without a public URL.

Needs an app-level token (``xapp-``, scope ``connections:write``) in ``SLACK__APP_TOKEN`` and
Socket Mode enabled in the app settings (https://docs.slack.dev/apis/events-api/using-socket-mode).
"""

from __future__ import annotations

import asyncio

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bots.slack.app import build_app
from config.settings import Settings


async def run_socket_mode(settings: Settings) -> None:
    """Connect and serve until cancelled. Raises ValueError when a token is missing."""
    from storage.db import close_db, init_db

    if settings.slack.app_token is None:
        raise ValueError("SLACK__APP_TOKEN (xapp-...) is required for Socket Mode")
    app = build_app(
        settings.model_copy(
            update={"slack": settings.slack.model_copy(update={"signing_secret": None})}
        )
    )
    handler = AsyncSocketModeHandler(app, settings.slack.app_token.get_secret_value())
    await init_db(settings)
    try:
        await handler.start_async()
    finally:
        await handler.close_async()
        await close_db()
        await asyncio.sleep(0)
