"""``resume-engine serve``: refuses an unmigrated database with a message saying what to do, and
builds the API's links on the address it listens on unless ``API__PUBLIC_BASE_URL`` is set.

(Serving on a migrated database is exercised by every test in tests/bots/api, whose server is
``resume-engine serve`` run as a subprocess.)"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bots.cli.serve import _use_listening_address, default_public_base_url
from config.settings import get_settings
from tests.support.jobs import job_env
from tests.support.processes import ROOT, free_port, redis_server

KEY = "serve-test-key-0123456789"
SAMPLE = ROOT / "examples" / "sample-resume.pdf"


def test_serve_refuses_an_unmigrated_database(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite://{tmp_path / 'empty.sqlite3'}"}
    done = subprocess.run(
        [sys.executable, "-m", "bots", "serve", "--port", str(free_port())],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("not_migrated: ")
    assert "not migrated" in done.stderr and "resume-engine migrate" in done.stderr


@contextlib.contextmanager
def serving(env: dict[str, str], log: Path) -> Iterator[str]:
    """``resume-engine serve --host 127.0.0.1 --port N`` with exactly ``env``; yields its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bots", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text(errors="replace")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(20)


def _accepted(url: str) -> dict:
    with SAMPLE.open("rb") as resume:
        answer = httpx.post(
            url + "/api/v1/analyze",
            headers={"X-API-Key": KEY},
            files={"file": ("cv.pdf", resume, "application/pdf")},
            timeout=30,
        )
    assert answer.status_code == 202, answer.text
    return answer.json()


@pytest.fixture(scope="module")
def api_env(tmp_path_factory) -> Iterator[dict[str, str]]:
    with redis_server() as redis:
        base = {k: v for k, v in os.environ.items() if k.upper() != "API__PUBLIC_BASE_URL"}
        env = job_env(tmp_path_factory.mktemp("serve"), redis.url, extra_modules=())
        yield {**base, **env, "API_KEYS": KEY}


def test_links_follow_the_port_when_the_public_url_is_not_set(api_env, tmp_path):
    log = tmp_path / "serve.log"
    with serving(api_env, log) as url:
        accepted = _accepted(url)
        job = accepted["job_id"]
        assert accepted["status_url"] == f"{url}/api/v1/analyze/status/{job}"
        assert accepted["result_url"] == f"{url}/api/v1/analyze/result/{job}"
        # The link works as given (the job is queued; no worker needed to read its status).
        status = httpx.get(accepted["status_url"], headers={"X-API-Key": KEY}, timeout=10)
        assert status.status_code == 200 and status.json()["job_id"] == job
    assert "API__PUBLIC_BASE_URL" not in log.read_text(errors="replace")  # no hint: not a guess


def test_an_explicit_public_url_wins(api_env, tmp_path):
    env = {**api_env, "API__PUBLIC_BASE_URL": "https://resumes.example.com/"}
    with serving(env, tmp_path / "serve.log") as url:
        accepted = _accepted(url)
    assert accepted["status_url"] == (
        f"https://resumes.example.com/api/v1/analyze/status/{accepted['job_id']}"
    )


@pytest.mark.parametrize(
    ("host", "expected", "guessed"),
    [
        ("127.0.0.1", "http://127.0.0.1:8080", False),
        ("localhost", "http://localhost:8080", False),
        ("::1", "http://[::1]:8080", False),
        ("0.0.0.0", "http://127.0.0.1:8080", True),
        ("::", "http://127.0.0.1:8080", True),
    ],
)
def test_default_public_base_url(host: str, expected: str, guessed: bool) -> None:
    assert default_public_base_url(host, 8080) == (expected, guessed)


def test_wildcard_host_logs_one_hint_and_keeps_an_explicit_setting(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("API__PUBLIC_BASE_URL", raising=False)
    monkeypatch.chdir(ROOT.parent)  # no .env file here to set it either
    get_settings.cache_clear()
    try:
        with caplog.at_level(logging.INFO, logger="bots.cli.serve"):
            _use_listening_address("0.0.0.0", 8123)
        assert get_settings().api.public_base_url == "http://127.0.0.1:8123"
        hints = [r.getMessage() for r in caplog.records if r.name == "bots.cli.serve"]
        assert len(hints) == 1 and "set API__PUBLIC_BASE_URL" in hints[0]

        monkeypatch.setenv("API__PUBLIC_BASE_URL", "https://cv.example.org")
        get_settings.cache_clear()
        _use_listening_address("0.0.0.0", 8123)
        assert get_settings().api.public_base_url == "https://cv.example.org"
    finally:
        get_settings.cache_clear()
