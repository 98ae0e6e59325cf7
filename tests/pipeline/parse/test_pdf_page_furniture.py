"""Running headers/footers vs body lines at the page edges, on fictional PDFs drawn with reportlab.

A line is page furniture only when the same text (digits normalised only in a page number)
repeats at the same place on most pages. Bullets that differ only in their figures ("managing 8
staff" / "managing 15 staff"), and bullets repeated word for word, fall at the very top and
bottom of every page here and must all be kept.
"""

from __future__ import annotations

import io

import pymupdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.model import SectionKind
from pipeline.parse.lines import ExtractedDocument
from pipeline.parse.pdf import extract_pdf
from pipeline.parse.sections import build_resume

W, H = A4
PAGES = 4
HEADER = "Ilse Varga · Logistics Manager"
REPEATED = "Kept the loading dock safe and tidy on every single shift"


def _edge_bullet(n: int) -> str:
    return f"Responsible for managing {7 * n + 8} warehouse staff across {n % 5 + 1} shifts"


def _draw(footer: str) -> tuple[bytes, list[list[str]]]:
    """Four pages; each job's first bullet sits in the top margin (pages 2-4) and another in
    the bottom margin of every page, at the same place on each page. Returns the PDF and the
    bullets of each job in order."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    jobs: list[list[str]] = []
    edge = 0
    for page in range(PAGES):
        c.setFont("Helvetica", 8)
        c.drawString(40, H - 30, HEADER)
        c.drawCentredString(W / 2, 30, footer.format(n=page + 1, m=PAGES))

        def bullet(y: float, text: str) -> None:
            c.setFont("Helvetica", 9)
            c.drawString(60, y, "\u2022")
            c.drawString(72, y, text)
            jobs[-1].append(text)

        if page == 0:
            c.setFont("Helvetica-Bold", 22)
            c.drawString(60, H - 120, "Ilse Varga")
            c.setFont("Helvetica", 9)
            c.drawString(60, H - 138, "ilse.varga@example.org | +43 660 123 4567 | Graz, AT")
            c.setFont("Helvetica-Bold", 14)
            c.drawString(60, H - 170, "Experience")
            y = H - 170
        else:
            # the previous page's last job runs on: its next bullets open the page
            bullet(H - 90, _edge_bullet(edge))
            edge += 1
            bullet(H - 104, REPEATED)
            y = H - 104
        while y > 200:
            y -= 26
            c.setFont("Helvetica-Bold", 10)
            c.drawString(60, y, f"Warehouse Lead, Depot {len(jobs) + 1} GmbH, Graz")
            c.setFont("Helvetica", 9)
            c.drawRightString(W - 60, y, f"{2010 + len(jobs)} – {2011 + len(jobs)}")
            jobs.append([])
            y -= 14
            bullet(y, "Planned the weekly picking schedule with the transport team")
            y -= 14
            bullet(y, REPEATED)
        bullet(110, _edge_bullet(edge))  # the bottom margin, above the footer
        edge += 1
        c.showPage()
    c.save()
    return buf.getvalue(), jobs


FOOTERS = ["Page {n} of {m}", "– {n} –", "{n}/{m}"]


@pytest.fixture(scope="module", params=FOOTERS)
def drawn(request: pytest.FixtureRequest) -> tuple[ExtractedDocument, list[list[str]]]:
    pdf, jobs = _draw(request.param)
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return extract_pdf(doc), jobs


def test_edge_bullets_are_all_kept(drawn: tuple[ExtractedDocument, list[list[str]]]) -> None:
    extracted, jobs = drawn
    bullets = [ln.text for ln in extracted.lines if ln.bullet]
    expected = [text for job in jobs for text in job]
    assert bullets == expected
    edge = [b for b in bullets if b.startswith("Responsible for managing")]
    assert len(edge) == 2 * PAGES - 1  # one at the bottom of each page, one atop pages 2-4


def test_header_read_once_and_page_numbers_dropped(
    drawn: tuple[ExtractedDocument, list[list[str]]],
) -> None:
    extracted, _ = drawn
    texts = [ln.text for ln in extracted.lines]
    assert texts[0] == HEADER  # furniture first, once
    assert texts.count(HEADER) == 1
    assert not any(t.startswith("Page ") or "–" == t[-1:] or "/" in t for t in texts)
    assert not any(t.strip("– ").isdigit() for t in texts)


def test_resume_keeps_every_bullet_in_its_job(
    drawn: tuple[ExtractedDocument, list[list[str]]],
) -> None:
    extracted, jobs = drawn
    resume = build_resume(extracted)
    assert resume.contact.name == "Ilse Varga"
    entries = resume.section(SectionKind.EXPERIENCE).entries  # type: ignore[union-attr]
    assert [[b.text for b in e.bullets] for e in entries] == jobs
