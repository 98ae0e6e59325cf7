"""``resume-engine telegram``: the Telegram bot in long-polling mode (development)."""

from __future__ import annotations

import argparse
import asyncio

from bots.cli.common import EXIT_FAILED, EXIT_REFUSED, print_error


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
        print_error(
            "not_configured", "TELEGRAM__BOT_TOKEN is not set (create a bot with @BotFather)."
        )
        return EXIT_REFUSED
    from config.observability import start

    start("telegram", settings)
    from bots.telegram.polling import run_polling
    from storage.db import DatabaseNotMigrated

    try:
        asyncio.run(run_polling(settings))
    except DatabaseNotMigrated as exc:
        print_error("not_migrated", str(exc))
        return EXIT_FAILED
    except KeyboardInterrupt:
        pass
    return 0
