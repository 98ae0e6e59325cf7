"""An entry dated with a list ("Sep. 2019, Feb. 2016 - Jul. 2016", two engagements) keeps
every date: start/end take the range, ``dates`` keeps the whole printed list (fictional)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from pipeline.model import Resume, SectionKind
from pipeline.parse import parse_document
from pipeline.parse.dates import find_range, find_ranges

LIST = "Sep. 2019, Feb. 2016 - Jul. 2016"


def _pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    y = 740.0

    def row(left: str, right: str = "", font: str = "Helvetica", size: float = 10) -> None:
        nonlocal y
        c.setFont(font, size)
        c.drawString(60, y, left)
        if right:
            c.drawRightString(550, y, right)
        y -= size + 8

    row("Morgan Quill", font="Helvetica-Bold", size=20)
    row("morgan.quill@example.com | +1 555 010 2030")
    y -= 10
    row("EXPERIENCE", font="Helvetica-Bold", size=13)
    row("Harbor Analytics", "Oakridge, OR", font="Helvetica-Bold", size=11)
    row("Contract Data Auditor", LIST, font="Helvetica-Oblique")
    row("•  Audited 14 billing pipelines and closed 31 reconciliation gaps")
    row("Pinecrest Labs", "Salem, OR", font="Helvetica-Bold", size=11)
    row("Junior Analyst", "Aug. 2016 - May 2019", font="Helvetica-Oblique")
    row("•  Built 6 weekly revenue dashboards used by the finance team")
    y -= 10
    row("EDUCATION", font="Helvetica-Bold", size=13)
    row("Ashgrove State University", "2012 - 2016", font="Helvetica-Bold", size=11)
    row("B.S. in Statistics", font="Helvetica-Oblique")
    c.save()
    return buf.getvalue()


def test_find_ranges_lists_every_date_and_range() -> None:
    got = [(r.text, r.start, r.end) for r in find_ranges(LIST)]
    assert got == [("Sep. 2019", "2019-09", None), ("Feb. 2016 - Jul. 2016", "2016-02", "2016-07")]
    assert find_ranges("Mar 2020 – Present") and len(find_ranges("Mar 2020 – Present")) == 1
    assert find_ranges("Led a team of 4 engineers") == []


def test_find_range_still_keeps_the_list_with_the_range_as_start_and_end() -> None:
    r = find_range(LIST)
    assert r is not None
    assert (r.text, r.start, r.end) == (LIST, "2016-02", "2016-07")


def test_a_date_list_keeps_every_date_in_the_parsed_entry() -> None:
    resume: Resume = parse_document(_pdf(), "cv.pdf", isolate=False)
    exp = next(s for s in resume.sections if s.kind is SectionKind.EXPERIENCE)
    first = exp.entries[0]
    assert first.dates == LIST
    assert (first.start, first.end) == ("2016-02", "2016-07")
    assert "2019" in (first.dates or "")
    second = exp.entries[1]
    assert (second.dates, second.start, second.end) == (
        "Aug. 2016 - May 2019",
        "2016-08",
        "2019-05",
    )
