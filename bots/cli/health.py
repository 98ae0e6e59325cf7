"""``resume-engine health``: exit 0 when Redis and the database are usable (container probes).

Used as the healthcheck of the worker, SMTP and Telegram containers (docker-compose.yml): those
processes serve no HTTP, and what makes them useless is losing Redis or the database. Checks:
``PING`` on ``REDIS_URL`` and a migrated database on ``DATABASE_URL`` (the same check that
``serve`` and ``worker`` make at start-up), each bounded by ``--timeout`` seconds.
Exit codes: 0 healthy, 1 not (one ``code: message`` line per problem on stderr, codes
``redis_unreachable``, ``database_unreachable``, ``not_migrated``; no credentials).
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from bots.cli.common import EXIT_FAILED, print_error

# Terminal-facing command: plain writes to stdout are its interface.
out = sys.stdout.write

Problem = tuple[str, str]  # (code, message)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "health",
        help="check that Redis and the database are reachable (container healthchecks)",
        description="Exit 0 when Redis answers PING and the database is reachable and "
        "migrated; exit 1 and say what is wrong otherwise.",
    )
    p.add_argument(
        "--timeout", type=float, default=5.0, help="seconds allowed per check (default 5)"
    )
    p.set_defaults(func=cmd_health)


async def _redis_problem(url: str, timeout: float) -> Problem | None:
    import redis.asyncio as aioredis
    from redis.exceptions import RedisError

    client = aioredis.Redis.from_url(
        url, socket_timeout=timeout, socket_connect_timeout=timeout, retry_on_timeout=False
    )
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        return "redis_unreachable", f"redis unreachable ({type(exc).__name__})"
    finally:
        await client.aclose()
    return None


async def _database_problem(url: str, timeout: float) -> Problem | None:
    from tortoise import connections

    from storage.db import close_db, describe, init_db, pending_migrations

    try:
        await asyncio.wait_for(init_db(check_migrated=False), timeout)
        # Probe first: Tortoise's migration recorder reads a failed query as "nothing applied"
        # (tortoise/migrations/recorder.py), so an unreachable server would look unmigrated.
        await asyncio.wait_for(connections.get("default").execute_query("SELECT 1"), timeout)
        pending = await asyncio.wait_for(pending_migrations(), timeout)
    except Exception as exc:  # noqa: BLE001 - any driver error means "unhealthy", said plainly
        return (
            "database_unreachable",
            f"the database {describe(url)} is unreachable ({type(exc).__name__})",
        )
    finally:
        await close_db()
    if pending:
        return (
            "not_migrated",
            f"the database {describe(url)} is not migrated ({len(pending)} pending); "
            "run `resume-engine migrate`",
        )
    return None


async def _problems(timeout: float) -> list[Problem]:
    from config.settings import get_settings

    settings = get_settings()
    problems = []
    redis_problem = await _redis_problem(settings.redis_url, timeout)
    if redis_problem:
        problems.append(redis_problem)
    database_problem = await _database_problem(settings.database_url, timeout)
    if database_problem:
        problems.append(database_problem)
    return problems


def cmd_health(args: argparse.Namespace) -> int:
    problems = asyncio.run(_problems(args.timeout))
    for code, message in problems:
        print_error(code, message)
    if problems:
        return EXIT_FAILED
    out("ok\n")
    return 0
