"""DOCX "label | content" tables (a Word template with one row per section: the section's name
in the left cell, its text in the right one): read row by row, each label the heading of the
cell beside it, job titles in bold or not kept as entry titles, nothing dropped.

Every fixture is a fictional resume built here with python-docx.
"""

from __future__ import annotations

import io

import docx
import pytest
from docx.shared import Pt

from config.settings import LimitSettings
from pipeline.model import Resume, SectionKind
from pipeline.parse import parse_document
from pipeline.parse.docx import extract_docx

LIMITS = LimitSettings()
NAME = "MARGARET O'NEILL-HUANG"
OBJECTIVE = (
    "Compassionate registered nurse seeking a charge nurse position in a Level II trauma center."
)
SKILLS = "Epic, Pyxis, IV therapy, wound care, patient education, Spanish (conversational)"

_ROWS: list[tuple[str, list[tuple[str, str]]]] = [
    ("OBJECTIVE", [("p", OBJECTIVE)]),
    (
        "EXPERIENCE",
        [
            ("h", "Staff Nurse, Emergency Department"),
            ("p", "St. Alphonsus Regional Medical Center | Aug 2019 – Present"),
            ("b", "Responsible for triage of 25-30 patients per shift in a 40-bed ED"),
            ("b", "Helped train 12 new graduate nurses on the Epic charting workflow"),
            ("b", "Was part of the sepsis task force that cut door-to-antibiotic time"),
            ("h", "Medical-Surgical Nurse"),
            ("p", "Kootenai Health | Jun 2016 – Jul 2019"),
            ("b", "Handled a 5-6 patient assignment on a 32-bed med-surg unit"),
            ("b", "Assisted with discharge teaching"),
        ],
    ),
    (
        "EDUCATION",
        [("h", "Bachelor of Science in Nursing"), ("p", "Boise State University | 2012 – 2016")],
    ),
    (
        "LICENSES",
        [("b", "RN, Idaho Board of Nursing, #N-00000 (exp. 2026)"), ("b", "BLS, ACLS, PALS, TNCC")],
    ),
    ("SKILLS", [("p", SKILLS)]),
]


def _nurse(
    *,
    bold_titles: bool,
    bold_labels: bool = True,
    extra: tuple[str, list[tuple[str, str]]] | None = None,
) -> bytes:
    """A header block (name, headline, contact line), then a two-column table: section labels
    in capitals on the left, each section's text on the right (``extra``: one more row)."""
    d = docx.Document()
    run = d.add_paragraph().add_run(NAME)
    run.bold, run.font.size = True, Pt(20)
    d.add_paragraph("Registered Nurse")
    d.add_paragraph("Boise, ID 83702 · (208) 555-0143 · m.oneill.huang@example.org")
    table = d.add_table(rows=0, cols=2)
    for label, lines in [*_ROWS, *([extra] if extra else [])]:
        cells = table.add_row().cells
        cells[0].text = label
        cells[0].paragraphs[0].runs[0].bold = bold_labels
        for i, (kind, text) in enumerate(lines):
            para = cells[1].paragraphs[0] if i == 0 else cells[1].add_paragraph()
            if kind == "b":
                para.style = d.styles["List Bullet"]
            para.add_run(text).bold = bold_titles and kind == "h"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _parse(data: bytes) -> Resume:
    return parse_document(data, "cv.docx", isolate=False)


@pytest.mark.parametrize("bold_titles", [True, False])
def test_each_label_heads_its_row(bold_titles: bool) -> None:
    resume = _parse(_nurse(bold_titles=bold_titles))

    assert resume.contact.name == NAME
    assert resume.contact.headline == "Registered Nurse"
    assert [(s.kind, s.title) for s in resume.sections] == [
        (SectionKind.SUMMARY, "OBJECTIVE"),
        (SectionKind.EXPERIENCE, "EXPERIENCE"),
        (SectionKind.EDUCATION, "EDUCATION"),
        (SectionKind.CERTIFICATIONS, "LICENSES"),
        (SectionKind.SKILLS, "SKILLS"),
    ]
    summary, _, _, licenses, skills = resume.sections
    assert summary.entries[0].text == OBJECTIVE
    assert [b.text for e in licenses.entries for b in e.bullets] == [
        "RN, Idaho Board of Nursing, #N-00000 (exp. 2026)",
        "BLS, ACLS, PALS, TNCC",
    ]
    assert SKILLS in skills.model_dump_json()
    assert SKILLS not in licenses.model_dump_json()


@pytest.mark.parametrize("bold_titles", [True, False])
def test_job_titles_stay_entry_titles(bold_titles: bool) -> None:
    resume = _parse(_nurse(bold_titles=bold_titles))

    experience = next(s for s in resume.sections if s.kind == SectionKind.EXPERIENCE)
    assert len(experience.entries) == 2
    first, second = experience.entries
    assert first.title is not None and first.title.startswith("Staff Nurse")
    assert second.title == "Medical-Surgical Nurse"
    # Which head field the employer lands in is the field splitter's call, not this layout's.
    assert "Kootenai Health" in (second.organization, second.location)
    assert (second.start, second.end) == ("2016-06", "2019-07")
    assert "Medical-Surgical" not in first.model_dump_json()
    assert [b.text for b in second.bullets] == [
        "Handled a 5-6 patient assignment on a 32-bed med-surg unit",
        "Assisted with discharge teaching",
    ]
    education = next(s for s in resume.sections if s.kind == SectionKind.EDUCATION)
    assert [e.title for e in education.entries] == ["Bachelor of Science in Nursing"]


@pytest.mark.parametrize("bold_titles", [True, False])
def test_nothing_in_the_table_is_dropped(bold_titles: bool) -> None:
    resume = _parse(_nurse(bold_titles=bold_titles))

    dumped = resume.model_dump_json()
    for _, lines in _ROWS:
        for _, text in lines:
            for part in text.split(" | "):
                piece = part.split(", ")[0]
                assert piece in dumped, piece


def test_label_rows_read_as_heading_then_content() -> None:
    """The extractor reads each row's label, then the cell beside it (not "LABEL<TAB>text")."""
    texts = [ln.text for ln in extract_docx(_nurse(bold_titles=True), LIMITS).lines]

    assert texts[3:5] == ["OBJECTIVE", OBJECTIVE]
    assert texts[-2:] == ["SKILLS", SKILLS]
    assert not any("\t" in t for t in texts)


def test_a_dates_and_roles_table_is_not_a_label_table() -> None:
    """Left cells of dates (not section labels) keep the data-table reading: one row, one line."""
    d = docx.Document()
    d.add_paragraph("Morgan Vale")
    d.add_paragraph("morgan.vale@example.com")
    d.add_paragraph("Experience")
    table = d.add_table(rows=0, cols=2)
    for dates, role in (("2021 – 2024", "Engineer, Brisa Pagos"), ("2018 – 2021", "Analyst, Okra")):
        cells = table.add_row().cells
        cells[0].text = dates
        cells[1].text = role
    buf = io.BytesIO()
    d.save(buf)

    texts = [ln.text for ln in extract_docx(buf.getvalue(), LIMITS).lines]
    assert "2021 – 2024\tEngineer, Brisa Pagos" in texts


def test_an_unknown_label_still_heads_its_row() -> None:
    """A label outside the heading vocabulary, in plain type, is still its row's heading."""
    rotation = "Pediatric ICU rotation, Saint Luke's Children's Hospital"
    data = _nurse(
        bold_titles=False,
        bold_labels=False,
        extra=("CLINICAL ROTATIONS", [("b", rotation), ("b", "Labor and delivery rotation")]),
    )
    resume = _parse(data)

    assert [(s.kind, s.title) for s in resume.sections][-2:] == [
        (SectionKind.SKILLS, "SKILLS"),
        (SectionKind.OTHER, "CLINICAL ROTATIONS"),
    ]
    assert rotation in resume.sections[-1].model_dump_json()
    assert rotation not in resume.sections[-2].model_dump_json()
