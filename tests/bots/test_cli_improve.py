"""`resume-engine analyze` / `improve` as a user runs them: real subprocesses, real files."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import pymupdf
import pytest

from bots.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample-resume.pdf"
TWO_COLUMN = ROOT / "examples" / "sample-two-column.pdf"
JOB = ROOT / "examples" / "job-description-backend.txt"


def run_cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bots", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_improve_writes_pdf_and_report_and_prints_the_summary(tmp_path: Path) -> None:
    out, report = tmp_path / "out" / "better.pdf", tmp_path / "report.pdf"
    out.parent.mkdir()
    done = run_cli("improve", SAMPLE, "-o", out, "--report", report, "--job-description", JOB)
    assert done.returncode == 0, done.stderr
    headline = re.search(r"^ATS score (\d+) → (\d+)$", done.stdout, re.M)
    assert headline and int(headline[2]) >= int(headline[1])
    assert re.search(r"^- .*weak opener", done.stdout, re.M)
    assert f"Wrote {out}" in done.stdout and f"Wrote {report}" in done.stdout
    assert pymupdf.open(out).metadata["title"] == "Jordan Avery Whitfield"
    assert "ATS score" in pymupdf.open(report)[0].get_text()
    # resume text stays out of the logs (stderr); the summary on stdout is for the user
    assert "Jordan" not in done.stderr and "jordan.whitfield" not in done.stderr


def test_improve_json_docx(tmp_path: Path) -> None:
    done = run_cli("improve", TWO_COLUMN, "--format", "docx", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"resume", "analysis_before", "analysis_after", "changes", "output"}
    assert result["output"] == "sample-two-column-improved.docx"  # default name, in cwd
    assert result["resume"]["contact"]["name"] == "Marisol Quintero-Haas"
    assert result["analysis_after"]["score"] >= result["analysis_before"]["score"]
    document = docx.Document(io.BytesIO((tmp_path / result["output"]).read_bytes()))
    assert document.paragraphs[0].text == "Marisol Quintero-Haas"


def test_analyze_json_with_inline_job_description() -> None:
    done = run_cli("analyze", SAMPLE, "--json", "--job-description", "Python Kubernetes Rust")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["analysis_after"] is None and result["output"] is None
    keywords = result["analysis_before"]["keywords"]
    assert keywords is not None and keywords["total"] >= 2


def test_refused_file_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    notes = tmp_path / "notes.pdf"
    notes.write_text("not a pdf at all")
    done = run_cli("improve", notes, "-o", tmp_path / "x.pdf")
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.startswith("unsupported_type: This file is not a PDF or a Word"), done.stderr
    assert done.stdout == ""
    assert not (tmp_path / "x.pdf").exists()


def test_bad_paths_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The same entry point in-process: these refusals happen before any parsing.
    assert main(["analyze", str(tmp_path / "missing.pdf")]) == 2
    assert capsys.readouterr().err == f"not_found: No such file: {tmp_path / 'missing.pdf'}\n"
    assert main(["improve", str(SAMPLE), "--job-description", "missing-job.txt"]) == 2
    err = capsys.readouterr().err
    assert err == "not_found: No such job description file: missing-job.txt\n"
    assert main(["analyze", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("not_a_file: ")


@pytest.mark.parametrize(
    ("make_args", "code"),
    [
        (lambda tmp, src: ["-o", str(src)], "same_file"),
        (lambda tmp, src: ["--report", str(tmp / "report.docx")], "format_mismatch"),
        (lambda tmp, src: ["-o", str(tmp / "x.txt")], "format_mismatch"),
        (lambda tmp, src: ["-o", str(tmp / "x.pdf"), "--format", "docx"], "format_mismatch"),
        (lambda tmp, src: ["-o", str(tmp / "x.pdf"), "-j", str(src)], "not_text"),
        (lambda tmp, src: ["-o", "/proc/x.pdf"], "cannot_write"),
        (lambda tmp, src: ["-o", str(tmp / "no" / "such" / "x.pdf")], "no_such_directory"),
        (lambda tmp, src: ["--report", str(tmp / "nodir" / "r.pdf")], "no_such_directory"),
        (lambda tmp, src: ["-o", str(tmp / "x.pdf"), "-j", ""], "empty_job_description"),
        (lambda tmp, src: ["-o", str(tmp / "x.pdf"), "-j", "   "], "empty_job_description"),
        (lambda tmp, src: ["-o", "-", "--json"], "bad_output"),
        (lambda tmp, src: ["-o", "-", "--report", "-"], "bad_output"),
        (lambda tmp, src: ["-o", ""], "empty_path"),
        (lambda tmp, src: ["-o", str(tmp / "x.pdf"), "--report", ""], "empty_path"),
    ],
    ids=[
        "overwrite-input",
        "docx-report",
        "text-output",
        "format-mismatch",
        "binary-job-description",
        "unwritable",
        "missing-output-folder",
        "missing-report-folder",
        "empty-job-description",
        "blank-job-description",
        "stdout-and-json",
        "stdout-twice",
        "empty-output",
        "empty-report",
    ],
)
def test_bad_output_paths_and_job_descriptions_are_refused_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_args, code: str
) -> None:
    source = tmp_path / "mine.pdf"
    source.write_bytes(SAMPLE.read_bytes())
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["improve", str(source), *make_args(tmp_path, source)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{code}: ") and "Traceback" not in err
    assert source.read_bytes() == SAMPLE.read_bytes()  # the input is never touched
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_empty_job_description_is_refused_as_empty_not_as_a_directory(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "" is the current directory to pathlib; to the user it is no text at all.
    for value in ("", "   "):
        assert main(["analyze", str(SAMPLE), "-j", value]) == 2
        assert capsys.readouterr().err == "empty_job_description: The job description is empty.\n"


def test_output_dash_writes_the_file_to_stdout_and_the_summary_to_stderr(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bots", "improve", str(SAMPLE), "-o", "-", "--report", "r/"],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-")
    with pymupdf.open(stream=done.stdout, filetype="pdf") as pdf:
        assert pdf.metadata["title"] == "Jordan Avery Whitfield"
    err = done.stderr.decode()
    assert re.search(r"^ATS score \d+ → \d+$", err, re.M)
    assert (
        "Wrote standard output\n" in err
        and f"Wrote {Path('r') / 'sample-resume-report.pdf'}" in err
    )
    # Nothing named "-" is written; the report went where asked.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]
    assert (tmp_path / "r" / "sample-resume-report.pdf").read_bytes().startswith(b"%PDF-")


def test_report_with_a_docx_name_is_refused_before_any_work(tmp_path: Path) -> None:
    # There is no DOCX change report: a PDF written under a .docx name would not open.
    done = run_cli("improve", SAMPLE, "-o", tmp_path / "x.docx", "--report", tmp_path / "r.docx")
    assert done.returncode == 2, done.stdout
    assert done.stderr == (
        f"format_mismatch: {tmp_path / 'r.docx'} ends in .docx but the change report is only "
        "made as a PDF (there is no DOCX report): give --report a .pdf name.\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_output_naming_a_directory_writes_inside_it(tmp_path: Path) -> None:
    # A path ending with "/" is a folder to create; an existing folder is written into.
    done = run_cli("improve", SAMPLE, "-o", f"{tmp_path / 'new' / 'dir'}/", "--report", tmp_path)
    assert done.returncode == 0, done.stderr
    improved = tmp_path / "new" / "dir" / "sample-resume-improved.pdf"
    report = tmp_path / "sample-resume-report.pdf"
    assert f"Wrote {improved}\n" in done.stdout and f"Wrote {report}\n" in done.stdout
    assert pymupdf.open(improved).metadata["title"] == "Jordan Avery Whitfield"
    assert "ATS score" in pymupdf.open(report)[0].get_text()
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["dir"]

    as_docx = run_cli("improve", SAMPLE, "-o", tmp_path, "--format", "docx", "--json")
    assert as_docx.returncode == 0, as_docx.stderr
    written = tmp_path / "sample-resume-improved.docx"
    assert json.loads(as_docx.stdout)["output"] == str(written)
    document = docx.Document(io.BytesIO(written.read_bytes()))
    assert document.paragraphs[0].text == "Jordan Avery Whitfield"


def _keywords(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["analyze", str(SAMPLE), "--json", *args]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)["analysis_before"]["keywords"]


def test_job_description_is_a_file_when_it_exists_else_text_unless_it_looks_like_a_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "role").write_text("Terraform Kubernetes")  # an existing file, no extension
    assert _keywords(capsys, "-j", "role")["matched"] == ["terraform", "kubernetes"]
    assert _keywords(capsys, "-j", "CI/CD")["missing"] == ["ci/cd"]  # no such folder: text

    folder = tmp_path / "jobs"
    folder.mkdir()
    assert main(["analyze", str(SAMPLE), "-j", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"not_a_file: {folder} is a directory: give the job description")
    for missing in ("backend.md", "jobs/backend", "./backend", str(tmp_path / "nope.txt")):
        assert main(["analyze", str(SAMPLE), "-j", missing]) == 2, missing
        assert capsys.readouterr().err == f"not_found: No such job description file: {missing}\n"


def test_help_documents_the_job_description_rules_and_exit_codes() -> None:
    done = run_cli("improve", "--help")
    assert done.returncode == 0
    text = " ".join(done.stdout.split())
    assert "a directory is refused" in text and "refused as not_found" in text
    assert "exit status: 0 done; 1 the service side failed" in text
    assert "'code: message'" in text
