"""Slack request bodies as Slack sends them (form-encoded commands and interactions, JSON
events), signed per https://docs.slack.dev/authentication/verifying-requests-from-slack."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

import httpx

from bots.slack import blocks
from tests.bots.slack.stack import sign

TEAM = "T0001"
_ids = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{int(time.time() * 1000) % 10**9:09d}{next(_ids):04d}"


def command_fields(
    text: str = "",
    *,
    channel: str = "C0CHAN",
    user: str = "U0ALICE",
    response_url: str = "http://127.0.0.1:9/commands/T/1/x",  # discard port: refused
) -> dict[str, str]:
    return {
        "token": "legacy",
        "team_id": TEAM,
        "team_domain": "test",
        "channel_id": channel,
        "channel_name": "hiring",
        "user_id": user,
        "user_name": "alice",
        "command": "/resume",
        "text": text,
        "api_app_id": "A0APP",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": unique("13345224609.738474920."),
    }


def command_body(text: str = "", **fields: str) -> bytes:
    """A slash command as Slack POSTs it (form-encoded)."""
    return urlencode(command_fields(text, **fields)).encode()


def submission_payload(
    view: dict[str, Any],
    file: dict[str, Any] | None,
    *,
    user: str = "U0ALICE",
    kind: str = "improve",
    output_format: str = "pdf",
    job_description: str | None = None,
) -> dict[str, Any]:
    """The ``view_submission`` for the modal ``view`` (as views.open returned it)."""
    values = {
        blocks.FILE_BLOCK: {
            blocks.FILE_ACTION: {"type": "file_input", "files": [file] if file else []}
        },
        blocks.JD_BLOCK: {blocks.JD_ACTION: {"type": "plain_text_input", "value": job_description}},
        blocks.KIND_BLOCK: {
            blocks.KIND_ACTION: {"type": "radio_buttons", "selected_option": {"value": kind}}
        },
        blocks.FORMAT_BLOCK: {
            blocks.FORMAT_ACTION: {
                "type": "radio_buttons",
                "selected_option": {"value": output_format},
            }
        },
    }
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "test"},
        "user": {"id": user, "username": "alice", "team_id": TEAM},
        "api_app_id": "A0APP",
        "token": "legacy",
        "trigger_id": unique("t."),
        "view": {**view, "state": {"values": values}, "hash": "h"},
        "response_urls": [],
        "is_enterprise_install": False,
    }
    return payload


def submission_body(view: dict[str, Any], file: dict[str, Any] | None, **options: Any) -> bytes:
    """The modal submission as Slack POSTs it (form field ``payload``)."""
    return urlencode({"payload": json.dumps(submission_payload(view, file, **options))}).encode()


def event_body(event: dict[str, Any], *, event_id: str | None = None) -> bytes:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A0APP",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or unique("Ev"),
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": "UBOT", "is_bot": True}],
        }
    ).encode()


def dm_file_event(
    file: dict[str, Any], *, user: str = "U0BOB", channel: str = "D0BOB"
) -> dict[str, Any]:
    return {
        "type": "message",
        "subtype": "file_share",
        "channel": channel,
        "channel_type": "im",
        "user": user,
        "text": "",
        "ts": f"{time.time():.6f}",
        "files": [file],
    }


def post(
    base_url: str,
    path: str,
    body: bytes,
    *,
    form: bool = True,
    headers: dict[str, str] | None = None,
    timestamp: int | None = None,
) -> httpx.Response:
    """POST ``body`` signed with the test secret (unless ``headers`` override the signature)."""
    content_type = "application/x-www-form-urlencoded" if form else "application/json"
    all_headers = {
        "Content-Type": content_type,
        **sign(body, timestamp=timestamp),
        **(headers or {}),
    }
    return httpx.post(base_url + path, content=body, headers=all_headers, timeout=10)


def action_body(
    button: dict[str, Any], *, channel: str, message_ts: str, user: str = "U0ALICE"
) -> bytes:
    """The ``block_actions`` payload of a click on ``button`` in a channel message."""
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "test"},
        "user": {"id": user, "username": "alice", "team_id": TEAM},
        "api_app_id": "A0APP",
        "token": "legacy",
        "trigger_id": unique("t."),
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel},
        "channel": {"id": channel, "name": "hiring"},
        "message": {"type": "message", "ts": message_ts, "text": "result"},
        "response_url": "http://127.0.0.1:9/actions/T/1/x",
        "actions": [
            {
                "type": "button",
                "action_id": button["action_id"],
                "block_id": "result_actions",
                "value": button["value"],
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()
