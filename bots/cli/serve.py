"""``resume-engine serve``: the REST API (and mounted channel webhooks) under uvicorn."""

from __future__ import annotations

import argparse
import asyncio
import sys

# Terminal-facing command: plain writes to stderr are its interface.
err = sys.stderr.write

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
        "database (run `resume-engine migrate`).",
    )
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    p.add_argument(
        "--access-log", action="store_true", help="log every request line (off by default)"
    )
    p.set_defaults(func=cmd_serve)


async def _check_migrated() -> str | None:
    from storage.db import DatabaseNotMigrated, close_db, init_db

    try:
        await init_db()
    except DatabaseNotMigrated as exc:
        return str(exc)
    except OSError as exc:
        return f"the database is unreachable ({type(exc).__name__}: {exc})"
    await close_db()
    return None


def cmd_serve(args: argparse.Namespace) -> int:
    problem = asyncio.run(_check_migrated())
    if problem:
        err(f"resume-engine serve: {problem}\n")
        return 1
    import uvicorn

    from bots.api.app import create_app
    from config.observability import start

    start("api")
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
