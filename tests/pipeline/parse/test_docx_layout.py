"""DOCX layouts from Word templates: a page laid out as a table (read column by column, nested
tables and text boxes in cells included, the name found wherever it sits), data tables read row
by row, and each paragraph its own item (bullets written as plain paragraphs under a role).

Every fixture is a fictional resume built here with python-docx.
"""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.shared import Pt
from docx.table import _Cell

from config.settings import LimitSettings
from pipeline.model import Entry, Resume, SectionKind
from pipeline.parse import parse_document
from pipeline.parse.docx import extract_docx
from tests.pipeline.parse.test_docx import _text_box_run

LIMITS = LimitSettings()
NAME, EMAIL, PHONE = "Morgan Vale", "morgan.vale@example.com", "+1 555 010 0199"


def _save(document: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _parse(document: docx.document.Document) -> Resume:
    return parse_document(_save(document), "cv.docx", isolate=False)


def _texts(document: docx.document.Document) -> list[str]:
    return [line.text for line in extract_docx(_save(document), LIMITS).lines]


def _big_name(cell: _Cell, size: float = 24) -> None:
    run = cell.paragraphs[0].add_run(NAME)
    run.bold, run.font.size = True, Pt(size)


def _heading(cell: _Cell, text: str, *, first: bool = False) -> None:
    if first:
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = "Heading 2"
    else:
        cell.add_paragraph(text, style="Heading 2")


def _bold(cell: _Cell, text: str) -> None:
    cell.add_paragraph().add_run(text).bold = True


def _sidebar(cell: _Cell, *, with_name: bool = True) -> None:
    """Name, contact, skills and two degrees: a template's left column."""
    if with_name:
        _big_name(cell)
        cell.add_paragraph("Data Engineer")
        cell.add_paragraph(EMAIL)
    else:
        _heading(cell, "Contact", first=True)
        cell.add_paragraph(EMAIL)
    cell.add_paragraph(PHONE)
    _heading(cell, "Skills")
    for skill in ("Python", "SQL", "Airflow"):
        cell.add_paragraph(skill, style="List Bullet")
    _heading(cell, "Education")
    _bold(cell, "M.Sc. Data Science")
    cell.add_paragraph("Lakeside Institute")
    cell.add_paragraph("2016 – 2018")
    _bold(cell, "B.Sc. Computer Science")
    cell.add_paragraph("Northfield University")
    cell.add_paragraph("2012 – 2016")


def _main(cell: _Cell, *, name_on_top: bool = False) -> None:
    """Two roles with bullets: a template's right column."""
    if name_on_top:
        _big_name(cell, size=28)
        cell.add_paragraph("Data Engineer")
        cell.add_paragraph("linkedin.com/in/morganvale")
        _heading(cell, "Experience")
    else:
        _heading(cell, "Experience", first=True)
    _bold(cell, "Senior Data Engineer, Quillfeather Ltd")
    cell.add_paragraph("Jan 2020 – Present")
    cell.add_paragraph("Built streaming pipelines for billing events.", style="List Bullet")
    cell.add_paragraph("Cut warehouse costs by 30%.", style="List Bullet")
    _bold(cell, "Data Engineer, Brightmoor Co")
    cell.add_paragraph("Jun 2018 – Dec 2019")
    cell.add_paragraph("Maintained nightly ETL jobs.", style="List Bullet")


def _section(resume: Resume, kind: SectionKind) -> list[Entry]:
    return next(s for s in resume.sections if s.kind == kind).entries


def _assert_full_resume(resume: Resume, *, skills: bool = True) -> None:
    assert resume.contact.name == NAME
    assert resume.contact.email == EMAIL
    assert resume.contact.phone == "+15550100199"
    education = _section(resume, SectionKind.EDUCATION)
    assert [(e.title, e.organization, e.start, e.end) for e in education] == [
        ("M.Sc. Data Science", "Lakeside Institute", "2016", "2018"),
        ("B.Sc. Computer Science", "Northfield University", "2012", "2016"),
    ]
    experience = _section(resume, SectionKind.EXPERIENCE)
    assert [(e.title, e.organization, e.start, e.end) for e in experience] == [
        ("Senior Data Engineer", "Quillfeather Ltd", "2020-01", "present"),
        ("Data Engineer", "Brightmoor Co", "2018-06", "2019-12"),
    ]
    assert [b.text for b in experience[0].bullets] == [
        "Built streaming pipelines for billing events.",
        "Cut warehouse costs by 30%.",
    ]
    if skills:
        assert [b.text for b in _section(resume, SectionKind.SKILLS)[0].bullets] == [
            "Python",
            "SQL",
            "Airflow",
        ]


# --- layout tables --------------------------------------------------------------------------


def test_two_column_template_reads_the_left_column_then_the_right() -> None:
    document = docx.Document()
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    _sidebar(left)
    _main(right)
    texts = _texts(document)
    assert texts.index("2012 – 2016") < texts.index("Experience")  # whole left column first
    resume = _parse(document)
    _assert_full_resume(resume)
    assert resume.contact.headline == "Data Engineer"
    assert resume.warnings == []


def test_three_cell_template_with_an_empty_spacer_column() -> None:
    document = docx.Document()
    left, _, right = document.add_table(rows=1, cols=3).rows[0].cells
    _sidebar(left)
    _main(right)
    _assert_full_resume(_parse(document))


def test_layout_rows_are_read_column_by_column_not_row_by_row() -> None:
    """Two content rows: row by row would put the second row's left cell (education) between
    the right column's roles."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    top_left, top_right = table.rows[0].cells
    _big_name(top_left)
    top_left.add_paragraph(EMAIL)
    top_left.add_paragraph(PHONE)
    _heading(top_left, "Skills")
    for skill in ("Python", "SQL", "Airflow"):
        top_left.add_paragraph(skill, style="List Bullet")
    _heading(top_right, "Experience", first=True)
    _bold(top_right, "Senior Data Engineer, Quillfeather Ltd")
    top_right.add_paragraph("Jan 2020 – Present")
    top_right.add_paragraph("Built streaming pipelines for billing events.", style="List Bullet")
    bottom_left, bottom_right = table.rows[1].cells
    _heading(bottom_left, "Education", first=True)
    for degree, school, dates in (
        ("M.Sc. Data Science", "Lakeside Institute", "2016 – 2018"),
        ("B.Sc. Computer Science", "Northfield University", "2012 – 2016"),
    ):
        _bold(bottom_left, degree)
        bottom_left.add_paragraph(school)
        bottom_left.add_paragraph(dates)
    bottom_right.paragraphs[0].text = "Cut warehouse costs by 30%."
    bottom_right.paragraphs[0].style = "List Bullet"
    _bold(bottom_right, "Data Engineer, Brightmoor Co")
    bottom_right.add_paragraph("Jun 2018 – Dec 2019")
    bottom_right.add_paragraph("Maintained nightly ETL jobs.", style="List Bullet")
    _assert_full_resume(_parse(document))


def test_name_and_headline_row_above_the_columns() -> None:
    """A "Name | Headline" row is not a "Title | Dates" row: the 26 pt name stays its own line."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = NAME
    table.cell(0, 0).paragraphs[0].style = "Title"
    table.cell(0, 1).text = "Data Engineer"
    left, right = table.rows[1].cells
    left.paragraphs[0].text = EMAIL
    left.add_paragraph(PHONE)
    _heading(left, "Education")
    _bold(left, "B.Sc. Computer Science")
    left.add_paragraph("Northfield University")
    left.add_paragraph("2012 – 2016")
    _main(right)
    assert _texts(document)[:3] == [NAME, "Data Engineer", EMAIL]
    resume = _parse(document)
    assert (resume.contact.name, resume.contact.email) == (NAME, EMAIL)
    assert [e.organization for e in _section(resume, SectionKind.EDUCATION)] == [
        "Northfield University"
    ]
    assert len(_section(resume, SectionKind.EXPERIENCE)) == 2


def test_name_at_the_top_of_the_right_column_is_still_the_name() -> None:
    document = docx.Document()
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    _sidebar(left, with_name=False)  # "Contact" heading, email, phone, skills, education
    _main(right, name_on_top=True)
    texts = _texts(document)
    assert texts[:3] == [NAME, "Data Engineer", "linkedin.com/in/morganvale"]  # read first
    assert texts[3] == "Contact"
    resume = _parse(document)
    _assert_full_resume(resume)
    assert resume.contact.headline == "Data Engineer"
    assert resume.contact.links == ["linkedin.com/in/morganvale"]
    assert resume.warnings == []


def test_sidebar_rows_beside_a_vertically_merged_main_column() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    main = table.cell(0, 1).merge(table.cell(2, 1))
    _big_name(table.cell(0, 0))
    table.cell(0, 0).add_paragraph(EMAIL)
    table.cell(0, 0).add_paragraph(PHONE)
    skills = table.cell(1, 0)
    _heading(skills, "Skills", first=True)
    for skill in ("Python", "SQL", "Airflow"):
        skills.add_paragraph(skill, style="List Bullet")
    education = table.cell(2, 0)
    _heading(education, "Education", first=True)
    for degree, school, dates in (
        ("M.Sc. Data Science", "Lakeside Institute", "2016 – 2018"),
        ("B.Sc. Computer Science", "Northfield University", "2012 – 2016"),
    ):
        _bold(education, degree)
        education.add_paragraph(school)
        education.add_paragraph(dates)
    _main(main)
    texts = _texts(document)
    assert texts.index("Education") < texts.index("Experience")
    _assert_full_resume(_parse(document))


def test_nested_table_and_text_box_inside_the_left_column() -> None:
    document = docx.Document()
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    inner = left.add_table(rows=3, cols=1)  # name and contact in a nested table
    inner.cell(0, 0).text = NAME
    inner.cell(0, 0).paragraphs[0].style = "Title"
    inner.cell(1, 0).text = EMAIL
    inner.cell(2, 0).text = PHONE
    anchor = left.add_paragraph()
    anchor._p.append(parse_xml(_text_box_run("Open to relocation")))
    _heading(left, "Education")
    for degree, school, dates in (
        ("M.Sc. Data Science", "Lakeside Institute", "2016 – 2018"),
        ("B.Sc. Computer Science", "Northfield University", "2012 – 2016"),
    ):
        _bold(left, degree)
        left.add_paragraph(school)
        left.add_paragraph(dates)
    _main(right)
    texts = _texts(document)
    assert texts[:4] == [NAME, EMAIL, PHONE, "Open to relocation"]  # the box read once
    assert texts.count("Open to relocation") == 1
    _assert_full_resume(_parse(document), skills=False)


# --- data tables ----------------------------------------------------------------------------


def test_skills_grid_is_read_row_by_row() -> None:
    document = docx.Document()
    document.add_paragraph(NAME, style="Title")
    document.add_paragraph(f"{EMAIL} | {PHONE}")
    document.add_heading("Skills", level=1)
    grid = document.add_table(rows=3, cols=3)
    for r, row in enumerate((("Python", "SQL", "Airflow"), ("Kafka", "Spark", "dbt"))):
        for c, skill in enumerate(row):
            grid.cell(r, c).text = skill
    grid.cell(2, 0).text = "Terraform"
    document.add_heading("Experience", level=1)
    document.add_paragraph().add_run("Data Engineer, Brightmoor Co").bold = True
    document.add_paragraph("Jun 2018 – Dec 2019")
    document.add_paragraph("Maintained nightly ETL jobs.", style="List Bullet")
    assert _texts(document)[3:6] == ["Python\tSQL\tAirflow", "Kafka\tSpark\tdbt", "Terraform"]
    resume = _parse(document)
    assert [b.text for b in _section(resume, SectionKind.SKILLS)[0].bullets] == [
        "Python, SQL, Airflow",
        "Kafka, Spark, dbt",
        "Terraform",
    ]
    assert [e.title for e in _section(resume, SectionKind.EXPERIENCE)] == ["Data Engineer"]


def test_labelled_skills_table_with_many_rows_is_a_data_table() -> None:
    """Two wide columns but many rows of short cells: row by row, label beside its items."""
    document = docx.Document()
    document.add_paragraph(NAME, style="Title")
    document.add_paragraph(EMAIL)
    document.add_heading("Skills", level=1)
    rows = (("Programming", "Python, SQL, Go"), ("Data", "Airflow, Spark"), ("Cloud", "AWS, GCP"))
    table = document.add_table(rows=len(rows), cols=2)
    for r, (label, items) in enumerate(rows):
        table.cell(r, 0).paragraphs[0].add_run(label).bold = True
        table.cell(r, 1).text = items
        table.cell(r, 1).add_paragraph("(daily use)")  # two lines: not a one-line row
    texts = _texts(document)
    assert texts[3:6] == ["Programming", "Python, SQL, Go", "(daily use)"]
    resume = _parse(document)
    bullets = [b.text for b in _section(resume, SectionKind.SKILLS)[0].bullets]
    assert bullets[:4] == ["Programming", "Python, SQL, Go", "(daily use)", "Data"]
    assert len(bullets) == 9


def test_label_and_items_rows_are_joined_into_one_item_each() -> None:
    document = docx.Document()
    document.add_paragraph(NAME, style="Title")
    document.add_paragraph(EMAIL)
    document.add_heading("Skills", level=1)
    rows = (("Programming", "Python, SQL, Go"), ("Data", "Airflow, Spark"), ("Cloud", "AWS, GCP"))
    table = document.add_table(rows=len(rows), cols=2)
    for r, (label, items) in enumerate(rows):
        table.cell(r, 0).paragraphs[0].add_run(label).bold = True
        table.cell(r, 1).text = items
    assert _texts(document)[3:] == [
        "Programming\tPython, SQL, Go",
        "Data\tAirflow, Spark",
        "Cloud\tAWS, GCP",
    ]
    resume = _parse(document)
    assert [b.text for b in _section(resume, SectionKind.SKILLS)[0].bullets] == [
        "Programming: Python, SQL, Go",
        "Data: Airflow, Spark",
        "Cloud: AWS, GCP",
    ]


# --- paragraphs -----------------------------------------------------------------------------


def _role_document(*paragraphs: str) -> docx.document.Document:
    document = docx.Document()
    document.add_paragraph(NAME, style="Title")
    document.add_paragraph(f"{EMAIL} | {PHONE}")
    document.add_heading("Experience", level=1)
    document.add_paragraph().add_run("Senior Data Engineer, Quillfeather Ltd").bold = True
    document.add_paragraph().add_run("Jan 2020 – Present").italic = True
    for text in paragraphs:
        document.add_paragraph(text)
    document.add_paragraph().add_run("Data Engineer, Brightmoor Co").bold = True
    document.add_paragraph().add_run("Jun 2018 – Dec 2019").italic = True
    document.add_paragraph("Migrated reports from cron scripts to Airflow.", style="List Bullet")
    document.add_paragraph("Maintained nightly ETL jobs.", style="List Bullet")
    return document


def test_plain_paragraphs_under_a_role_are_separate_bullets() -> None:
    paragraphs = (
        "Built streaming pipelines for billing events.",
        "Cut warehouse costs by 30% by moving cold data to object storage.",
        "Mentored four junior engineers.",
    )
    entries = _section(_parse(_role_document(*paragraphs)), SectionKind.EXPERIENCE)
    assert [e.title for e in entries] == ["Senior Data Engineer", "Data Engineer"]
    assert [b.text for b in entries[0].bullets] == list(paragraphs)
    assert entries[0].text is None
    assert [b.text for b in entries[1].bullets] == [
        "Migrated reports from cron scripts to Airflow.",
        "Maintained nightly ETL jobs.",
    ]


def test_a_manual_line_break_continues_its_paragraph() -> None:
    document = _role_document("Built streaming pipelines", "Mentored four junior engineers.")
    broken = document.paragraphs[5]
    assert broken.text == "Built streaming pipelines"
    broken.add_run().add_break()  # Shift+Enter: same paragraph, next line
    broken.add_run("for billing events.")
    lines = extract_docx(_save(document), LIMITS).lines
    assert [ln.paragraph_start for ln in lines[5:8]] == [True, False, True]
    entries = _section(_parse(document), SectionKind.EXPERIENCE)
    assert [b.text for b in entries[0].bullets] == [
        "Built streaming pipelines for billing events.",
        "Mentored four junior engineers.",
    ]


def test_a_list_bullet_wrapped_by_a_line_break_stays_one_bullet() -> None:
    document = _role_document()
    bullet = document.paragraphs[-1]
    bullet.add_run().add_break()
    bullet.add_run("and their alerting.")
    entries = _section(_parse(document), SectionKind.EXPERIENCE)
    assert [b.text for b in entries[1].bullets] == [
        "Migrated reports from cron scripts to Airflow.",
        "Maintained nightly ETL jobs. and their alerting.",
    ]
    assert entries[1].text is None


def test_a_lone_description_paragraph_stays_the_entry_text() -> None:
    entries = _section(
        _parse(_role_document("Led the data platform team of a billing product.")),
        SectionKind.EXPERIENCE,
    )
    assert entries[0].text == "Led the data platform team of a billing product."
    assert entries[0].bullets == []


@pytest.mark.parametrize("long_first", [True, False])
def test_list_section_paragraphs_are_items_whatever_their_length(long_first: bool) -> None:
    """A long DOCX paragraph "reaching the right edge" does not swallow the next one (a PDF
    line that does is wrapped text; in a DOCX, wrapping is the renderer's)."""
    long = "Languages: Python, SQL, Go, TypeScript, Rust, Kotlin, Scala, Bash and some R"
    items = [long, "Cloud: AWS"] if long_first else ["Cloud: AWS", long]
    document = docx.Document()
    document.add_paragraph(NAME, style="Title")
    document.add_paragraph(EMAIL)
    document.add_heading("Skills", level=1)
    for item in items:
        document.add_paragraph(item)
    resume = _parse(document)
    assert [b.text for b in _section(resume, SectionKind.SKILLS)[0].bullets] == items


def test_dated_organization_line_under_a_title_and_dates_row() -> None:
    """Our own DOCX template's "Title<TAB>Dates" line, then the organization line that starts
    with a year: one entry each, not two (DOCX has no spacing to tell, adjacency does)."""
    document = docx.Document()
    document.add_paragraph(NAME, style="Title")
    document.add_paragraph(EMAIL)
    document.add_heading("Experience", level=1)
    for title, year, org in (
        ("Problem Writer", "2016", "2016 Harbour Hacking Final • Lisbon"),
        ("Organizer", "2013", "1st Riverside Hackathon • Porto"),
    ):
        head = document.add_paragraph()
        run = head.add_run(f"{title}\t{year}")
        run.bold, run.font.size = True, Pt(11)
        document.add_paragraph().add_run(org).font.size = Pt(10.5)
        document.add_paragraph("Wrote the reverse engineering tasks.", style="List Bullet")
    entries = _section(_parse(document), SectionKind.EXPERIENCE)
    assert [(e.title, e.organization, e.location, e.dates) for e in entries] == [
        ("Problem Writer", "2016 Harbour Hacking Final", "Lisbon", "2016"),
        ("Organizer", "1st Riverside Hackathon", "Porto", "2013"),
    ]


def test_two_record_rows_without_headings_are_read_row_by_row() -> None:
    """Two rows of "dates | role and bullets" are two records, not two page columns."""
    document = docx.Document()
    document.add_paragraph(NAME, style="Title")
    document.add_paragraph(EMAIL)
    document.add_heading("Experience", level=1)
    table = document.add_table(rows=2, cols=2)
    for r, (dates, role, bullets) in enumerate(
        (
            (
                "Jan 2020 – Present",
                "Senior Data Engineer, Quillfeather Ltd",
                ("Built it.", "Ran it."),
            ),
            ("Jun 2018 – Dec 2019", "Data Engineer, Brightmoor Co", ("Kept ETL jobs running.",)),
        )
    ):
        table.cell(r, 0).text = dates
        table.cell(r, 1).paragraphs[0].add_run(role).bold = True
        for bullet in bullets:
            table.cell(r, 1).add_paragraph(bullet, style="List Bullet")
    texts = _texts(document)
    assert texts.index("Ran it.") < texts.index("Jun 2018 – Dec 2019")
    entries = _section(_parse(document), SectionKind.EXPERIENCE)
    assert [(e.title, e.start, len(e.bullets)) for e in entries] == [
        ("Senior Data Engineer", "2020-01", 2),
        ("Data Engineer", "2018-06", 1),
    ]
