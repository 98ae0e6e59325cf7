"""``resume-engine analyze`` and ``resume-engine improve``: the whole job on this machine.

    resume-engine analyze FILE [--job-description FILE_OR_TEXT] [--json]
    resume-engine improve FILE [-o OUT] [--format pdf|docx] [--job-description FILE_OR_TEXT]
                               [--report REPORT.pdf] [--json]

Human output: the score headline ("ATS score 62 → 81") and the change summary, most important
first. ``--json`` prints one object ``{"resume", "analysis_before", "analysis_after",
"changes", "output"}`` (``output`` is the written file's path; for ``analyze`` the last three are
null). A refused input exits 2 with ``code: message`` on stderr and writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.errors import ResumeError
from pipeline.process import OUTPUT_FORMATS, Outcome, run_inprocess
from pipeline.summary import summarize


class Refusal(Exception):
    """A command-line input we cannot use: exit 2 with ``code: message``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``analyze`` and ``improve`` sub-commands."""
    jd_help = "the job description: a text file's path, or the text itself"
    p = sub.add_parser("analyze", help="score a resume and list what costs points")
    p.add_argument("file", type=Path, help="the resume (PDF or DOCX)")
    p.add_argument("--job-description", "-j", metavar="FILE_OR_TEXT", help=jd_help)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("improve", help="improve a resume and write the new PDF/DOCX")
    p.add_argument("file", type=Path, help="the resume (PDF or DOCX)")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="where to write the improved resume (default: FILE-improved.FORMAT in "
        "the current directory)",
    )
    p.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        default=None,
        help="output format (default: from OUT's extension, else pdf)",
    )
    p.add_argument("--job-description", "-j", metavar="FILE_OR_TEXT", help=jd_help)
    p.add_argument(
        "--report",
        type=Path,
        metavar="REPORT.pdf",
        help="also write the one-page change report PDF here",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_improve)


def _read_input(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise Refusal("not_found", f"No such file: {path}") from None
    except IsADirectoryError:
        raise Refusal("not_a_file", f"{path} is a directory; give a PDF or DOCX file.") from None
    except PermissionError:
        raise Refusal("not_readable", f"{path} cannot be read (permission denied).") from None


def job_description(value: str | None) -> str | None:
    """``--job-description``: a readable file's text, else the value itself as the text.

    A value that looks like a file name (one word ending in .txt/.md) but does not exist is
    refused rather than silently matched as three words of "job description".
    """
    if value is None:
        return None
    path = Path(value)
    if "\n" not in value and len(value) < 4096 and path.is_file():
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise Refusal("not_readable", f"{path} cannot be read: {exc.strerror}.") from None
        if b"\x00" in raw[:8192] or raw.startswith((b"%PDF", b"PK\x03\x04")):
            raise Refusal(
                "not_text",
                f"{path} is not a text file: give the job description as plain text "
                "(a .txt file, or the text itself).",
            )
        text = raw.decode("utf-8", errors="replace")
    else:
        if " " not in value.strip() and path.suffix.lower() in {".txt", ".md"}:
            raise Refusal("not_found", f"No such job description file: {value}")
        text = value
    text = text.strip()
    if not text:
        raise Refusal("empty_job_description", "The job description is empty.")
    return text


def _check_outputs(source: Path, output: Path | None, fmt: str, report: Path | None) -> None:
    """Refuse output paths that would fail or do harm, before any work is done."""
    targets = [p for p in (output, report) if p is not None]
    for target in targets:
        if target.is_dir():
            raise Refusal("not_a_file", f"{target} is a directory; give a file name.")
        if target.exists() and source.exists() and target.resolve() == source.resolve():
            raise Refusal("same_file", f"{target} is the input resume; choose another name.")
    if output is not None and report is not None and output.resolve() == report.resolve():
        raise Refusal("same_file", "--output and --report name the same file.")
    if output is not None and output.suffix.lower() in (".pdf", ".docx"):
        if output.suffix.lower() != f".{fmt}":
            raise Refusal(
                "format_mismatch",
                f"{output} ends in {output.suffix} but the format is {fmt}: "
                f"use a .{fmt} name or --format {output.suffix.lower()[1:]}.",
            )


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise Refusal("cannot_write", f"cannot write {path}: {exc.strerror or exc}.") from None


def _dump(outcome: Outcome, output: Path | None) -> str:
    def model(m: object) -> object:
        return None if m is None else m.model_dump(mode="json")  # type: ignore[attr-defined]

    return json.dumps(
        {
            "resume": model(outcome.resume),
            "analysis_before": model(outcome.analysis_before),
            "analysis_after": model(outcome.analysis_after),
            "changes": model(outcome.changes),
            "output": str(output) if output else None,
        },
        ensure_ascii=False,
        indent=2,
    )


def _print_summary(outcome: Outcome) -> None:
    summary = summarize(outcome.analysis_before, outcome.analysis_after, outcome.changes)
    lines = [summary.headline, *(f"- {item}" for item in summary.items)]
    if summary.suggestions:
        lines += ["Suggestions:", *(f"- {s}" for s in summary.suggestions)]
    if summary.keywords:
        lines.append(summary.keywords)
    sys.stdout.write("\n".join(lines) + "\n")


def _run(args: argparse.Namespace, kind: str) -> int:
    try:
        data = _read_input(args.file)
        jd = job_description(args.job_description)
        output: Path | None = None
        fmt = "pdf"
        if kind == "generate":
            fmt = args.format or (
                "docx" if args.output and args.output.suffix.lower() == ".docx" else "pdf"
            )
            output = args.output or Path(f"{args.file.stem}-improved.{fmt}")
            _check_outputs(args.file, output, fmt, args.report)
        outcome = run_inprocess(
            data,
            args.file.name,
            kind=kind,
            job_description=jd,
            output_format=fmt,
            with_report=kind == "generate" and args.report is not None,
        )
        if output is not None and outcome.output is not None:
            _write(output, outcome.output)
        if kind == "generate" and args.report is not None and outcome.report is not None:
            _write(args.report, outcome.report)
    except (ResumeError, Refusal) as exc:
        sys.stderr.write(f"{exc.code}: {exc.message}\n")  # type: ignore[union-attr]
        if args.json:
            sys.stdout.write(
                json.dumps({"error": {"code": exc.code, "message": exc.message}}) + "\n"
            )
        return 2
    if args.json:
        sys.stdout.write(_dump(outcome, output) + "\n")
        return 0
    _print_summary(outcome)
    if output is not None:
        sys.stdout.write(f"Wrote {output}\n")
    if kind == "generate" and args.report is not None:
        sys.stdout.write(f"Wrote {args.report}\n")
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    return _run(args, "analyze")


def cmd_improve(args: argparse.Namespace) -> int:
    return _run(args, "generate")
