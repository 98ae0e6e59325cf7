"""The app manifest matches what the code serves and calls."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

import bots.slack
from bots.slack.commands import COMMAND
from bots.slack.http import PATHS

MANIFEST = Path(bots.slack.__file__).parent / "manifest.yml"


def test_manifest_scopes_command_and_urls() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    # commands: /resume; files:read: downloads; files:write: uploads; chat:write: notes and
    # results; im:history + app_mentions:read: the two events; im:write: conversations.open.
    assert scopes == {
        "commands",
        "files:read",
        "files:write",
        "chat:write",
        "im:history",
        "im:write",
        "app_mentions:read",
    }
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    urls = {
        command["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
    }
    assert {urlsplit(u).path for u in urls} == set(PATHS)
