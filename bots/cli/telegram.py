"""``resume-engine telegram``: the Telegram bot in long-polling mode (development)."""

from __future__ import annotations

import argparse
import asyncio
import sys

# Terminal-facing command: plain writes to stderr are its interface.
err = sys.stderr.write


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "telegram",
        help="run the Telegram bot with long polling (development; production uses the webhook)",
        description="Poll the Bot API for updates (TELEGRAM__BOT_TOKEN; TELEGRAM__API_BASE for "
        "a local Bot API server). Removes a set webhook first. Needs Redis, a migrated database "
        "and a running `resume-engine worker`.",
    )
    p.set_defaults(func=cmd_telegram)


def cmd_telegram(args: argparse.Namespace) -> int:  # noqa: ARG001
    from config.settings import get_settings

    settings = get_settings()
    if not settings.telegram.enabled:
        err("telegram: TELEGRAM__BOT_TOKEN is not set (create a bot with @BotFather).\n")
        return 2
    from config.observability import start

    start("telegram", settings)
    from bots.telegram.polling import run_polling
    from storage.db import DatabaseNotMigrated

    try:
        asyncio.run(run_polling(settings))
    except DatabaseNotMigrated as exc:
        err(f"telegram: {exc}\n")
        return 2
    except KeyboardInterrupt:
        pass
    return 0
