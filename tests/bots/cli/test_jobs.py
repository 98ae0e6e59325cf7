"""`resume-engine migrate | worker | submit | cleanup | erase` as real subprocesses."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pymupdf
import pytest

from tests.support.jobs import job_env, resume_pdf
from tests.support.processes import ROOT, free_port, redis_server, worker_process


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
    # -o ending with "/" names a folder to create; the result keeps its own name inside.
    done = cli("submit", str(resume), "--wait", "-o", "results/", env=env, cwd=tmp_path)
    assert done.returncode == 0, (done.stderr, worker.output()[-2000:])
    assert "queued" in done.stdout
    # The same arrow as `resume-engine improve` and every other channel.
    assert re.search(r"^ATS score \d+ → \d+$", done.stdout, re.M), done.stdout
    assert "->" not in done.stdout
    assert "wrote results/jordan-improved.pdf" in done.stdout
    with pymupdf.open(tmp_path / "results" / "jordan-improved.pdf") as pdf:
        assert "Alex Example" in pdf[0].get_text()
    # Not a terminal: one line per stage change, in order, never one per poll or a "\r" bar.
    progress = [line for line in done.stderr.splitlines() if re.fullmatch(r"\[\d/5\] \w+", line)]
    assert "\r" not in done.stderr
    assert progress[-1] == "[5/5] succeeded", done.stderr
    steps = [int(line[1]) for line in progress]
    assert steps == sorted(set(steps)), progress  # each stage once, forward only


def test_submit_wait_on_a_terminal_updates_one_line_in_place(tmp_path, stack):
    env, worker = stack
    resume = tmp_path / "tty.pdf"
    resume.write_bytes(resume_pdf("cli-submit-tty"))
    primary, secondary = pty.openpty()
    # A terminal 80 columns wide (a fresh pty is 0x0, where tqdm draws nothing).
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    with subprocess.Popen(
        [sys.executable, "-m", "bots", "submit", str(resume), "--wait"],
        env={**os.environ, **env},
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=secondary,
        text=True,
    ) as proc:
        os.close(secondary)
        chunks = []
        while True:  # drain the terminal until the child closes it (EIO on Linux)
            try:
                chunk = os.read(primary, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        stdout = proc.stdout.read()
    os.close(primary)
    terminal = b"".join(chunks).decode(errors="replace")
    assert proc.returncode == 0, (terminal, worker.output()[-2000:])
    assert "ATS score" in stdout
    # tqdm redraws its line: a carriage return that is not the terminal's "\r\n" newline
    assert re.search(r"\r(?!\n)", terminal) and "succeeded" in terminal, repr(terminal)
    assert not re.search(r"^\[\d/5\] ", terminal, re.M)  # not the line-per-stage form


def test_submit_refuses_bad_paths_before_touching_the_queue(tmp_path):
    # No Redis or database here: these are refused first, in the common code: message form.
    env = {"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}
    missing = cli("submit", str(tmp_path / "gone.pdf"), env=env, cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (
        2,
        f"not_found: No such file: {tmp_path / 'gone.pdf'}\n",
    )
    resume = tmp_path / "cv.pdf"
    resume.write_bytes(resume_pdf("cli-submit-jd"))
    folder = cli("submit", str(resume), "-j", str(tmp_path), env=env, cwd=tmp_path)
    assert folder.returncode == 2
    assert folder.stderr.startswith(f"not_a_file: {tmp_path} is a directory")
    empty = cli("submit", str(resume), "-j", "", env=env, cwd=tmp_path)
    assert (empty.returncode, empty.stderr) == (
        2,
        "empty_job_description: The job description is empty.\n",
    )
    # A file in a folder that does not exist: refused before queueing, nothing created.
    nowhere = tmp_path / "no" / "such" / "x.pdf"
    typo = cli("submit", str(resume), "--wait", "-o", str(nowhere), env=env, cwd=tmp_path)
    assert typo.returncode == 2
    assert typo.stderr.startswith(f"no_such_directory: {nowhere.parent} is not an existing")
    assert not (tmp_path / "no").exists()
    dash = cli("submit", str(resume), "--wait", "-o", "-", env=env, cwd=tmp_path)
    assert dash.returncode == 2 and dash.stderr.startswith("bad_output: submit cannot write")
    assert not (tmp_path / "-").exists()


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
