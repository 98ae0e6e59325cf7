"""``resume-engine serve`` refuses an unmigrated database with a message saying what to do.

(Serving on a migrated database is exercised by every test in tests/bots/api, whose server is
``resume-engine serve`` run as a subprocess.)"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support.processes import ROOT, free_port


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
    assert "not migrated" in done.stderr and "resume-engine migrate" in done.stderr
