"""The name on a two-column PDF: the most prominent line near the top of the first page, in
whichever column it sits (above both, atop the sidebar, or atop the main column beside a
sidebar), with its headline under it.

Every fixture is a fictional resume drawn here with reportlab.
"""

from __future__ import annotations

import io
from typing import Literal

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.model import Resume, SectionKind
from pipeline.parse import parse_document

W, H = A4
NAME, HEADLINE = "Tomasz Wieczorek-Hale", "Supply Chain Analyst"

_SIDEBAR = [
    ("Helvetica-Bold", 11, "CONTACT"),
    ("Helvetica", 9, "tomasz.wh@example.net"),
    ("Helvetica", 9, "+1 (617) 555-0188"),
    ("Helvetica", 9, "Cambridge, MA"),
    ("Helvetica", 9, "github.com/twhale-example"),
    ("Helvetica", 9, ""),
    ("Helvetica-Bold", 11, "SKILLS"),
    ("Helvetica", 9, "SQL, Python (pandas)"),
    ("Helvetica", 9, "SAP S/4HANA, Power BI"),
    ("Helvetica", 9, "Demand forecasting"),
    ("Helvetica", 9, "Lean Six Sigma Green Belt"),
    ("Helvetica", 9, ""),
    ("Helvetica-Bold", 11, "LANGUAGES"),
    ("Helvetica", 9, "English, Polish (native)"),
    ("Helvetica", 9, ""),
    ("Helvetica-Bold", 11, "EDUCATION"),
    ("Helvetica-Bold", 9, "M.S. Supply Chain Management"),
    ("Helvetica", 9, "Northeastern University"),
    ("Helvetica", 9, "2015 – 2017"),
    ("Helvetica-Bold", 9, "B.A. Economics"),
    ("Helvetica", 9, "University of Warsaw"),
    ("Helvetica", 9, "2010 – 2014"),
]

_MAIN = [
    ("Helvetica-Bold", 12, "PROFILE"),
    (
        "Helvetica",
        9.5,
        "Analyst with six years in inbound logistics and inventory planning for retail and",
    ),
    ("Helvetica", 9.5, "medical devices. Comfortable owning forecasts end to end."),
    ("Helvetica", 9.5, ""),
    ("Helvetica-Bold", 12, "EXPERIENCE"),
    ("Helvetica-Bold", 10, "Senior Supply Chain Analyst, Harbor Medical Devices"),
    ("Helvetica-Oblique", 9, "Boston, MA  |  Apr 2021 – Present"),
    ("Helvetica", 9.5, "•  Responsible for the weekly demand forecast for 1,800 SKUs"),
    ("Helvetica", 9.5, "•  Helped reduce stockouts from 6.1% to 2.4% in FY2023"),
    ("Helvetica", 9.5, "•  Worked on the SAP S/4HANA cutover for three warehouses"),
    ("Helvetica", 9.5, "•  In charge of the supplier scorecard reviewed by the VP of Operations"),
    ("Helvetica", 9.5, ""),
    ("Helvetica-Bold", 10, "Inventory Analyst, Northgate Retail Group"),
    ("Helvetica-Oblique", 9, "Providence, RI  |  Jul 2017 – Mar 2021"),
    ("Helvetica", 9.5, "•  Was responsible for cycle count accuracy across 2 distribution centers"),
    ("Helvetica", 9.5, "•  Helped build Power BI dashboards used by 40 store managers"),
    ("Helvetica", 9.5, "•  Participated in the vendor-managed inventory pilot"),
]


def _sidebar_page(name_at: Literal["right", "left", "top"]) -> bytes:
    """A shaded left sidebar (contact, skills, languages, education) and a main column
    (profile, experience); the name and headline atop the main column, atop the sidebar or
    across the page above both."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFillColorRGB(0.93, 0.95, 0.98)
    c.rect(0, 0, 190, H, fill=1, stroke=0)
    c.setFillColorRGB(0, 0, 0)

    def column(x: float, y: float, lines: list[tuple[str, float, str]]) -> float:
        for font, size, text in lines:
            c.setFont(font, size)
            c.drawString(x, y, text)
            y -= size + 5
        return y

    # 18 pt is too wide for the 190 pt sidebar: the name there is set smaller, still the
    # page's biggest type.
    name_size = 14.0 if name_at == "left" else 18.0
    title = [("Helvetica-Bold", name_size, NAME), ("Helvetica", 11.0, HEADLINE)]
    side_y = main_y = H - 60
    if name_at == "top":
        column(20, H - 50, title)
        side_y = main_y = H - 110
    elif name_at == "left":
        side_y = column(20, side_y, title) - 12
    else:
        main_y = column(210, main_y, title) - 12
    column(20, side_y, _SIDEBAR)
    column(210, main_y, _MAIN)
    c.showPage()
    c.save()
    return buf.getvalue()


def _all_text(resume: Resume) -> str:
    return resume.model_dump_json()


@pytest.mark.parametrize("name_at", ["right", "left", "top"])
def test_name_and_headline_found_in_any_column(name_at: Literal["right", "left", "top"]) -> None:
    resume = parse_document(_sidebar_page(name_at), "cv.pdf", isolate=False)

    assert resume.contact.name == NAME
    assert resume.contact.headline == HEADLINE
    assert resume.contact.location == "Cambridge, MA"
    assert resume.contact.email == "tomasz.wh@example.net"
    assert "no name found" not in resume.warnings


@pytest.mark.parametrize("name_at", ["right", "left", "top"])
def test_name_stays_out_of_the_sidebar_sections(name_at: Literal["right", "left", "top"]) -> None:
    resume = parse_document(_sidebar_page(name_at), "cv.pdf", isolate=False)

    kinds = [s.kind for s in resume.sections]
    assert kinds == [
        SectionKind.SKILLS,
        SectionKind.LANGUAGES,
        SectionKind.EDUCATION,
        SectionKind.SUMMARY,
        SectionKind.EXPERIENCE,
    ]
    education = next(s for s in resume.sections if s.kind == SectionKind.EDUCATION)
    assert [e.title for e in education.entries] == [
        "M.S. Supply Chain Management",
        "B.A. Economics",
    ]
    sections_text = "".join(s.model_dump_json() for s in resume.sections)
    assert NAME not in sections_text
    assert HEADLINE not in sections_text.replace("Senior Supply Chain Analyst", "")
    experience = next(s for s in resume.sections if s.kind == SectionKind.EXPERIENCE)
    assert [e.organization for e in experience.entries] == [
        "Harbor Medical Devices",
        "Northgate Retail Group",
    ]


def test_big_heading_atop_the_main_column_is_not_lifted() -> None:
    """The first row of the main column is lifted only when it is the page's biggest type: a
    section heading there, smaller than the name in the sidebar, stays with its section."""
    resume = parse_document(_sidebar_page("left"), "cv.pdf", isolate=False)

    summary = next(s for s in resume.sections if s.kind == SectionKind.SUMMARY)
    assert summary.title == "PROFILE"
    assert summary.entries and "inbound logistics" in (summary.entries[0].text or "")
