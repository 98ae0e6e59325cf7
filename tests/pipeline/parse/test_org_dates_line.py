"""An "Organization | Dates" line right under a job title line heads the entry: it fills the
organization (and a "City, ST" location) and the dates, in DOCX and PDF alike (fictional)."""

from __future__ import annotations

import io

import docx
import pytest
from docx.shared import Pt
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from pipeline.model import Resume, SectionKind
from pipeline.parse import parse_document

Head = tuple[str | None, str | None, str | None, str | None, str | None]

BULLETS = [
    "Triaged 25 patients per shift in a 40-bed emergency department",
    "Trained 12 new graduate nurses on the charting workflow",
]


def _lines(org_line: str) -> list[tuple[str, str]]:
    """(kind, text) rows: "h" a section heading, "t" a title, "p" a plain line, "b" a bullet."""
    return [
        ("h", "EXPERIENCE"),
        ("t", "Staff Nurse, Emergency Department"),
        ("p", org_line),
        *(("b", b) for b in BULLETS),
        ("t", "Medical-Surgical Nurse"),
        ("p", "Fernhill Health | Jun 2016 – Jul 2019"),
        ("b", "Handled a 5-6 patient assignment on a 32-bed med-surg unit"),
        ("h", "EDUCATION"),
        ("t", "Bachelor of Science in Nursing"),
        ("p", "Ashgrove State University • 2012 – 2016"),
    ]


def _docx(org_line: str, *, bold_titles: bool) -> bytes:
    document = docx.Document()
    run = document.add_paragraph().add_run("Harriet Quill")
    run.bold, run.font.size = True, Pt(20)
    document.add_paragraph("harriet.quill@example.org · (208) 555-0199")
    for kind, text in _lines(org_line):
        if kind == "b":
            document.add_paragraph(text, style="List Bullet")
            continue
        run = document.add_paragraph().add_run(text)
        run.bold = kind == "h" or (kind == "t" and bold_titles)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(org_line: str, *, bold_titles: bool) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=letter)
    y = 740.0

    def put(text: str, font: str = "Helvetica", size: float = 10, x: float = 72) -> None:
        nonlocal y
        page.setFont(font, size)
        page.drawString(x, y, text)
        y -= size * 1.4

    put("Harriet Quill", "Helvetica-Bold", 20)
    put("harriet.quill@example.org · (208) 555-0199")
    for kind, text in _lines(org_line):
        if kind == "h":
            y -= 8
            put(text, "Helvetica-Bold", 13)
        elif kind == "t":
            put(text, "Helvetica-Bold" if bold_titles else "Helvetica-Oblique", 11)
        elif kind == "b":
            put("• " + text, x=80)
        else:
            put(text)
    page.save()
    return out.getvalue()


def _heads(resume: Resume, kind: SectionKind) -> list[Head]:
    section = next(s for s in resume.sections if s.kind == kind)
    return [(e.title, e.organization, e.location, e.start, e.end) for e in section.entries]


FORMATS = [
    pytest.param(_docx, True, id="docx-bold"),
    pytest.param(_docx, False, id="docx-plain"),
    pytest.param(_pdf, True, id="pdf-bold"),
    pytest.param(_pdf, False, id="pdf-italic"),
]


@pytest.mark.parametrize(("build", "bold_titles"), FORMATS)
@pytest.mark.parametrize(
    ("org_line", "organization", "location"),
    [
        (
            "Larkspur Regional Medical Center | Aug 2019 – Present",
            "Larkspur Regional Medical Center",
            None,
        ),
        (
            "Larkspur Regional Medical Center · Aug 2019 – Present",
            "Larkspur Regional Medical Center",
            None,
        ),
        (
            "Larkspur Regional Medical Center – Aug 2019 – Present",
            "Larkspur Regional Medical Center",
            None,
        ),
        (
            "Larkspur Medical Center, Boise, ID | Aug 2019 – Present",
            "Larkspur Medical Center",
            "Boise, ID",
        ),
    ],
)
def test_org_dates_line_under_a_title_fills_organization_and_dates(
    build: object, bold_titles: bool, org_line: str, organization: str, location: str | None
) -> None:
    assert callable(build)
    resume = parse_document(build(org_line, bold_titles=bold_titles), isolate=False)

    assert _heads(resume, SectionKind.EXPERIENCE) == [
        ("Staff Nurse, Emergency Department", organization, location, "2019-08", "present"),
        ("Medical-Surgical Nurse", "Fernhill Health", None, "2016-06", "2019-07"),
    ]
    first = next(s for s in resume.sections if s.kind == SectionKind.EXPERIENCE).entries[0]
    assert first.text is None
    assert [b.text for b in first.bullets] == BULLETS
    assert _heads(resume, SectionKind.EDUCATION) == [
        ("Bachelor of Science in Nursing", "Ashgrove State University", None, "2012", "2016"),
    ]


@pytest.mark.parametrize(("build", "bold_titles"), FORMATS)
def test_a_sentence_with_a_year_under_a_title_stays_text(build: object, bold_titles: bool) -> None:
    """Only a name-like text before the dates is an organization: a sentence ending in a
    year is not taken for one."""
    assert callable(build)
    line = "Led the unit's move to electronic charting, completed in 2019."
    resume = parse_document(build(line, bold_titles=bold_titles), isolate=False)

    first = next(s for s in resume.sections if s.kind == SectionKind.EXPERIENCE).entries[0]
    assert first.organization != "Led the unit's move to electronic charting"
    assert "Led the unit" in first.model_dump_json()


@pytest.mark.parametrize(("build", "bold_titles"), FORMATS)
@pytest.mark.parametrize(
    ("place_line", "location"),
    [("Boise, ID | Aug 2019 – Present", "Boise, ID"), ("Remote | Aug 2019 – Present", "Remote")],
)
def test_a_place_under_title_and_organization_stays_the_location(
    build: object, bold_titles: bool, place_line: str, location: str
) -> None:
    """Under "Title, Organization" the line before the dates is where, not who."""
    assert callable(build)
    data = build(place_line, bold_titles=bold_titles)
    resume = parse_document(data, isolate=False)

    first = next(s for s in resume.sections if s.kind == SectionKind.EXPERIENCE).entries[0]
    assert first.organization != place_line.split(" |")[0]
    assert (first.start, first.end) == ("2019-08", "present")
    assert first.location == location
