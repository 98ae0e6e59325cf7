"""The Telegram stack for tests and bench/telegram.py: fake Bot API, Redis, API app, worker.

Every part is real except Telegram itself: a private redis-server, a migrated SQLite file, the
API app (``bots.api.app.create_app``) under uvicorn with the webhook mounted, and a
``resume-engine worker`` subprocess whose Bot talks to the fake Bot API on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.bots.telegram.fakeapi import TOKEN, FakeBotAPI
from tests.support.jobs import job_env
from tests.support.processes import free_port, redis_server, service_process, worker_process

SECRET = "test-webhook-secret-0123456789"
WEBHOOK_PATH = "/telegram/webhook"
_chat_ids = itertools.count(7_000_001)


@dataclass
class Stack:
    fake: FakeBotAPI
    api_url: str
    env: dict[str, str]
    db_path: Path
    worker_log: Any  # tests.support.processes.WorkerProcess

    def post(self, update: dict[str, Any], secret: str | None = SECRET) -> httpx.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return httpx.post(f"{self.api_url}{WEBHOOK_PATH}", json=update, headers=headers, timeout=10)

    def wait_for(
        self, method: str, chat: int | None = None, count: int = 1, timeout: float = 30.0
    ) -> list[Any]:
        """``fake.wait_for`` that fails at once, with the worker's log, if the worker died."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.fake.wait_for(method, chat, count, timeout=min(1.0, timeout))
            except TimeoutError:
                proc = self.worker_log.proc
                if proc is None or proc.poll() is not None:
                    pytest.fail(f"the worker exited:\n{self.worker_log.output()[-3000:]}")
                if time.monotonic() > deadline:
                    raise

    def jobs(self, **where: Any) -> list[dict[str, Any]]:
        """Job rows from the database file (read-only), JSON columns decoded."""
        clause = " AND ".join(f"{k} = ?" for k in where) or "1 = 1"
        with sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True) as conn:
            conn.row_factory = sqlite3.Row
            rows = conn.execute(
                f"SELECT * FROM job WHERE {clause}",  # noqa: S608 (test keys)
                tuple(where.values()),
            ).fetchall()
        out = []
        for row in rows:
            item = dict(row)
            for key in ("options", "changes", "reply_to", "analysis_before", "analysis_after"):
                if isinstance(item.get(key), str):
                    item[key] = json.loads(item[key])
            out.append(item)
        return out


def new_chat() -> int:
    """A chat id no other test uses, so recorded calls never mix."""
    return next(_chat_ids)


@contextlib.contextmanager
def running_stack(
    tmp: Path, worker_threads: int = 4, extra_env: dict[str, str] | None = None
) -> Iterator[Stack]:
    """Start everything; ``tmp`` holds the SQLite file. Logs go to stderr when
    ``TELEGRAM_TEST_LOGS`` is set."""
    fake = FakeBotAPI()
    with fake.running(), redis_server() as redis:
        env = job_env(tmp, redis.url, extra_modules=())
        env.update(
            {
                "TELEGRAM__BOT_TOKEN": TOKEN,
                "TELEGRAM__WEBHOOK_SECRET": SECRET,
                "TELEGRAM__WEBHOOK_PATH": WEBHOOK_PATH,
                "TELEGRAM__API_BASE": fake.url,
                # Short enough for a test to see a stored update recovered, long enough that
                # no update being handled normally is taken for one whose process died.
                "TELEGRAM__RECOVER_AFTER_SECONDS": "20",
                "TELEGRAM__RECOVERY_SCAN_SECONDS": "1",
                "LOG_LEVEL": "WARNING",
                **(extra_env or {}),
            }
        )
        port = free_port()
        args = [
            sys.executable,
            "-m",
            "uvicorn",
            "bots.api.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ]
        with service_process(args, env, port, show_log_env="TELEGRAM_TEST_LOGS"):
            with worker_process(env, processes=1, threads=worker_threads) as worker:
                yield Stack(
                    fake,
                    f"http://127.0.0.1:{port}",
                    env,
                    Path(env["DATABASE_URL"].removeprefix("sqlite://")),
                    worker,
                )
                if os.environ.get("TELEGRAM_TEST_LOGS"):
                    sys.stderr.write(worker.output()[-20000:])
                    for call in fake.calls:
                        sys.stderr.write(f"{call.method} {str(call.params)[:300]}\n")
