"""``resume-engine health`` (the containers' healthcheck) against a real Redis and SQLite."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.jobs import job_env
from tests.support.processes import ROOT, free_port, redis_server


def health(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bots", "health", "--timeout", "3"],
        env={**os.environ, "ENVIRONMENT": "test", **env},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, tuple[int, str, str]]:
    """The three cases run side by side (each is a Python start-up: seconds on a loaded box)."""
    tmp = tmp_path_factory.mktemp("health")
    with redis_server() as redis:
        migrated = job_env(tmp, redis.url, extra_modules=())
        dead_port = free_port()
        cases = {
            "healthy": migrated,
            "unmigrated": {**migrated, "DATABASE_URL": f"sqlite://{tmp / 'fresh.sqlite3'}"},
            "down": {
                "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
                "DATABASE_URL": f"postgres://resume:s3cret-pw@127.0.0.1:{dead_port}/resume",
            },
        }
        procs = {name: health(env) for name, env in cases.items()}
        results = {}
        for name, proc in procs.items():
            out, err = proc.communicate(timeout=60)
            results[name] = (proc.returncode, out, err)
    return results


def test_healthy_when_redis_answers_and_the_database_is_migrated(outcomes):
    code, out, err = outcomes["healthy"]
    assert (code, out.strip()) == (0, "ok"), err


def test_unmigrated_database_is_unhealthy_and_says_what_to_run(outcomes):
    code, _out, err = outcomes["unmigrated"]
    assert code == 1
    assert "not migrated" in err and "resume-engine migrate" in err
    assert "redis" not in err, "Redis is up: only the database is named"


def test_unreachable_services_are_named_without_credentials(outcomes):
    code, _out, err = outcomes["down"]
    assert code == 1
    assert "redis unreachable" in err
    # Unreachable, not "not migrated": Tortoise's recorder would read the failure as empty.
    assert "is unreachable" in err and "not migrated" not in err
    assert "s3cret-pw" not in err and "resume:" not in err
