"""``/resume``: ack at once, then open the modal; ``/resume help`` explains usage.

Slack drops a command not acknowledged within 3 seconds
(https://docs.slack.dev/interactivity/implementing-slash-commands), and ``views.open`` needs the
command's ``trigger_id`` within 3 seconds of the command, so the modal is opened right after
the ack. The origin (channel, thread, response_url) rides in the modal's ``private_metadata``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError

from bots.slack import blocks
from bots.slack.intake import Deps

log = logging.getLogger(__name__)

COMMAND = "/resume"


def origin_metadata(command: dict[str, Any]) -> str:
    """The modal's ``private_metadata`` (≤ 3,000 chars): where the command was typed."""
    return json.dumps(
        {
            "team_id": command.get("team_id", ""),
            "channel_id": command.get("channel_id", ""),
            "user_id": command.get("user_id", ""),
            "response_url": command.get("response_url"),
        },
        separators=(",", ":"),
    )


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command(COMMAND)
    async def cmd_resume(ack: AsyncAck, command: dict[str, Any]) -> None:
        if command.get("text", "").strip().lower() in {"help", "?", "-h", "--help"}:
            await ack(text=blocks.HELP_TEXT, blocks=blocks.help_blocks())
            return
        await ack()
        try:
            await deps.client.views_open(
                trigger_id=command["trigger_id"],
                view=blocks.resume_modal(origin_metadata(command)),
            )
        except SlackApiError as exc:
            # expired_trigger_id: Slack took more than 3 s to reach us or we were slow.
            log.warning("slack views.open failed: %s", exc.response.get("error"))
            await deps.client.chat_postEphemeral(
                channel=command["channel_id"],
                user=command["user_id"],
                text="The form could not be opened. Please run `/resume` again.",
            )
