"""`resume-engine migrate | worker | submit | cleanup | erase` as real subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from tests.support.jobs import job_env, resume_pdf
from tests.support.processes import ROOT, redis_server, worker_process


def cli(*args: str, env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bots", *args],
        env={**os.environ, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_migrate_then_up_to_date_and_worker_refuses_unmigrated(tmp_path):
    unmigrated = {"DATABASE_URL": f"sqlite://{tmp_path / 'fresh.sqlite3'}"}
    refused = cli("worker", "--processes", "1", env=unmigrated)
    assert refused.returncode == 1
    assert "not migrated" in refused.stderr and "resume-engine migrate" in refused.stderr

    first = cli("migrate", env=unmigrated)
    assert first.returncode == 0, first.stderr
    assert "applied 1 migration(s)" in first.stdout and "0001_initial" in first.stdout
    cleanup = cli("cleanup", env=unmigrated)
    assert cleanup.returncode == 0 and "deleted 0 expired job(s)" in cleanup.stdout


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """A private Redis, a migrated SQLite and one real worker shared by the submit tests."""
    with redis_server() as redis:
        env = job_env(tmp_path_factory.mktemp("cli-jobs"), redis.url, extra_modules=())
        with worker_process(env) as worker:
            yield env, worker


def test_submit_wait_goes_through_the_queue_and_writes_the_result(tmp_path, stack):
    env, worker = stack
    resume = tmp_path / "jordan.pdf"
    resume.write_bytes(resume_pdf("cli-submit"))
    done = cli("submit", str(resume), "--wait", env=env, cwd=tmp_path)
    assert done.returncode == 0, (done.stderr, worker.output()[-2000:])
    assert "queued" in done.stdout and "ATS score" in done.stdout
    with pymupdf.open(tmp_path / "jordan-improved.pdf") as pdf:
        assert "Alex Example" in pdf[0].get_text()
    assert "delivering" in done.stderr or "succeeded" in done.stderr  # the progress bar


def test_submit_refusal_exits_2_with_the_user_message(tmp_path, stack):
    env, _ = stack
    bogus = tmp_path / "notes.pdf"
    bogus.write_bytes(b"plain text, not a resume")
    done = cli("submit", str(bogus), "--wait", env=env, cwd=tmp_path)
    assert done.returncode == 2
    assert "PDF" in done.stderr


def test_erase_removes_one_persons_jobs_and_files(tmp_path, stack):
    env, _ = stack
    resume = tmp_path / "erase-me.pdf"
    resume.write_bytes(resume_pdf("cli-erase"))
    user = "erase-tester"
    done = cli(
        "submit", str(resume), "--wait", env={**env, "LOGNAME": user, "USER": user}, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    erased = cli("erase", "--channel", "cli", "--requester", user, env=env)
    assert erased.returncode == 0, erased.stderr
    assert int(erased.stdout.split()[1]) >= 1
    again = cli("erase", "--channel", "cli", "--requester", user, env=env)
    assert again.stdout.startswith("erased 0 job(s)")
