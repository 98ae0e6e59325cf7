"""``resume-engine smtp``: the inbound mail server (EMAIL__LISTEN_HOST:EMAIL__LISTEN_PORT)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from bots.cli.common import EXIT_FAILED, print_error
from config.settings import get_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("smtp", help="run the SMTP inbox that turns emailed resumes into jobs")
    p.add_argument("--host", help="listen address (default EMAIL__LISTEN_HOST)")
    p.add_argument("--port", type=int, help="listen port (default EMAIL__LISTEN_PORT)")
    p.set_defaults(func=cmd_smtp)


def cmd_smtp(args: argparse.Namespace) -> int:
    from bots.email.server import serve
    from config.observability import start
    from storage.db import DatabaseNotMigrated

    settings = get_settings()
    if args.host:
        settings.email.listen_host = args.host
    if args.port:
        settings.email.listen_port = args.port
    start("smtp", settings)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve(settings))
    except DatabaseNotMigrated as exc:
        print_error("not_migrated", str(exc))
        return EXIT_FAILED
    return 0
