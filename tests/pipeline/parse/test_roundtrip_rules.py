"""Parser rules that make our own rendered PDF read back exactly (issue 3, item 5), each on
fictional content: head-only sections, consecutive title-only entries, abbreviations, dates
inside identifiers, wrapped text holding a date, a dash starting a wrapped line, words wider
than a line, and the whole round trip of a fictional resume through ``render_pdf``.
"""

from __future__ import annotations

import io

import pymupdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.model import Bullet, Contact, Entry, Resume, Section, SectionKind
from pipeline.parse import parse_document
from pipeline.parse.dates import find_range
from pipeline.parse.lines import ExtractedDocument, Line
from pipeline.parse.pdf import extract_pdf
from pipeline.parse.sections import build_resume
from pipeline.render import render_pdf
from pipeline.render.content import plan
from pipeline.render.roundtrip import differences

K = SectionKind

# --- dates are tokens of their own ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["10.1234/icml.2022.9012", "doi.org/10.5555/conf.2019.77", "github.com/ada/2021", "v2.2020.1"],
)
def test_no_date_inside_an_identifier(text: str) -> None:
    assert find_range(text) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("10.1234/icml.2022.9012 (ICML 2022)", "2022"),  # the venue's year, not the DOI's
        ("Mar 2021 – Present", "Mar 2021 – Present"),
        ("Finalist, 2014.", "2014"),
        ("03/2021", "03/2021"),
        ("2021.06 - 2022.01", "2021.06 - 2022.01"),
    ],
)
def test_dates_still_found_beside_identifiers(text: str, found: str) -> None:
    hit = find_range(text)
    assert hit is not None and hit.text == found


# --- the builder on hand-made lines -----------------------------------------------------------


def _lines(specs: list[tuple[str, float, bool, bool]], gap: float = 4.0) -> ExtractedDocument:
    """specs: (text, size, bold, bullet); lines 57..538 pt wide at most, ``gap`` pt apart
    (tabbed rows reach the right edge, as right-aligned dates do)."""
    lines, y = [], 40.0
    for text, size, bold, bullet in specs:
        height = 1.36 * size
        x1 = 538.3 if "\t" in text else min(57 + 0.5 * size * len(text), 538.3)
        lines.append(
            Line(text=text, x0=57, x1=x1, y0=y, y1=y + height, size=size, bold=bold, bullet=bullet)
        )
        y += height + gap
    return ExtractedDocument(lines=lines, pages=1)


HEAD = [
    ("Ada Quill", 20, True, False),
    ("ada.quill@example.org | +44 20 7946 0958", 9.5, False, False),
    ("Experience", 12, True, False),
    ("Platform Engineer\tMar 2021 – Present", 11, True, False),
    ("Lantern Labs • Leeds, UK", 10.5, False, False),
    ("Built the billing service used by two million customers every month", 10, False, True),
    ("Cut deployment time from two hours to ten minutes with a new pipeline", 10, False, True),
]


def test_section_without_bullets_reads_its_head_lines_as_heads() -> None:
    """Awards with title, organization and place only: the organization lines outnumber
    nothing; the document's running text (its bullets' style) says they are not text."""
    specs = HEAD + [("Honors & Awards", 12, True, False)]
    for n in range(3):
        specs += [
            (f"Finalist, Northern Puzzle Cup {n}\t201{n}", 11, True, False),
            (f"Puzzle League of Yorkshire Chapter {n} • Leeds, UK", 10.5, False, False),
        ]
    resume = build_resume(_lines(specs))
    awards = resume.sections[1].entries
    assert [e.organization for e in awards] == [
        f"Puzzle League of Yorkshire Chapter {n}" for n in range(3)
    ]
    assert all(e.location == "Leeds, UK" and not e.text for e in awards)


def test_consecutive_title_only_entries_stay_apart() -> None:
    specs = HEAD + [
        ("Certifications", 12, True, False),
        ("Certified Puzzle Architect", 11, True, False),
        ("Example Cloud Practitioner", 11, True, False),
        ("Imaginary Security Essentials", 11, True, False),
    ]
    entries = build_resume(_lines(specs)).sections[1].entries
    assert [e.title for e in entries] == [
        "Certified Puzzle Architect",
        "Example Cloud Practitioner",
        "Imaginary Security Essentials",
    ]


def test_tight_same_style_lines_are_one_entry() -> None:
    """An organization and a degree set tight in one style (a Word template) stay one entry."""
    specs = HEAD + [
        ("Education", 12, True, False),
        ("Cloverleaf College", 10, False, False),
        ("Bachelor of Business Administration", 10, False, False),
    ]
    entries = build_resume(_lines(specs, gap=0.5)).sections[1].entries
    assert len(entries) == 1


def test_abbreviation_keeps_its_point() -> None:
    specs = HEAD + [("Education", 12, True, False), ("B.S.", 11, True, False)]
    specs += [("Computer Science at Example State University, 2012 – 2016", 10, False, False)]
    entry = build_resume(_lines(specs)).sections[1].entries[0]
    assert entry.title == "B.S."


def test_years_inside_a_doi_stay_in_the_text() -> None:
    specs = HEAD + [
        ("Publications", 12, True, False),
        ("Sparse Routing for Imaginary Models\tJul 2022", 11, True, False),
        ("10.1234/icml.2022.9012 (ICML 2022)", 10.5, False, False),
    ]
    entry = build_resume(_lines(specs, gap=0.5)).sections[1].entries[0]
    assert entry.dates == "Jul 2022"
    assert entry.organization == "10.1234/icml.2022.9012 (ICML 2022)"


@pytest.mark.parametrize(
    ("head", "title", "org", "location"),
    [
        ("Senior Backend Developer — Mar 2021 – Present", "Senior Backend Developer", None, None),
        (
            "Senior Backend Developer — Mar 2021 – Present • Leeds",
            None,
            "Senior Backend Developer",
            "Leeds",
        ),
    ],
)
def test_dates_after_a_dash_are_dates(
    head: str, title: str | None, org: str | None, location: str | None
) -> None:
    specs = HEAD[:3] + [(head, 11, True, False)] + HEAD[5:]
    entry = build_resume(_lines(specs)).sections[0].entries[0]
    assert (entry.title, entry.organization, entry.location) == (title, org, location)
    assert (entry.start, entry.end) == ("2021-03", "present")


def test_wrapped_text_holding_a_date_is_not_a_new_entry() -> None:
    long = "Talks at the Imaginary Systems Workshop on caching and queues, and at the (2023)"
    specs = HEAD + [
        ("Talks", 12, True, False),
        ("Scaling Imaginary Caches\t2024", 11, True, False),
        (long + " " * 20, 10, False, False),  # fills the column
        ("Practitioner's Perspective — Example Tech Talk (2022)", 10, False, False),
    ]
    doc = _lines(specs, gap=0.5)
    doc.lines[-2].x1 = 538.3
    entries = build_resume(doc).sections[1].entries
    assert len(entries) == 1
    assert entries[0].text is not None and entries[0].text.endswith("Example Tech Talk (2022)")


def test_text_opening_an_entry_is_text_not_a_title() -> None:
    specs = HEAD + [
        ("Projects", 12, True, False),
        ("A list before the items, this one long enough to read as a sentence.", 10, False, False),
        ("Item one of the list", 10, False, True),
        ("Item two of the list", 10, False, True),
    ]
    entry = build_resume(_lines(specs)).sections[1].entries[0]
    assert entry.title is None and entry.organization is None
    assert entry.text == "A list before the items, this one long enough to read as a sentence."


# --- the PDF extractor ------------------------------------------------------------------------


def _pdf(draw: list[tuple[float, float, str]], size: float = 10) -> ExtractedDocument:
    """Draw (x, baseline y from the top, text) strings in Helvetica ``size`` on an A4 page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", size)
    for x, y, text in draw:
        c.drawString(x, A4[1] - y, text)
    c.save()
    with pymupdf.open(stream=buf.getvalue(), filetype="pdf") as doc:
        return extract_pdf(doc)


def test_a_dash_opening_a_wrapped_line_is_text() -> None:
    first = "Certified Imaginary Solutions Architect and Certified Example Cloud Engineer"
    doc = _pdf([(57, 100, first), (57, 112, "– Associate level, renewed every year")])
    assert [(ln.text, ln.bullet) for ln in doc.lines] == [
        (first, False),
        ("– Associate level, renewed every year", False),
    ]


def test_a_dash_list_after_a_short_line_keeps_its_bullets() -> None:
    doc = _pdf([(57, 100, "Tasks:"), (57, 112, "– Built the parser"), (57, 124, "– Wrote tests")])
    assert [(ln.text, ln.bullet) for ln in doc.lines] == [
        ("Tasks:", False),
        ("Built the parser", True),
        ("Wrote tests", True),
    ]


def test_wrapped_bullet_lines_join_despite_a_small_overlap() -> None:
    """Line boxes overlap (here by 0.42 x size: MuPDF boxes span ascender to descender) when
    the leading is tight; the lines still make one bullet."""
    doc = _pdf([(57, 100, "• Designed the imaginary service and"), (67, 109.5, "its queues")])
    assert [ln.text for ln in doc.lines] == ["Designed the imaginary service and its queues"]


def test_a_word_wider_than_the_line_is_rejoined_without_a_space() -> None:
    """A typesetter breaks a word longer than the line anywhere; the line then holds no space
    and ends at the column's edge, so the next line continues the word, not the sentence."""
    word = "Averyveryveryverylongwordwithoutanyspacesinsideitthatcannotfitononeline"
    doc = _pdf([(57, 100, "• " + word[:50]), (67, 112, word[50:] + " and then more words")])
    assert [ln.text for ln in doc.lines] == [word + " and then more words"]


def test_a_short_line_without_spaces_is_joined_with_one() -> None:
    doc = _pdf(
        [
            (57, 100, "• Improved the imaginary parser for every resume we read"),
            (67, 112, "Averyveryveryverylongword and more"),
        ]
    )
    assert doc.lines[0].text.endswith("we read Averyveryveryverylongword and more")


# --- the whole round trip on a fictional resume ------------------------------------------------


def _fictional() -> Resume:
    def entry(**kw: object) -> Entry:
        bullets = kw.pop("bullets", [])
        assert isinstance(bullets, list)
        return Entry(bullets=[Bullet(id=f"b{i}", text=t) for i, t in enumerate(bullets)], **kw)

    return Resume(
        contact=Contact(name="Ada Quill", email="ada.quill@example.org", phone="+442079460958"),
        language="en",
        sections=[
            Section(
                kind=K.EXPERIENCE,
                title="Experience",
                entries=[
                    entry(
                        title="Platform Engineer",
                        organization="Lantern Labs",
                        location="Leeds, UK",
                        dates="Mar 2021 – Present",
                        start="2021-03",
                        end="present",
                        bullets=[
                            "Built the billing service used by two million customers",
                            "Provisioned" + "averyveryverylonginfrastructurewithoutspaces" * 3,
                        ],
                    )
                ],
            ),
            Section(
                kind=K.EDUCATION,
                title="Education",
                entries=[entry(title="B.S.", text="Computer Science, Example State University")],
            ),
            Section(
                kind=K.CERTIFICATIONS,
                title="Certifications",
                entries=[
                    entry(title="Certified Puzzle Architect"),
                    entry(title="Example Cloud Practitioner"),
                    entry(
                        title="Imaginary Cloud Certified Professional Cloud Architect and "
                        "Example Certified Solutions Architect (Associate) renewed every year"
                    ),
                ],
            ),
            Section(
                kind=K.AWARDS,
                title="Honors & Awards",
                entries=[
                    entry(
                        title="Problem Writer",
                        organization="2016 Northern Puzzle Cup Final",
                        location="Leeds, UK",
                        dates="2016",
                        start="2016",
                    ),
                    entry(
                        title="Finalist",
                        organization="Puzzle League of Yorkshire",
                        location="York, UK",
                        dates="2014",
                        start="2014",
                    ),
                ],
            ),
            Section(
                kind=K.PUBLICATIONS,
                title="Publications",
                entries=[
                    entry(
                        title="Sparse Routing for Imaginary Models",
                        organization="10.1234/icml.2022.9012 (ICML 2022, Oral)",
                        dates="Jul 2022",
                        start="2022-07",
                    ),
                ],
            ),
            Section(
                kind=K.PROJECTS,
                title="Projects",
                entries=[
                    entry(
                        text="A list before the items, long enough to read as a sentence.",
                        bullets=["Item one", "Item two"],
                    )
                ],
            ),
        ],
    )


def test_fictional_resume_round_trips_through_our_pdf() -> None:
    original = _fictional()
    back = parse_document(render_pdf(original), "rendered.pdf", isolate=False)
    assert differences(plan(original), back) == []


def _wide_gap_two_column() -> bytes:
    """A sidebar (x 40..~200) and a main column (x 275..): a gap of ~13% of the page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    top = A4[1] - 60

    def line(x: float, y: float, text: str, font: str = "Helvetica", size: float = 9) -> None:
        c.setFont(font, size)
        c.drawString(x, top - y, text)

    y = 0.0
    line(40, y, "Skills", "Helvetica-Bold", 13)
    for text in (
        "Python, Go, SQL and PostgreSQL",
        "Kafka, Redis and RabbitMQ queues",
        "Terraform, AWS and Kubernetes",
        "Code review and pair programming",
        "Mentoring junior engineers",
    ):
        y += 14
        line(40, y, text)
    y += 28
    line(40, y, "Languages", "Helvetica-Bold", 13)
    for text in ("Catalan (native speaker)", "Spanish (native speaker)", "English (fluent)"):
        y += 14
        line(40, y, text)
    y = 0.0
    line(275, y, "Experience", "Helvetica-Bold", 13)
    for org in ("Brisa Pagos", "Naranja Cloud", "Huerta Data"):
        y += 20
        line(275, y, f"{org}, Backend Engineer", "Helvetica-Bold", 10)
        for text in ("Built the imaginary payment ledger", "Cut the nightly batch to one hour"):
            y += 13
            line(283, y, "• " + text)
    c.save()
    return buf.getvalue()


def test_two_columns_set_wide_apart_are_read_one_after_the_other() -> None:
    with pymupdf.open(stream=_wide_gap_two_column(), filetype="pdf") as pdf:
        texts = [ln.text for ln in extract_pdf(pdf).lines]
    assert texts.index("English (fluent)") < texts.index("Experience")
    assert not any("Skills" in t and "Experience" in t for t in texts)
    assert "Python, Go, SQL and PostgreSQL" in texts  # no row mixes the two columns
