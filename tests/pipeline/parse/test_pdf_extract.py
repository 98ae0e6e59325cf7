"""PDF extraction on fictional PDFs drawn with reportlab: columns, furniture, bullets, RTL.

Each fixture is drawn once per module; the checks read them through the real PyMuPDF and the
real builder.
"""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from pipeline.model import SectionKind
from pipeline.parse.lines import ExtractedDocument
from pipeline.parse.pdf import extract_pdf, normalize_text
from pipeline.parse.sections import build_resume

W, H = A4
LOREM = [
    "Designed the payments ledger and the reconciliation jobs for three markets",
    "Ran the on-call rotation and cut pages by half with better alerts",
    "Mentored four engineers who now lead their own teams",
    "Moved the build to a remote cache and halved CI time for everyone",
]


def _extract(pdf: bytes) -> ExtractedDocument:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return extract_pdf(doc)


def _two_column() -> bytes:
    """Header across the page, then a left column and a right column side by side."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 24)
    c.drawCentredString(W / 2, H - 60, "Mara Velez")
    c.setFont("Helvetica", 9)
    c.drawCentredString(W / 2, H - 78, "mara.velez@example.com | +34 612 345 678 | Valencia, ES")
    left, right = 40, 320
    y_left = y_right = H - 120

    def line(x: float, y: float, text: str, font: str = "Helvetica", size: float = 9) -> None:
        c.setFont(font, size)
        c.drawString(x, y, text)

    line(left, y_left, "Summary", "Helvetica-Bold", 14)
    for text in ("Backend engineer who likes small services", "and boring, well-tested code."):
        y_left -= 13
        line(left, y_left, text)
    y_left -= 26
    line(left, y_left, "Experience", "Helvetica-Bold", 14)
    for org, title, dates in (
        ("Brisa Pagos", "Senior Engineer", "Jan 2021 - Present"),
        ("Naranja Cloud", "Engineer", "Mar 2018 - Dec 2020"),
        ("Huerta Data", "Junior Engineer", "Jun 2016 - Feb 2018"),
    ):
        y_left -= 18
        line(left, y_left, org, "Helvetica-Bold", 10)
        y_left -= 12
        line(left, y_left, title)
        c.drawRightString(280, y_left, dates)
        for text in LOREM[:2]:
            y_left -= 12
            line(left + 8, y_left, "\u2022 " + text[:44])
    line(right, y_right, "Education", "Helvetica-Bold", 14)
    y_right -= 18
    line(right, y_right, "Universitat de Valencia", "Helvetica-Bold", 10)
    y_right -= 12
    line(right, y_right, "BSc Computer Science")
    c.drawRightString(560, y_right, "2012 - 2016")
    y_right -= 30
    line(right, y_right, "Skills", "Helvetica-Bold", 14)
    for text in (
        "Python, Go, PostgreSQL",
        "Kafka, Redis, Terraform",
        "Kubernetes, AWS, GCP",
        "Spanish, English, Catalan",
        "Mentoring and code review",
    ):
        y_right -= 12
        line(right, y_right, text)
    c.save()
    return buf.getvalue()


def _three_pages() -> bytes:
    """Header and footer on every page, page numbers, glyph-only bullets, a date margin."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    jobs = [
        ("Fjord Analytics, Oslo, NO, Staff Engineer", "2022 \u2013", "Present"),
        ("Kelp Systems, Bergen, NO, Back\u00adend Engineer", "2019 \u2013 2022", None),
        ("Tarn Labs, Oslo, NO, Software Engineer", "2016 \u2013 2019", None),
    ]
    for page in range(3):
        c.setFont("Helvetica", 8)
        c.drawString(40, H - 30, "Ola\u00a0Nordmann \u00b7 Curriculum Vitae")
        c.drawRightString(W - 40, 30, f"Page {page + 1} of 3")
        y = H - 80
        if page == 0:
            c.setFont("Helvetica-Bold", 22)
            c.drawString(146, y, "Ola Nordmann")
            c.setFont("Helvetica", 9)
            y -= 18
            c.drawString(146, y, "ola@example.no | +47 912 34 567")
            c.linkURL("https://www.linkedin.com/in/ola-nordmann/", (146, y - 14, 300, y - 2))
            y -= 12
            c.drawString(146, y, "LinkedIn")
            y -= 30
            c.setFont("Helvetica-Bold", 14)
            c.drawString(146, y, "Experience")
        org, date1, date2 = jobs[page]
        y -= 22
        c.setFont("Helvetica", 9)
        c.drawString(60, y, date1)  # dates in the left margin, moderncv style
        c.setFont("Helvetica-Bold", 10)
        c.drawString(146, y, org)
        c.drawString(146, y, org)  # overprinted: a duplicate to collapse
        if date2:
            c.setFont("Helvetica", 9)
            c.drawString(60, y - 12, date2)
        y -= 12
        for text in LOREM[:3]:
            y -= 14
            c.setFont("Symbol", 9)
            c.drawString(150, y, "\u2022")  # a bullet glyph drawn on its own, as Word does
            head, tail = text[:40].rsplit(" ", 1)
            c.setFont("Helvetica", 9)
            c.drawString(162, y, head)
            y -= 11
            c.drawString(162, y, tail + text[40:])  # wrapped: hanging indent
        if page == 2:
            y -= 30
            c.setFont("Helvetica-Bold", 14)
            c.drawString(146, y, "Education")
            y -= 16
            c.setFont("Helvetica", 9)
            c.drawString(146, y, "MSc Informatics, University of Oslo, 2014 \u2013 2016")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def two_column() -> ExtractedDocument:
    return _extract(_two_column())


@pytest.fixture(scope="module")
def three_pages() -> ExtractedDocument:
    return _extract(_three_pages())


def test_two_columns_are_read_one_after_the_other(two_column: ExtractedDocument) -> None:
    texts = [ln.text for ln in two_column.lines]
    assert texts[0] == "Mara Velez"
    left_last = max(i for i, t in enumerate(texts) if t.startswith("Huerta Data"))
    right_first = texts.index("Education")
    assert left_last < right_first, "the right column must follow the whole left column"
    # No line mixes the two columns (get_text(sort=True) would interleave them).
    assert not any("Skills" in t and "Summary" in t for t in texts)
    assert {ln.column for ln in two_column.lines if ln.text == "Education"} == {2}


def test_two_column_resume_sections_and_entries(two_column: ExtractedDocument) -> None:
    resume = build_resume(two_column)
    assert [s.kind for s in resume.sections] == [
        SectionKind.SUMMARY,
        SectionKind.EXPERIENCE,
        SectionKind.EDUCATION,
        SectionKind.SKILLS,
    ]
    jobs = resume.section(SectionKind.EXPERIENCE).entries  # type: ignore[union-attr]
    assert [(e.organization, e.title, e.dates) for e in jobs] == [
        ("Brisa Pagos", "Senior Engineer", "Jan 2021 - Present"),
        ("Naranja Cloud", "Engineer", "Mar 2018 - Dec 2020"),
        ("Huerta Data", "Junior Engineer", "Jun 2016 - Feb 2018"),
    ]
    assert resume.contact.phone == "+34612345678"
    assert resume.contact.location == "Valencia, ES"


def test_header_and_footer_are_read_once_and_page_numbers_dropped(
    three_pages: ExtractedDocument,
) -> None:
    texts = [ln.text for ln in three_pages.lines]
    assert texts.count("Ola Nordmann · Curriculum Vitae") == 1  # NBSP read as a space
    assert texts[0] == "Ola Nordmann · Curriculum Vitae"  # furniture comes first
    assert not any(t.startswith("Page ") for t in texts)


def test_duplicates_collapse_and_bullets_join(three_pages: ExtractedDocument) -> None:
    texts = [ln.text for ln in three_pages.lines]
    assert sum("Fjord Analytics" in t for t in texts) == 1
    bullets = [ln.text for ln in three_pages.lines if ln.bullet]
    assert len(bullets) == 9
    assert bullets[0] == LOREM[0]  # the wrapped half was joined back
    assert any("Back-end Engineer" in t for t in texts)  # soft hyphen read as a hyphen


def test_date_margin_is_merged_into_its_row(three_pages: ExtractedDocument) -> None:
    row = next(ln.text for ln in three_pages.lines if "Fjord" in ln.text)
    assert row == "2022 – Present\tFjord Analytics, Oslo, NO, Staff Engineer"


def test_multi_page_resume(three_pages: ExtractedDocument) -> None:
    resume = build_resume(three_pages)
    assert resume.contact.name == "Ola Nordmann"
    assert resume.contact.links == ["www.linkedin.com/in/ola-nordmann"]
    assert three_pages.links == ["https://www.linkedin.com/in/ola-nordmann/"]
    jobs = resume.section(SectionKind.EXPERIENCE).entries  # type: ignore[union-attr]
    assert [(e.title, e.organization, e.start, e.end) for e in jobs] == [
        ("Staff Engineer", "Fjord Analytics", "2022", "present"),
        ("Back-end Engineer", "Kelp Systems", "2019", "2022"),
        ("Software Engineer", "Tarn Labs", "2016", "2019"),
    ]
    assert all(len(e.bullets) == 3 for e in jobs)


def test_normalize_text() -> None:
    assert normalize_text("\ufb01nance o\ufb03ce") == "finance office"
    assert normalize_text("a\u00a0b\u3000c\u2009d") == "a b c d"
    assert normalize_text("2018\u20112022") == "2018-2022"
    assert normalize_text("Co\u00adfounder en\u00ad") == "Co-founder en\u00ad"


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.exists(), reason=f"needs a Hebrew-capable font at {DEJAVU}")
def test_right_to_left_text_survives() -> None:
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    hebrew = ["נועה כהן", "noa@example.co.il | +972 50 123 4567", "מהנדסת תוכנה בכירה בחברת הייטק"]
    y = H - 80
    for text in hebrew:
        c.setFont("DejaVuSans", 11)
        c.drawRightString(W - 60, y, text)
        y -= 20
    c.save()
    extracted = _extract(buf.getvalue())
    texts = [ln.text for ln in extracted.lines]
    # MuPDF returns the characters in the order the PDF paints them; nothing is lost or split.
    assert len(texts) == 3
    assert {ch for ch in "".join(texts) if "\u0590" <= ch <= "\u05ff"} == {
        ch for ch in "".join(hebrew) if "\u0590" <= ch <= "\u05ff"
    }
    resume = build_resume(extracted)
    assert resume.contact.email == "noa@example.co.il"
    assert resume.contact.phone == "+972501234567"
    assert resume.language == "he"


def test_hyphenation_is_repaired_only_at_the_column_edge() -> None:
    from pipeline.parse.pdf import _join_text

    assert (
        _join_text("indepen-", "dently of the proxy", at_edge=True) == "independently of the proxy"
    )
    assert _join_text("community-", "driven work", at_edge=False) == "community- driven work"
    assert _join_text("en\u00ad", "terprise", at_edge=False) == "enterprise"
    assert _join_text("负责", "开发", at_edge=False) == "负责开发"


def test_copy_pasted_duplicate_lines_collapse() -> None:
    from pipeline.parse.lines import Line
    from pipeline.parse.pdf import _collapse_duplicates

    repeated = "Led the migration of the billing platform to Kubernetes"
    lines = [Line(text=repeated, y0=10), Line(text=repeated, y0=22), Line(text="Go", y0=34)]
    assert [ln.text for ln in _collapse_duplicates(lines)] == [repeated, "Go"]


def _french_single_column() -> bytes:
    """Caps headings in colour (same size as the text), dates right-aligned on the title row."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = H - 60
    c.setFont("Helvetica-Bold", 20)
    c.drawString(50, y, "Camille Durand")
    y -= 18
    c.setFont("Helvetica", 9)
    c.drawString(50, y, "camille.durand@example.fr · 06 12 34 56 78 · Lyon, France")
    sections = [
        ("À PROPOS", [("text", "Développeuse backend, je conçois des services pour les équipes.")]),
        (
            "EXPÉRIENCE PROFESSIONNELLE",
            [
                ("row", "Ingénieure logiciel — Rhône Data", "janv. 2021 – aujourd'hui"),
                ("bullet", "Conception de l'API de facturation pour les clients de la société"),
                ("bullet", "Migration des tâches de nuit vers un flux continu avec Kafka"),
                ("row", "Développeuse — Atelier Numérique", "sept. 2017 – déc. 2020"),
                ("bullet", "Refonte du site de réservation et des tests de bout en bout"),
            ],
        ),
        ("FORMATION", [("row", "Master informatique — Université de Lyon", "2015 – 2017")]),
        ("COMPÉTENCES", [("text", "Python, Go, PostgreSQL, Kafka, Docker")]),
    ]
    for heading, items in sections:
        y -= 30
        c.setFillColorRGB(0.1, 0.3, 0.6)
        c.setFont("Helvetica", 10)
        c.drawString(50, y, heading)
        c.setFillColorRGB(0, 0, 0)
        for kind, *texts in items:
            y -= 15
            c.setFont("Helvetica", 10)
            if kind == "row":
                c.setFont("Helvetica-Bold", 10)
                c.drawString(50, y, texts[0])
                c.setFont("Helvetica", 10)
                c.drawRightString(W - 50, y, texts[1])
            elif kind == "bullet":
                c.drawString(58, y, "\u2022 " + texts[0])
            else:
                c.drawString(50, y, texts[0])
    c.save()
    return buf.getvalue()


def test_coloured_caps_headings_and_right_aligned_dates() -> None:
    extracted = _extract(_french_single_column())
    notes: list[str] = []
    resume = build_resume(extracted, explain=notes)
    assert len(notes) == len(extracted.lines)  # one explanation per line
    assert [(s.kind, s.title) for s in resume.sections] == [
        (SectionKind.SUMMARY, "À PROPOS"),
        (SectionKind.EXPERIENCE, "EXPÉRIENCE PROFESSIONNELLE"),
        (SectionKind.EDUCATION, "FORMATION"),
        (SectionKind.SKILLS, "COMPÉTENCES"),
    ]
    jobs = resume.section(SectionKind.EXPERIENCE).entries  # type: ignore[union-attr]
    assert [(e.title, e.organization, e.start, e.end, len(e.bullets)) for e in jobs] == [
        ("Ingénieure logiciel", "Rhône Data", "2021-01", "present", 2),
        ("Développeuse", "Atelier Numérique", "2017-09", "2020-12", 1),
    ]
    assert resume.contact.name == "Camille Durand"
    assert resume.contact.phone == "06 12 34 56 78"  # no country code: kept as printed
    assert resume.contact.location == "Lyon, France"
    assert resume.language == "fr"


def test_bullets_drawn_as_shapes() -> None:
    """Browsers print CSS list bullets as small filled circles, not as a "•" glyph."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(50, H - 60, "Rui Costa")
    c.setFont("Helvetica", 10)
    c.drawString(50, H - 80, "rui@example.pt")
    c.setFont("Helvetica-Bold", 13)
    c.drawString(50, H - 110, "Experience")
    c.setFont("Helvetica-Bold", 10)
    c.drawString(50, H - 130, "Engineer, Porto Labs")
    c.setFont("Helvetica", 10)
    y = H - 146
    for text in LOREM[:3]:
        c.circle(62, y + 3, 1.6, stroke=0, fill=1)
        c.drawString(70, y, text)
        y -= 14
    c.save()
    resume = build_resume(_extract(buf.getvalue()))
    job = resume.section(SectionKind.EXPERIENCE).entries[0]  # type: ignore[union-attr]
    assert [b.text for b in job.bullets] == LOREM[:3]
