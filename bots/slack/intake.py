"""Turn a Slack file (from the modal or a shared message) into a job.

One path for both entry points: post the working note, look the file up (``files.info``),
pre-check its type and size, download it with the bot token, submit the job. Every refusal is
written into the working note (or told ephemerally) so the person knows what to do.

When the app cannot post in the conversation (``not_in_channel``: the app was never invited;
``channel_not_found``: a DM between two people, a private channel), the person gets an
ephemeral hint and the job continues in their DM with the app (``conversations.open``, a
channel id, never a user id: files.completeUploadExternal takes channel ids only).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import aiohttp
import httpx
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bots.slack import blocks
from bots.slack.download import (
    NOT_VISIBLE,
    DownloadError,
    TokenPolicy,
    download_private_file,
)
from config.settings import Settings
from pipeline.errors import TooLarge, UnsupportedType

if TYPE_CHECKING:
    from pipeline.jobs import JobRequest

log = logging.getLogger(__name__)

# Errors meaning "the app may not post here"; the DM with the person still works.
NOT_POSTABLE = frozenset(
    {"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "cant_post"}
)
ACCEPTED_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

Submit = Callable[["JobRequest"], Awaitable[Any]]


def _default_submit() -> Submit:
    from pipeline.jobs import submit  # the job service; tests may inject another entry point

    return submit


@dataclass
class Deps:
    """What the Slack handlers need, injected (never module globals)."""

    settings: Settings
    client: AsyncWebClient
    http: httpx.AsyncClient
    submit: Submit = field(default_factory=_default_submit)

    @property
    def policy(self) -> TokenPolicy:
        return TokenPolicy.from_api_base(self.settings.slack.api_base)


@dataclass
class Origin:
    """Where a request came from and where its answers go.

    ``thread_ts`` is the thread to answer in (None: top level); ``response_url`` is the slash
    command's (valid 30 minutes, 5 uses: https://docs.slack.dev/interactivity/handling-user-interaction).
    """

    team_id: str
    channel_id: str
    user_id: str
    thread_ts: str | None = None
    response_url: str | None = None


@dataclass
class Request:
    file_id: str
    external_id: str
    kind: str = "generate"  # "generate" (improve and render) or "analyze"
    output_format: str = "pdf"
    job_description: str | None = None


def file_problem(file: dict[str, Any], max_bytes: int) -> str | None:
    """The user message refusing ``file`` (a Slack file object) before download, or None."""
    name = str(file.get("name") or "")
    filetype = str(file.get("filetype") or name.rsplit(".", 1)[-1]).lower()
    if filetype not in ACCEPTED_TYPES:
        return UnsupportedType().message
    size = file.get("size")
    if isinstance(size, int) and size > max_bytes:
        return TooLarge().message
    return None


async def hint(deps: Deps, origin: Origin, text: str) -> bool:
    """Tell the person ``text`` only they can see; True when Slack took it.

    Tries ``chat.postEphemeral`` and then the command's ``response_url``, which works even
    where the app is not a member.
    """
    try:
        await deps.client.chat_postEphemeral(
            channel=origin.channel_id,
            user=origin.user_id,
            text=text,
            blocks=blocks.text_blocks(text),
            thread_ts=origin.thread_ts,
        )
        return True
    except SlackApiError as exc:
        log.info("slack ephemeral refused: %s", exc.response.get("error"))
    if origin.response_url:
        try:
            result = await AsyncWebhookClient(origin.response_url).send(
                text=text, response_type="ephemeral"
            )
        except (TimeoutError, aiohttp.ClientError) as exc:
            log.info("slack response_url unreachable: %s", type(exc).__name__)
            return False
        return result.status_code == 200
    return False


async def post_note(deps: Deps, origin: Origin) -> tuple[Origin, str | None]:
    """Post the working note; returns the (possibly moved-to-DM) origin and the note's ts."""
    text = blocks.working_text(origin.user_id)
    try:
        note = await deps.client.chat_postMessage(
            channel=origin.channel_id, text=text, thread_ts=origin.thread_ts
        )
        return origin, str(note["ts"])
    except SlackApiError as exc:
        if exc.response.get("error") not in NOT_POSTABLE:
            raise
    await hint(
        deps,
        origin,
        "I can't post in this conversation, so I'll send the result to our direct messages. "
        "To get results here, add me to the channel (`/invite @Resume Engine`).",
    )
    dm = await deps.client.conversations_open(users=origin.user_id)
    moved = Origin(origin.team_id, str(dm["channel"]["id"]), origin.user_id, None, None)
    note = await deps.client.chat_postMessage(channel=moved.channel_id, text=text)
    return moved, str(note["ts"])


async def _say(deps: Deps, origin: Origin, note_ts: str | None, text: str) -> None:
    """Replace the working note with ``text`` (a refusal); ephemeral if there is no note."""
    if note_ts is None:
        await hint(deps, origin, text)
        return
    await deps.client.chat_update(
        channel=origin.channel_id, ts=note_ts, text=text, blocks=blocks.text_blocks(text)
    )


async def start_job(deps: Deps, origin: Origin, request: Request) -> Any | None:
    """Run the whole intake; returns the submitted job, or None when refused (user told).

    Raises:
        SlackApiError: Slack refused something other than posting (logged by Bolt).
    """
    from pipeline.jobs import JobRequest, JobsUnavailable

    origin, note_ts = await post_note(deps, origin)
    try:
        info = await deps.client.files_info(file=request.file_id)
    except SlackApiError as exc:
        # file_not_found (deleted, or not visible to the app), missing_scope (files:read).
        log.info("slack files.info refused: %s", exc.response.get("error"))
        await _say(deps, origin, note_ts, NOT_VISIBLE)
        return None
    file: dict[str, Any] = dict(info["file"])
    limit = min(deps.settings.slack.max_file_bytes, deps.settings.limits.max_file_bytes)
    problem = file_problem(file, limit)
    if problem is not None:
        await _say(deps, origin, note_ts, problem)
        return None
    url = file.get("url_private_download") or file.get("url_private")
    token = deps.client.token or ""
    try:
        if not url:
            raise DownloadError("no_url", NOT_VISIBLE)
        data = await download_private_file(
            str(url), token, policy=deps.policy, max_bytes=limit, client=deps.http
        )
    except DownloadError as exc:
        log.info("slack download refused: %s", exc.code)
        await _say(deps, origin, note_ts, exc.message)
        return None
    filetype = str(file.get("filetype") or "").lower()
    thread_ts = origin.thread_ts or note_ts
    job_request = JobRequest(
        channel="slack",
        kind=request.kind,
        data=data,
        filename=str(file.get("name") or f"resume.{filetype or 'pdf'}"),
        content_type=ACCEPTED_TYPES.get(filetype, "application/octet-stream"),
        external_id=request.external_id,
        requester_id=origin.user_id,
        reply_to={
            "team_id": origin.team_id,
            "channel_id": origin.channel_id,
            "user_id": origin.user_id,
            "thread_ts": thread_ts,
            "response_url": origin.response_url,
            "note_ts": note_ts,
        },
        job_description=request.job_description,
        output_format=request.output_format,
    )
    try:
        job = await deps.submit(job_request)
    except JobsUnavailable:
        await _say(
            deps,
            origin,
            note_ts,
            "The service is busy right now and could not take the file. Please try again in a "
            "few minutes.",
        )
        return None
    if note_ts is not None and (job.reply_to or {}).get("note_ts") != note_ts:
        # A duplicate delivery raced the first one: that job has its own note, drop ours.
        await deps.client.chat_delete(channel=origin.channel_id, ts=note_ts)
    return job
