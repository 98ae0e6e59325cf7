"""`resume-engine parse` as a user runs it: a real subprocess, real files, exit codes, streams."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from tests.pipeline.parse.test_intake_open_pdf import make_pdf

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bots", "parse", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli")
    resume = folder / "jane-roe.pdf"
    resume.write_bytes(make_pdf())
    locked = folder / "locked.pdf"
    locked.write_bytes(
        make_pdf(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="o")
    )
    return {"resume": resume, "locked": locked}


def test_outline_with_explain(files: dict[str, Path]) -> None:
    result = run_cli(str(files["resume"]), "--explain")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("jane-roe.pdf: 1 page(s)")
    assert "jane.roe@example.org" in out
    assert "EXPERIENCE  [experience]" in out
    assert "Why each line became what it is:" in out
    assert "heading (experience)" in out


def test_json_output(files: dict[str, Path]) -> None:
    result = run_cli(str(files["resume"]), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"contact", "sections", "language", "pages", "warnings"}
    assert data["pages"] == 1
    assert data["contact"]["email"] == "jane.roe@example.org"
    assert {"kind", "title", "entries"} <= set(data["sections"][0])


def test_refusal_exit_2_with_code_on_stderr_and_json_error(files: dict[str, Path]) -> None:
    result = run_cli(str(files["locked"]), "--json")
    assert result.returncode == 2
    assert result.stderr.startswith("encrypted: This PDF is password-protected")
    assert json.loads(result.stdout) == {
        "error": {"code": "encrypted", "message": result.stderr.split(": ", 1)[1].strip()}
    }


def test_refusal_without_json_and_missing_file(files: dict[str, Path], tmp_path: Path) -> None:
    html = tmp_path / "cv.pdf"
    html.write_text("<!doctype html><html><body>Jane Roe</body></html>")
    result = run_cli(str(html))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("unsupported_type: This is a web page (HTML)")


def test_unreadable_paths_use_the_same_code_message_format(tmp_path: Path) -> None:
    missing = tmp_path / "nope.pdf"
    done = run_cli(str(missing), "--json")
    assert done.returncode == 2
    assert done.stderr == f"not_found: No such file: {missing}\n"
    assert json.loads(done.stdout) == {
        "error": {"code": "not_found", "message": f"No such file: {missing}"}
    }
    folder = run_cli(str(tmp_path))
    assert folder.returncode == 2 and folder.stdout == ""
    assert folder.stderr == f"not_a_file: {tmp_path} is a directory; give a PDF or DOCX file.\n"
