"""DOCX: contact details in the Word page header, and a page table with a nested table, an
organization line under a "Title — Dates" head and skills split by manual line breaks.

Every fixture is a fictional resume built here with python-docx.
"""

from __future__ import annotations

import io

import docx

from pipeline.model import Resume, SectionKind
from pipeline.parse import parse_document

NAME, EMAIL, PHONE = "Priya Raman-Okafor", "priya.ro@example.com", "+1 312 555 0177"


def _parse(document: docx.document.Document) -> Resume:
    buf = io.BytesIO()
    document.save(buf)
    return parse_document(buf.getvalue(), "cv.docx", isolate=False)


def _body(document: docx.document.Document) -> None:
    document.add_heading("Experience", level=1)
    document.add_paragraph("Data Analyst — May 2021 – Present")
    document.add_paragraph("Okra Foods, Chicago, IL")
    document.add_paragraph("Built weekly sales dashboards for 14 regions", style="List Bullet")
    document.add_heading("Education", level=1)
    document.add_paragraph("B.A. Economics — 2017 – 2021")
    document.add_paragraph("Loyola University Chicago")


def test_name_and_contact_in_the_page_header() -> None:
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = NAME
    header.add_paragraph(f"{EMAIL} | {PHONE} | Chicago, IL")
    _body(document)
    resume = _parse(document)
    c = resume.contact
    assert (c.name, c.email, c.phone, c.location) == (NAME, EMAIL, "+13125550177", "Chicago, IL")
    assert "no name found" not in resume.warnings
    assert [s.kind for s in resume.sections] == [SectionKind.EXPERIENCE, SectionKind.EDUCATION]


def test_one_line_header_with_name_email_and_phone() -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = f"{NAME} | {EMAIL} | {PHONE}"
    _body(document)
    c = _parse(document).contact
    assert (c.name, c.email, c.phone, c.location) == (NAME, EMAIL, "+13125550177", None)


def test_first_page_header_is_the_one_read_when_the_section_has_one() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = f"{NAME} | {EMAIL} | {PHONE}"
    section.header.paragraphs[0].text = "Page header of later pages"
    _body(document)
    c = _parse(document).contact
    assert (c.name, c.email) == (NAME, EMAIL)
    assert c.extras == []


def test_a_header_repeating_the_body_contact_is_not_read_twice() -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = f"{NAME} — {EMAIL}"
    document.add_paragraph(NAME, style="Title")
    document.add_paragraph(f"{EMAIL} | {PHONE} | Leeds, UK")
    _body(document)
    resume = _parse(document)
    assert (resume.contact.name, resume.contact.location) == (NAME, "Leeds, UK")
    assert resume.contact.extras == []


def test_a_header_without_contact_details_is_not_read() -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Curriculum Vitae — confidential"
    document.add_paragraph(NAME, style="Title")
    document.add_paragraph(f"{EMAIL} | {PHONE}")
    _body(document)
    resume = _parse(document)
    assert resume.contact.name == NAME
    assert "confidential" not in resume.plain_text()


def test_page_table_with_a_nested_table_and_a_paragraph_after_it() -> None:
    """The trial's odd.docx: a two-cell table (skills | experience) with a nested table in
    the experience cell, then a paragraph after the table."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = f"{NAME} | {EMAIL} | {PHONE}"
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Skills\nSQL\nTableau\nPython"  # manual line breaks
    cell = table.cell(0, 1)
    cell.text = "Experience"
    cell.add_paragraph("Data Analyst — May 2021 – Present")
    cell.add_paragraph("Okra Foods, Chicago, IL")
    cell.add_paragraph("Built weekly sales dashboards for 14 regions", style="List Bullet")
    cell.add_paragraph("Automated the monthly report in Python", style="List Bullet")
    inner = cell.add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Mentored two interns on SQL"
    document.add_paragraph("")
    document.add_paragraph("Presented the pricing model to the board")
    resume = _parse(document)
    assert resume.contact.name == NAME
    skills = resume.section(SectionKind.SKILLS)
    assert skills is not None
    assert [b.text for b in skills.entries[0].bullets] == ["SQL", "Tableau", "Python"]
    experience = resume.section(SectionKind.EXPERIENCE)
    assert experience is not None
    (job,) = experience.entries
    assert (job.title, job.organization, job.location, job.dates) == (
        "Data Analyst",
        "Okra Foods",
        "Chicago, IL",
        "May 2021 – Present",
    )
    assert [b.text for b in job.bullets] == [
        "Built weekly sales dashboards for 14 regions",
        "Automated the monthly report in Python",
        "Mentored two interns on SQL",
        "Presented the pricing model to the board",
    ]


def test_a_description_under_a_dated_head_is_not_taken_for_the_organization() -> None:
    document = docx.Document()
    document.add_paragraph(NAME, style="Title")
    document.add_paragraph(f"{EMAIL} | {PHONE}")
    document.add_heading("Experience", level=1)
    document.add_paragraph("Data Analyst — May 2021 – Present")
    document.add_paragraph("Built the pricing engine")
    document.add_paragraph("Ran the weekly reporting")
    (job,) = _parse(document).section(SectionKind.EXPERIENCE).entries  # type: ignore[union-attr]
    assert (job.title, job.organization) == ("Data Analyst", None)
    assert [b.text for b in job.bullets] == ["Built the pricing engine", "Ran the weekly reporting"]


def test_a_skill_line_broken_mid_list_continues() -> None:
    document = docx.Document()
    document.add_paragraph(NAME, style="Title")
    document.add_paragraph(f"{EMAIL} | {PHONE}")
    document.add_heading("Skills", level=1)
    para = document.add_paragraph("Languages: Python, SQL,")
    para.add_run().add_break()
    para.add_run("Go, Rust")
    document.add_paragraph("Cloud: AWS")
    skills = _parse(document).section(SectionKind.SKILLS)
    assert skills is not None
    assert [b.text for b in skills.entries[0].bullets] == [
        "Languages: Python, SQL, Go, Rust",
        "Cloud: AWS",
    ]
