"""The ``slack`` Deliverer: progress on the working note, the result in its thread.

``reply_to`` (set by :mod:`bots.slack.intake`): ``{team_id, channel_id, user_id, thread_ts,
response_url, note_ts}``; ``channel_id`` is always a conversation id (C…, G…, D…), never a user
id: ``files.completeUploadExternal`` shares into channels only.

- progress: ``chat.update`` of the working note; never fails the job.
- deliver: the note becomes the result message (score before → after, top changes, a button
  for the full change report), then the improved file is uploaded into the thread with
  ``files_upload_v2`` (files.getUploadURLExternal → upload → files.completeUploadExternal). The
  upload comes last so a retried delivery re-edits the note instead of posting a second file.
- errors: ``not_in_channel`` and the like move the result to the person's DM with an ephemeral
  hint; :class:`DeliveryGone` when nothing at all can be posted (app uninstalled, user gone).
  429 is waited out by the client's retry handler, then :class:`DeliveryRetry` with Slack's
  ``Retry-After``; network failures and Slack 5xx are :class:`DeliveryRetry` too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bots.slack import blocks
from bots.slack.app import build_client
from bots.slack.intake import NOT_POSTABLE
from config.settings import get_settings
from pipeline.delivery import DeliveryGone, DeliveryRetry, register

if TYPE_CHECKING:
    from storage.models import Job

log = logging.getLogger(__name__)

# The workspace no longer lets the app act at all: retrying cannot help.
GONE = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "no_permission",
        "missing_scope",
        "team_access_not_granted",
        "user_not_found",
    }
)
TRANSIENT = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)
GENERIC_FAILURE = "Something went wrong while working on this resume. Please try again later."


@dataclass
class Target:
    channel_id: str
    user_id: str
    thread_ts: str | None
    note_ts: str | None
    response_url: str | None

    @classmethod
    def of(cls, job: Job) -> Target:
        r: dict[str, Any] = job.reply_to or {}
        return cls(
            str(r.get("channel_id") or ""),
            str(r.get("user_id") or ""),
            r.get("thread_ts"),
            r.get("note_ts"),
            r.get("response_url"),
        )


def _error(exc: SlackApiError) -> str:
    return str(exc.response.get("error") or f"http_{exc.response.status_code}")


def _translate(exc: Exception) -> Exception:
    """Map a client error to the delivery seam's exceptions."""
    if isinstance(exc, SlackApiError):
        error = _error(exc)
        if exc.response.status_code == 429 or error == "ratelimited":
            retry_after = exc.response.headers.get("Retry-After") or exc.response.headers.get(
                "retry-after"
            )
            value = retry_after[0] if isinstance(retry_after, list) else retry_after
            return DeliveryRetry("slack rate limit", float(value) if value else None)
        if error in TRANSIENT or exc.response.status_code >= 500:
            return DeliveryRetry(f"slack error {error}")
        return DeliveryGone(f"slack refused: {error}")
    return DeliveryRetry(f"slack unreachable: {type(exc).__name__}")


NETWORK_ERRORS = (aiohttp.ClientError, TimeoutError, SlackRequestError)


class SlackDeliverer:
    """Registered as the ``slack`` deliverer; one Web API client per worker process."""

    def __init__(self, client: AsyncWebClient | None = None) -> None:
        self._client = client

    @property
    def client(self) -> AsyncWebClient:
        if self._client is None:
            self._client = build_client(get_settings().slack)
        return self._client

    async def progress(self, job: Job, stage: str) -> None:
        target = Target.of(job)
        if target.note_ts is None:
            return
        try:
            await self.client.chat_update(
                channel=target.channel_id,
                ts=target.note_ts,
                text=blocks.progress_text(target.user_id, stage),
            )
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            # Progress is a courtesy: the result still comes.
            log.info("slack progress not shown: %s", type(exc).__name__)

    async def deliver(self, job: Job) -> None:
        from pipeline.jobs import output_document

        headline, items = _summary(job)
        analyze_only = str(job.kind) == "analyze"
        message = blocks.result_blocks(headline, items, str(job.id), report_button=not analyze_only)
        document = None if analyze_only else await output_document(job, "output")
        upload = None
        if document is not None:
            upload = {
                "file": bytes(document.data),
                "filename": document.filename,
                "title": "Improved resume",
            }
        await self._post(job, headline, message, upload)

    async def fail(self, job: Job) -> None:
        text = job.error_message or GENERIC_FAILURE
        await self._post(job, text, blocks.text_blocks(text), None)

    async def _post(
        self, job: Job, text: str, message: list[dict[str, Any]], upload: dict[str, Any] | None
    ) -> None:
        target = Target.of(job)
        try:
            await self._show(target, text, message, upload)
            return
        except SlackApiError as exc:
            if _error(exc) not in NOT_POSTABLE:
                raise _translate(exc) from exc
            log.info("slack channel not postable (%s); moving to DM", _error(exc))
        except NETWORK_ERRORS as exc:
            raise _translate(exc) from exc
        await self._to_dm(target, text, message, upload)

    async def _show(
        self,
        target: Target,
        text: str,
        message: list[dict[str, Any]],
        upload: dict[str, Any] | None,
    ) -> None:
        """Edit the note into ``message`` (or post it in the thread), then upload the file."""
        if target.note_ts is not None:
            await self.client.chat_update(
                channel=target.channel_id, ts=target.note_ts, text=text, blocks=message
            )
        else:
            await self.client.chat_postMessage(
                channel=target.channel_id, thread_ts=target.thread_ts, text=text, blocks=message
            )
        if upload is not None:
            await self.client.files_upload_v2(
                channel=target.channel_id, thread_ts=target.thread_ts or target.note_ts, **upload
            )

    async def _to_dm(
        self,
        target: Target,
        text: str,
        message: list[dict[str, Any]],
        upload: dict[str, Any] | None,
    ) -> None:
        await self._hint(
            target,
            "I can't post in that channel any more, so I sent the result "
            "to our direct messages. Add me to the channel to get results there.",
        )
        try:
            opened = await self.client.conversations_open(users=target.user_id)
            dm = Target(str(opened["channel"]["id"]), target.user_id, None, None, None)
            await self._show(dm, text, message, upload)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            translated = _translate(exc)
            if isinstance(translated, DeliveryRetry):
                raise translated from exc
            raise DeliveryGone("slack: neither the channel nor the DM accepts messages") from exc

    async def _hint(self, target: Target, text: str) -> None:
        try:
            await self.client.chat_postEphemeral(
                channel=target.channel_id, user=target.user_id, text=text
            )
            return
        except (SlackApiError, *NETWORK_ERRORS):
            pass
        if target.response_url:
            try:
                await AsyncWebhookClient(target.response_url).send(
                    text=text, response_type="ephemeral"
                )
            except NETWORK_ERRORS:
                log.info("slack hint not delivered")


def _summary(job: Job) -> tuple[str, list[str]]:
    """(headline, items) of a finished job through ``pipeline.summary.summarize``."""
    from pipeline.model import Analysis, ChangeSet
    from pipeline.summary import summarize

    if job.analysis_before is None:
        return "Your resume is ready", []
    before = Analysis.model_validate(job.analysis_before)
    after = Analysis.model_validate(job.analysis_after) if job.analysis_after else None
    changes = ChangeSet.model_validate(job.changes) if job.changes else None
    summary = summarize(before, after, changes)
    return summary.headline, list(summary.items)


register("slack", SlackDeliverer())
