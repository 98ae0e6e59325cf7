"""``resume-engine serve``: the REST API (and mounted channel webhooks) under uvicorn.

The API's links (``status_url``, ``result_url``, file links) are built on
``API__PUBLIC_BASE_URL``. When that setting is not given (environment or ``.env``), serve uses
the address it listens on, ``http://HOST:PORT``; for a wildcard host (``0.0.0.0``, ``::``) it
uses ``http://127.0.0.1:PORT`` and logs a one-line hint to set ``API__PUBLIC_BASE_URL``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bots.cli.common import EXIT_CODES_HELP, EXIT_FAILED, print_error

log = logging.getLogger(__name__)

WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", "[::]", ""})  # noqa: S104 - names to compare

# The event loop shares the GIL with aiosqlite's connection thread (SQLite, the default
# database); with CPython's default 5 ms switch interval every query result waits up to 5 ms
# for the loop to get the GIL back. 0.5 ms gave +55% status GETs/s at 32 connections
# (bench/api.py); asyncpg (PostgreSQL) has no thread and is unaffected.
SWITCH_INTERVAL_SECONDS = 0.0005


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the REST API, probes, metrics and the enabled channels' webhooks",
        description="Serve the REST API with uvicorn. Refuses to start on an unmigrated "
        "database (run `resume-engine migrate`). The links in API answers use "
        "API__PUBLIC_BASE_URL; when it is not set they use http://HOST:PORT "
        "(http://127.0.0.1:PORT for --host 0.0.0.0).",
        epilog=EXIT_CODES_HELP,
    )
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    p.add_argument(
        "--access-log", action="store_true", help="log every request line (off by default)"
    )
    p.set_defaults(func=cmd_serve)


async def _check_migrated() -> tuple[str, str] | None:
    from storage.db import DatabaseNotMigrated, close_db, init_db

    try:
        await init_db()
    except DatabaseNotMigrated as exc:
        return "not_migrated", str(exc)
    except OSError as exc:
        return "database_unreachable", f"the database is unreachable ({type(exc).__name__}: {exc})"
    await close_db()
    return None


def default_public_base_url(host: str, port: int) -> tuple[str, bool]:
    """The base URL of the API's links when API__PUBLIC_BASE_URL is not set, and whether it is
    a guess (a wildcard host: clients on other machines cannot use 127.0.0.1)."""
    wildcard = host.strip() in WILDCARD_HOSTS
    name = "127.0.0.1" if wildcard else host.strip()
    if ":" in name and not name.startswith("["):  # an IPv6 literal
        name = f"[{name}]"
    return f"http://{name}:{port}", wildcard


def _use_listening_address(host: str, port: int) -> None:
    """Point the links at where we listen, unless API__PUBLIC_BASE_URL was given."""
    from config.settings import get_settings

    api = get_settings().api  # the process-wide settings create_app() and the routes read
    if "public_base_url" in api.model_fields_set:
        return
    api.public_base_url, guessed = default_public_base_url(host, port)
    if guessed:
        # No URL and no "0.0.0.0" in the line: the log redactor masks URLs and digit runs.
        log.warning(
            "listening on all interfaces: API links point at 127.0.0.1 port %d; "
            "set API__PUBLIC_BASE_URL to the URL clients use",
            port,
        )


def cmd_serve(args: argparse.Namespace) -> int:
    problem = asyncio.run(_check_migrated())
    if problem:
        print_error(*problem)
        return EXIT_FAILED
    import uvicorn

    from bots.api.app import create_app
    from config.observability import start

    start("api")
    _use_listening_address(args.host, args.port)
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    uvicorn.run(
        create_app(),
        host=args.host,
        port=args.port,
        access_log=args.access_log,
        proxy_headers=True,
        lifespan="on",
        log_config=None,  # uvicorn's records go through our structured, redacting handler
    )
    return 0
