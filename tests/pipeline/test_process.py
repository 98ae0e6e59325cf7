"""The whole job in one process (pipeline.process): every stage, every kind, refusals."""

from __future__ import annotations

import io

import docx
import pymupdf
import pytest

from pipeline.errors import ResumeError
from pipeline.process import CONTENT_TYPES, Outcome, run_inprocess
from tests.conftest import ROOT

SAMPLE = ROOT / "examples" / "sample-resume.pdf"
JOB = ROOT / "examples" / "job-description-backend.txt"


@pytest.fixture(scope="module")
def generated() -> Outcome:
    """One full run with the real child-process parser, shared by the assertions below."""
    return run_inprocess(
        SAMPLE.read_bytes(),
        SAMPLE.name,
        kind="generate",
        job_description=JOB.read_text(),
        with_report=True,
    )


def test_generate_runs_every_stage(generated: Outcome) -> None:
    o = generated
    assert o.resume.contact.name == "Jordan Avery Whitfield"
    assert set(o.timings) == {
        "parse",
        "analyze",
        "improve",
        "analyze_after",
        "render",
        "report",
        "total",
    }
    assert o.timings["total"] >= o.timings["parse"] > 0
    assert o.analysis_after is not None and o.changes is not None and o.improved is not None
    assert o.analysis_after.score >= o.analysis_before.score
    assert o.changes.changes, "the sample is full of weak openers: the improver must act"
    assert o.analysis_before.keywords is not None  # the job description was used


def test_generated_pdf_is_the_improved_resume(generated: Outcome) -> None:
    assert generated.output_content_type == CONTENT_TYPES["pdf"]
    doc = pymupdf.open(stream=generated.output, filetype="pdf")
    text = "".join(page.get_text() for page in doc)
    assert doc.metadata["title"] == "Jordan Avery Whitfield"
    for bullet in generated.improved.iter_bullets():
        assert bullet[2].text.split()[0] in text
    assert "Responsible for the shipment tracking API" not in text  # the weak opener went


def test_report_opens_with_the_score_and_lists_every_change(generated: Outcome) -> None:
    doc = pymupdf.open(stream=generated.report, filetype="pdf")
    before, after = generated.analysis_before.score, generated.analysis_after.score
    assert f"ATS score {before} → {after}" in doc[0].get_text()
    text = " ".join(" ".join(page.get_text().split()) for page in doc)
    for change in generated.changes.changes:
        assert " ".join(change.after.split()) in text


def test_analyze_kind_stops_after_the_analysis() -> None:
    o = run_inprocess(SAMPLE.read_bytes(), SAMPLE.name, kind="analyze", isolate=False)
    assert o.improved is None and o.output is None and o.report is None
    assert set(o.timings) == {"parse", "analyze", "total"}


def test_improve_kind_renders_nothing() -> None:
    o = run_inprocess(SAMPLE.read_bytes(), SAMPLE.name, kind="improve", isolate=False)
    assert o.improved is not None and o.output is None


def test_docx_output() -> None:
    data = (ROOT / "examples" / "sample-resume.docx").read_bytes()
    o = run_inprocess(data, "sample-resume.docx", output_format="docx", isolate=False)
    assert o.output_content_type == CONTENT_TYPES["docx"]
    document = docx.Document(io.BytesIO(o.output))
    assert document.paragraphs[0].text == "Jordan Avery Whitfield"
    assert any(p.style.name == "List Bullet" for p in document.paragraphs)


def test_refused_input_raises_the_users_error() -> None:
    with pytest.raises(ResumeError) as err:
        run_inprocess(b"just some words, not a document", "notes.txt")
    assert err.value.code == "unsupported_type"


def test_caller_bugs_are_value_errors() -> None:
    with pytest.raises(ValueError, match="output format"):
        run_inprocess(SAMPLE.read_bytes(), SAMPLE.name, output_format="odt")
    with pytest.raises(ValueError, match="kind"):
        run_inprocess(SAMPLE.read_bytes(), SAMPLE.name, kind="render")
