"""The whole job in one process: parse → analyze → improve → analyze again → render.

The step functions here are what both :func:`run_inprocess` (CLI ``improve``, ``make demo``,
benchmarks) and the Dramatiq actors call, so the two paths cannot drift apart. No network
(unless the configured improver is Gemini), no database.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

from pipeline.analyze import analyze
from pipeline.improve import Improvement, Improver, get_improver
from pipeline.model import Analysis, ChangeSet, Resume
from pipeline.parse import parse_document
from pipeline.render import render_docx, render_pdf, render_report

Kind = Literal["analyze", "improve", "generate"]
KINDS: tuple[str, ...] = ("analyze", "improve", "generate")
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
OUTPUT_FORMATS: tuple[str, ...] = tuple(CONTENT_TYPES)
REPORT_CONTENT_TYPE = "application/pdf"


@dataclass(slots=True)
class Outcome:
    """Everything one in-process run produced.

    ``improved``/``analysis_after``/``changes`` are None for kind ``analyze``; ``output`` (the
    improved resume in ``output_content_type``) is None unless kind is ``generate``; ``report``
    (the change report PDF) is None unless asked for. ``timings`` holds milliseconds
    per stage that ran (``parse``, ``analyze``, ``improve``, ``analyze_after``, ``render``,
    ``report``) and ``total``.
    """

    resume: Resume
    analysis_before: Analysis
    improved: Resume | None = None
    analysis_after: Analysis | None = None
    changes: ChangeSet | None = None
    output: bytes | None = None
    output_content_type: str | None = None
    report: bytes | None = None
    timings: dict[str, float] = field(default_factory=dict)


# --- steps (shared with the actors) ---------------------------------------------------------


def parse_step(data: bytes, filename: str | None, *, isolate: bool = True) -> Resume:
    """Bytes → Resume. Raises :class:`pipeline.errors.ResumeError` for refused inputs.

    ``isolate=False`` parses in this process with no time limit (benchmarks, our own files).
    """
    return parse_document(data, filename, isolate=isolate)


def analyze_step(resume: Resume, job_description: str | None = None) -> Analysis:
    return analyze(resume, job_description)


def improve_step(
    resume: Resume, job_description: str | None = None, improver: Improver | None = None
) -> Improvement:
    """Improve with ``improver`` (default: the configured one, rules when no Gemini key)."""
    if improver is None:
        from config.settings import get_settings

        improver = get_improver(get_settings())
    return improver.improve(resume, job_description)


def render_step(resume: Resume, output_format: str = "pdf") -> tuple[bytes, str]:
    """Resume → (file bytes, content type). Raises ValueError for a format not in
    :data:`OUTPUT_FORMATS`."""
    if output_format == "pdf":
        return render_pdf(resume), CONTENT_TYPES["pdf"]
    if output_format == "docx":
        return render_docx(resume), CONTENT_TYPES["docx"]
    raise ValueError(f"unknown output format {output_format!r}; expected one of {OUTPUT_FORMATS}")


def report_step(
    before: Analysis,
    after: Analysis,
    changes: ChangeSet,
    name: str | None,
    resume: Resume | None = None,
) -> bytes:
    return render_report(before, after, changes, name, resume=resume)


# --- the whole job --------------------------------------------------------------------------


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = round((time.perf_counter() - start) * 1000, 3)


def run_inprocess(
    data: bytes,
    filename: str | None,
    *,
    kind: str = "generate",
    job_description: str | None = None,
    output_format: str = "pdf",
    improver: Improver | None = None,
    with_report: bool = False,
    isolate: bool = True,
) -> Outcome:
    """Run one job start to finish in this process.

    Args:
        data / filename: the uploaded file (type decided by content, the name only helps).
        kind: ``analyze`` (parse + analyze), ``improve`` (+ improve + analyze the result) or
            ``generate`` (+ render the improved resume as ``output_format``).
        job_description: optional text; adds the keyword match and guides reordering.
        output_format: ``pdf`` or ``docx`` (``generate`` only).
        improver: overrides the configured improver (tests, benchmarks).
        with_report: also render the change report PDF (``improve``/``generate``).
        isolate: parse in a killable child process under the parse time limit (default);
            ``False`` parses in this process (benchmarks and trusted inputs only).

    Raises:
        ResumeError: the input was refused (bad type, encrypted, scan, …): nothing was produced.
        ValueError: unknown ``kind`` or ``output_format`` (a caller bug, not user input).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS}")
    if output_format not in CONTENT_TYPES:
        raise ValueError(f"unknown output format {output_format!r}; expected {OUTPUT_FORMATS}")
    timings: dict[str, float] = {}
    with _timed(timings, "total"):
        with _timed(timings, "parse"):
            resume = parse_step(data, filename, isolate=isolate)
        with _timed(timings, "analyze"):
            before = analyze_step(resume, job_description)
        outcome = Outcome(resume=resume, analysis_before=before, timings=timings)
        if kind == "analyze":
            return outcome
        with _timed(timings, "improve"):
            improvement = improve_step(resume, job_description, improver)
        with _timed(timings, "analyze_after"):
            after = analyze_step(improvement.resume, job_description)
        outcome.improved, outcome.analysis_after = improvement.resume, after
        outcome.changes = improvement.changes
        if kind == "generate":
            with _timed(timings, "render"):
                outcome.output, outcome.output_content_type = render_step(
                    improvement.resume, output_format
                )
        if with_report:
            with _timed(timings, "report"):
                outcome.report = report_step(
                    before,
                    after,
                    improvement.changes,
                    improvement.resume.contact.name,
                    improvement.resume,
                )
    return outcome
