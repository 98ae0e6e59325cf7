"""Round trip: our parser reads back exactly what our template printed, on every corpus resume
and every bundled example; and improving never lowers the score.

"What we printed" is :func:`pipeline.render.content.plan` of the parsed original (the renderer
prints nothing else), compared field by field with the plan of the re-parsed PDF.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipeline.analyze import analyze
from pipeline.improve import RuleImprover
from pipeline.model import Resume
from pipeline.parse import parse_document
from pipeline.render import render_docx, render_pdf
from pipeline.render.content import plan
from pipeline.render.roundtrip import differences
from tests.conftest import ROOT, corpus_label, corpus_params

EXAMPLES = [
    pytest.param(ROOT / "examples" / name, id=name)
    for name in ("sample-resume.pdf", "sample-two-column.pdf", "sample-resume.docx")
]

# Corpus files whose round trip still loses a field because of the parser (pipeline/parse),
# not the renderer: the test xfails with the differences while they last, and passes (XPASS)
# once the parser reads them. Any file not listed here must round-trip exactly.
# Causes as seen on 2026-11-29 (details: the xfail message lists every differing field):
_NO_BODY = (
    "a section without bullets or free text: sections.body_style() is computed per section, "
    "so the entries' own head lines become the 'body' and an organization line or a wrapped "
    "title line is read as entry text"
)
_HEAD_ONLY = (
    "consecutive entries that have only head lines (no dates, no body) merge or split "
    "differently: a new entry starts only after body text or when both have dates"
)
KNOWN_PARSER_GAPS: dict[str, str] = {
    "awesome-cv-cv-5pages.pdf": f"Honors & Awards: {_NO_BODY}; also two bullets whose spaces "
    "the original's extraction lost are single words wider than a line, which reportlab breaks "
    "and the parser re-joins with a space",
    "html-sidebar-two-column-pdfshift.pdf": f"CERTIFICATIONS: {_HEAD_ONLY}; EDUCATION: a "
    "one-line head is stripped of its final '.' ('B.S.' -> 'B.S')",
    "moderncv-classic-green-marvosym-icons.pdf": f"Master thesis, Publications: {_HEAD_ONLY}",
    "moderncv-spanish-luatex.pdf": f"Tesis de maestría: {_HEAD_ONLY}",
    "rendercv-engineeringresumes-typst-3p.pdf": f"Publications: {_NO_BODY}; dates are found "
    "inside DOIs ('10.1234/neurips.2022.5678' loses '2022' to the dates field)",
    "resume-matcher-moderncv-fa5-type1-icons.pdf": f"Education: {_NO_BODY}",
    "word365-mickey-textboxes.docx": f"EDUCATION, CERTIFICATIONS: {_NO_BODY}; {_HEAD_ONLY}",
    "yaml-cv-japanese-rirekisho-grid.pdf": f"免許・資格: {_HEAD_ONLY}",
}


@cache
def _original(path: Path) -> Resume:
    return parse_document(path.read_bytes(), path.name, isolate=False)


def _resume_or_skip(path: Path | None) -> Resume:
    assert path is not None
    if path.parent.name == "resumes" and corpus_label(path)["outcome"] != "resume":
        pytest.skip("labelled outcome=error: the parser refuses it, there is nothing to render")
    return _original(path)


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params() + EXAMPLES)
def test_parsing_our_pdf_recovers_what_we_printed(path: Path | None) -> None:
    original = _resume_or_skip(path)
    back = parse_document(render_pdf(original), "rendered.pdf", isolate=False)
    diffs = differences(plan(original), back)
    assert path is not None
    if diffs and path.name in KNOWN_PARSER_GAPS:
        pytest.xfail(KNOWN_PARSER_GAPS[path.name] + ":\n" + "\n".join(diffs))
    assert not diffs, "\n".join(diffs)


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params() + EXAMPLES)
def test_improving_never_lowers_the_score(path: Path | None) -> None:
    original = _resume_or_skip(path)
    improved = RuleImprover().improve(original).resume
    assert analyze(improved).score >= analyze(original).score


@pytest.mark.parametrize("path", EXAMPLES)
def test_parsing_our_docx_recovers_what_we_printed(path: Path) -> None:
    original = _original(path)
    back = parse_document(render_docx(original), "rendered.docx", isolate=False)
    assert differences(plan(original), back) == []
