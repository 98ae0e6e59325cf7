"""``resume-engine analyze`` and ``resume-engine improve``: the whole job on this machine.

    resume-engine analyze FILE [--job-description FILE_OR_TEXT] [--json]
    resume-engine improve FILE [-o OUT|DIR/] [--format pdf|docx] [--job-description FILE_OR_TEXT]
                               [--report REPORT.pdf|DIR/] [--json]

Human output: the score headline ("ATS score 62 → 81") and the change summary, most important
first. ``--json`` prints one object ``{"resume", "analysis_before", "analysis_after",
"changes", "output"}`` (``output`` is the written file's path; for ``analyze`` the last three are
null). A refused input exits 2 with ``code: message`` on stderr and writes nothing (see
:mod:`bots.cli.common` for the exit codes).

``-o``/``--report`` naming a directory (an existing one, or any path ending with ``/``, which is
created) write ``<FILE stem>-improved.<format>`` / ``<FILE stem>-report.pdf`` inside it; a file
name in a folder that does not exist is refused (``no_such_directory``). ``-`` writes that file
to standard output (one of the two only, not with ``--json``, not to a terminal); the summary
then goes to stderr. The change report is only rendered as a PDF: ``--report x.docx`` is
refused (``format_mismatch``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from bots.cli.common import (
    EXIT_CODES_HELP,
    EXIT_REFUSED,
    JOB_DESCRIPTION_HELP,
    CliError,
    Refusal,
    check_suffix,
    job_description,
    names_a_directory,
    output_path,
    print_error,
    read_input,
    write_file,
)
from pipeline.errors import ResumeError
from pipeline.process import OUTPUT_FORMATS, Outcome, run_inprocess
from pipeline.summary import summarize

STDOUT = "-"  # -o - / --report -: the file goes to standard output (one file, no --json)
STDOUT_PATH = Path(STDOUT)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``analyze`` and ``improve`` sub-commands."""
    p = sub.add_parser(
        "analyze", help="score a resume and list what costs points", epilog=EXIT_CODES_HELP
    )
    p.add_argument("file", type=Path, help="the resume (PDF or DOCX)")
    p.add_argument("--job-description", "-j", metavar="FILE_OR_TEXT", help=JOB_DESCRIPTION_HELP)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser(
        "improve", help="improve a resume and write the new PDF/DOCX", epilog=EXIT_CODES_HELP
    )
    p.add_argument("file", type=Path, help="the resume (PDF or DOCX)")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="where to write the improved resume: a file (in an existing folder), '-' for "
        "standard output, or a directory (an existing one, or a path ending with / which is "
        "created) to write FILE-improved.FORMAT in (default: FILE-improved.FORMAT in the "
        "current directory)",
    )
    p.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        default=None,
        help="output format (default: from OUT's extension, else pdf)",
    )
    p.add_argument("--job-description", "-j", metavar="FILE_OR_TEXT", help=JOB_DESCRIPTION_HELP)
    p.add_argument(
        "--report",
        metavar="REPORT.pdf",
        help="also write the change report (always a PDF) here ('-' for standard output); a "
        "directory gets FILE-report.pdf",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_improve)


def _check_stdout(args: argparse.Namespace) -> str | None:
    """Which file ``-`` sends to standard output ("output" or "report"), or None; refused when
    standard output is taken (``--json``, both files) or is a terminal."""
    dashes = [name for name in ("output", "report") if getattr(args, name) == STDOUT]
    if not dashes:
        return None
    if len(dashes) > 1 or args.json:
        other = "--json" if args.json else "the other file"
        raise Refusal(
            "bad_output",
            f"'-' writes one file to standard output, so it cannot be used with {other}; "
            "give a file name.",
        )
    if sys.stdout.isatty():
        raise Refusal(
            "bad_output",
            "'-' writes the file to standard output, which is a terminal here: redirect it "
            "(> file.pdf) or give a file name.",
        )
    return dashes[0]


def _check_outputs(source: Path, output: Path, fmt: str, report: Path | None) -> None:
    """Refuse output paths that would fail or do harm, before any work is done."""
    for target in (output, report):
        if target is None or target == STDOUT_PATH:
            continue
        if target.is_dir():
            raise Refusal("not_a_file", f"{target} is a directory; give a file name.")
        if target.exists() and source.exists() and target.resolve() == source.resolve():
            raise Refusal("same_file", f"{target} is the input resume; choose another name.")
    if (
        report is not None
        and STDOUT_PATH not in (output, report)
        and output.resolve() == report.resolve()
    ):
        raise Refusal("same_file", "--output and --report name the same file.")
    other = "docx" if fmt == "pdf" else "pdf"
    check_suffix(
        output,
        fmt,
        f"the format is {fmt.upper()}",
        f"use a .{fmt} name, or --format {other} with a .{other} name",
    )
    if report is not None:
        check_suffix(
            report,
            "pdf",
            "the change report is only made as a PDF (there is no DOCX report)",
            "give --report a .pdf name",
        )


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


def _print_summary(outcome: Outcome, stream: TextIO) -> None:
    summary = summarize(outcome.analysis_before, outcome.analysis_after, outcome.changes)
    lines = [summary.headline, *(f"- {item}" for item in summary.items)]
    if summary.suggestions:
        lines += ["Suggestions:", *(f"- {s}" for s in summary.suggestions)]
    if summary.keywords:
        lines.append(summary.keywords)
    stream.write("\n".join(lines) + "\n")


def _write(target: Path, data: bytes) -> None:
    if target == STDOUT_PATH:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_file(target, data)


def _targets(args: argparse.Namespace) -> tuple[Path, str, Path | None]:
    """The improved file's path and format, and the report's path, from the arguments."""
    stem = args.file.stem
    raw: str | None = args.output
    if raw is not None and not names_a_directory(raw) and args.format is None:
        fmt = "docx" if Path(raw).suffix.lower() == ".docx" else "pdf"
    else:
        fmt = args.format or "pdf"

    def path(raw: str | None, name: str) -> Path:
        return STDOUT_PATH if raw == STDOUT else output_path(raw, name)

    output = path(raw, f"{stem}-improved.{fmt}")
    report = None if args.report is None else path(args.report, f"{stem}-report.pdf")
    return output, fmt, report


def _run(args: argparse.Namespace, kind: str) -> int:
    output: Path | None = None
    report: Path | None = None
    # With a file on standard output, what the command says goes to stderr.
    say = sys.stdout
    try:
        data = read_input(args.file)
        jd = job_description(args.job_description)
        fmt = "pdf"
        if kind == "generate":
            if _check_stdout(args) is not None:
                say = sys.stderr
            output, fmt, report = _targets(args)
            _check_outputs(args.file, output, fmt, report)
        outcome = run_inprocess(
            data,
            args.file.name,
            kind=kind,
            job_description=jd,
            output_format=fmt,
            with_report=report is not None,
        )
        if output is not None and outcome.output is not None:
            _write(output, outcome.output)
        if report is not None and outcome.report is not None:
            _write(report, outcome.report)
    except (ResumeError, CliError) as exc:
        print_error(exc.code, exc.message, json_out=args.json)
        return exc.exit_code if isinstance(exc, CliError) else EXIT_REFUSED
    if args.json:
        sys.stdout.write(_dump(outcome, output) + "\n")
        return 0
    _print_summary(outcome, say)
    for target in (output, report):
        if target is not None:
            where = "standard output" if target == STDOUT_PATH else target
            say.write(f"Wrote {where}\n")
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    return _run(args, "analyze")


def cmd_improve(args: argparse.Namespace) -> int:
    return _run(args, "generate")
