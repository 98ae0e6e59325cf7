"""``resume-engine slack --socket``: run the Slack app over Socket Mode.

HTTP mode needs no command of its own: ``resume-engine serve`` mounts ``/slack/events``,
``/slack/commands`` and ``/slack/interactive`` when ``SLACK__BOT_TOKEN`` and
``SLACK__SIGNING_SECRET`` are set.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from bots.cli.common import EXIT_REFUSED, print_error
from config.settings import get_settings


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "slack",
        help="run the Slack app over Socket Mode (development, no public URL)",
        description="Connects to Slack over Socket Mode with SLACK__APP_TOKEN (xapp-) and "
        "SLACK__BOT_TOKEN (xoxb-). For HTTP mode use `resume-engine serve`.",
    )
    parser.add_argument(
        "--socket",
        action="store_true",
        required=True,
        help="use Socket Mode (the only mode this command runs)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:  # noqa: ARG001
    from bots.slack.socket import run_socket_mode

    settings = get_settings()
    if settings.slack.bot_token is None or settings.slack.app_token is None:
        print_error(
            "not_configured",
            "set SLACK__BOT_TOKEN (xoxb-...) and SLACK__APP_TOKEN (xapp-..., scope "
            "connections:write) to run Socket Mode; see the README, section Slack app",
        )
        return EXIT_REFUSED
    from config.observability import start

    start("slack", settings)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_socket_mode(settings))
    return 0
