"""The Slack app's real surroundings for tests and ``bench/slack.py``.

A private redis-server, a migrated SQLite database, a real Dramatiq worker (``resume-engine
worker``) and the API app (``bots.api.app.create_app`` under uvicorn, the Slack router mounted),
all pointed at a :class:`FakeSlack`. Requests are signed here as Slack signs them.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tests.bots.slack.fake_slack import FakeSlack
from tests.support.jobs import job_env
from tests.support.processes import free_port, redis_server, service_process, worker_process

ROOT = Path(__file__).resolve().parents[3]
BOT_TOKEN = "xoxb-test-token"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # noqa: S105 - a test secret
TWO_PAGE_RESUME = ROOT / "examples" / "sample-resume.pdf"


def sign(
    body: bytes, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    """Slack's v0 request signature headers, computed as Slack documents it:
    ``v0=hex(HMAC-SHA256(secret, "v0:{timestamp}:{body}"))``
    (https://docs.slack.dev/authentication/verifying-requests-from-slack)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


class Stack:
    """Handles on the running parts; reads the jobs table directly."""

    def __init__(self, env: dict[str, str], base_url: str, database: Path) -> None:
        self.env = env
        self.base_url = base_url
        self.database = database

    def jobs(self, external_id: str) -> list[tuple[str, str]]:
        """``(status, reply_to JSON)`` of the slack jobs with ``external_id``."""
        with sqlite3.connect(self.database) as db:
            return db.execute(
                "SELECT status, reply_to FROM job WHERE channel = 'slack' AND external_id = ?",
                (external_id,),
            ).fetchall()

    def wait_status(self, external_id: str, status: str, timeout: float = 30.0) -> None:
        """Block until the one job with ``external_id`` has ``status``."""
        deadline = time.monotonic() + timeout
        while (found := [s for s, _ in self.jobs(external_id)]) != [status]:
            if time.monotonic() > deadline:
                raise AssertionError(f"job {external_id}: {found}, expected [{status!r}]")
            time.sleep(0.05)


@contextlib.contextmanager
def api_server(env: dict[str, str]) -> Iterator[str]:
    """The API app under uvicorn on a free port, as a subprocess; yields its base URL.

    Raises:
        ServiceDidNotStart: the app did not start within 30 s (its output is in the message).
    """
    port = free_port()
    # The API app exactly as `resume-engine serve` builds it (create_app, lifespan on).
    args = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "bots.api.app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--lifespan",
        "on",
    ]
    with service_process(args, env, port, timeout=30, show_log_env="SLACK_TEST_LOGS"):
        yield f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def running_stack(
    tmp: Path, fake: FakeSlack, *, worker_log: bool = False, extra_env: dict[str, str] | None = None
) -> Iterator[Stack]:
    """Redis, database, worker and API app for ``fake``; torn down on exit."""
    with redis_server() as redis:
        env = job_env(tmp, redis.url, extra_modules=())
        env.update(
            {
                "SLACK__BOT_TOKEN": fake.bot_token,
                "SLACK__SIGNING_SECRET": SIGNING_SECRET,
                "SLACK__API_BASE": fake.api_base,
                "GEMINI__API_KEY": "",  # empty = unset: the offline rule improver
                "LOG_LEVEL": "WARNING",
                **(extra_env or {}),
            }
        )
        with worker_process(env) as worker, api_server(env) as base_url:
            yield Stack(env, base_url, tmp / "jobs.sqlite3")
            if worker_log:
                sys.stderr.write(worker.output())
            # Nothing to finish gracefully here, and a SIGTERMed worker takes ~20 s to exit.
            worker.kill()
