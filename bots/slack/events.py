"""Files shared with the app in a DM (``message.im``) or with an @mention (``app_mention``).

Bolt acknowledges events before the listener runs, but Slack retries any event it did not see
answered within 3 seconds, adding ``X-Slack-Retry-Num``
(https://docs.slack.dev/apis/events-api/#retries). The job's external id names the message and
the file, and the job service keeps it unique per channel, so a retry never makes a second job;
a retry seen by
the process that is still handling the first delivery is dropped before it posts anything, and
one seen elsewhere after the job exists is dropped by a database check.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltRequest

from bots.slack import blocks
from bots.slack.intake import Deps, Origin, Request, hint, start_job

log = logging.getLogger(__name__)

SEEN_LIMIT = 4096


class Seen:
    """A bounded set of external ids this process has started (oldest forgotten first)."""

    def __init__(self, limit: int = SEEN_LIMIT) -> None:
        self.limit = limit
        self._ids: OrderedDict[str, None] = OrderedDict()

    def add(self, key: str) -> bool:
        """Record ``key``; False when it was already there."""
        if key in self._ids:
            return False
        self._ids[key] = None
        if len(self._ids) > self.limit:
            self._ids.popitem(last=False)
        return True


def external_id(team_id: str, channel_id: str, ts: str, file_id: str) -> str:
    """The job's key: the message that carried the file (a retry repeats it; sharing the same
    file again is a new message, so a new job)."""
    return f"msg:{team_id}:{channel_id}:{ts}:{file_id}"


def _retry_num(request: AsyncBoltRequest) -> int:
    values = request.headers.get("x-slack-retry-num") or ["0"]
    return int(values[0]) if values[0].isdigit() else 0


async def _already_submitted(key: str) -> bool:
    from storage.models import Job

    return await Job.filter(channel="slack", external_id=key).exists()


def register(app: AsyncApp, deps: Deps) -> None:
    seen = Seen()

    async def take(
        event: dict[str, Any], body: dict[str, Any], request: AsyncBoltRequest, *, in_thread: bool
    ) -> None:
        files = event.get("files") or []
        if not files or event.get("bot_id"):
            return
        team_id = str(body.get("team_id") or event.get("team") or "")
        file_id = str(files[0].get("id", ""))
        key = external_id(team_id, str(event.get("channel", "")), str(event.get("ts", "")), file_id)
        if not seen.add(key):
            return
        if _retry_num(request) and await _already_submitted(key):
            log.info("slack event retry ignored (job exists)")
            return
        origin = Origin(
            team_id=team_id,
            channel_id=str(event.get("channel", "")),
            user_id=str(event.get("user", "")),
            # In a channel, answer in the thread of the message that carried the file.
            thread_ts=(event.get("thread_ts") or event.get("ts")) if in_thread else None,
        )
        if len(files) > 1:
            await hint(deps, origin, "I take one file at a time: working on the first one.")
        await start_job(deps, origin, Request(file_id=file_id, external_id=key))

    @app.event("message")
    async def on_message(
        event: dict[str, Any], body: dict[str, Any], request: AsyncBoltRequest
    ) -> None:
        # Only direct messages: in channels the app answers @mentions (app_mention) alone.
        if event.get("channel_type") != "im" or event.get("bot_id"):
            return
        if event.get("files") and event.get("subtype") in (None, "file_share"):
            await take(event, body, request, in_thread=False)
        elif event.get("subtype") is None and not event.get("thread_ts"):
            # A plain DM ("hi", a question): say how to use the app.
            await deps.client.chat_postMessage(
                channel=str(event.get("channel", "")),
                text=blocks.HELP_TEXT,
                blocks=blocks.help_blocks(),
            )

    @app.event("app_mention")
    async def on_mention(
        event: dict[str, Any], body: dict[str, Any], request: AsyncBoltRequest
    ) -> None:
        if event.get("files"):
            await take(event, body, request, in_thread=True)
        else:
            await hint(
                deps,
                Origin(
                    str(body.get("team_id", "")),
                    str(event.get("channel", "")),
                    str(event.get("user", "")),
                    event.get("thread_ts"),
                ),
                "Attach your resume (PDF or DOCX) to the message that mentions me, "
                "or use `/resume`.",
            )
