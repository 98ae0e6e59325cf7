"""The resume as a Word document (python-docx), same content and order as the PDF.

Uses the built-in styles of python-docx's default template so Word, Google Docs and ATS
importers see real structure: ``Title`` for the name, ``Heading 1`` for sections, ``List
Bullet`` for bullets; entry dates sit after a right-aligned tab stop on the entry line, and
the head lines use the PDF's sizes (11 pt title, 10.5 pt organization, 10 pt body).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from pipeline.model import Resume
from pipeline.render.content import CONTACT_SEPARATOR, EntryPlan, plan

_MARGIN = Mm(18)


def _line(doc: object, left: str, right: str, *, bold: bool, size: float, tab: int) -> None:
    """One head line: ``left`` then, after a right-aligned tab stop, ``right``."""
    para: Paragraph = doc.add_paragraph()  # type: ignore[attr-defined]
    para.paragraph_format.space_after = Pt(0)
    para.paragraph_format.keep_with_next = True
    if left:
        run = para.add_run(left)
        run.bold, run.font.size = bold, Pt(size)
    if right:
        para.paragraph_format.tab_stops.add_tab_stop(tab, WD_TAB_ALIGNMENT.RIGHT)
        para.add_run("\t" + right).font.size = Pt(10)
    if bold:
        para.paragraph_format.space_before = Pt(6)


def _entry(doc: object, entry: EntryPlan, tab: int) -> None:
    add = doc.add_paragraph  # type: ignore[attr-defined]
    if entry.label:
        para = add()
        para.add_run(f"{entry.label}:").bold = True
        para.add_run(f" {entry.text_lines[0]}")
    else:
        first, second = entry.lines()
        if first or entry.dates:
            _line(doc, first, entry.dates, bold=True, size=11, tab=tab)
        if second:
            _line(doc, second, "", bold=False, size=10.5, tab=tab)
        for line in entry.text_lines:
            add(line)
    for bullet in entry.bullets:
        add(bullet, style="List Bullet")


def render_docx(resume: Resume) -> bytes:
    """Render ``resume`` as DOCX bytes (A4, 18 mm margins, core title/author = the name)."""
    p = plan(resume)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, _MARGIN)
    tab = int(section.page_width - 2 * _MARGIN)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"  # type: ignore[attr-defined]
    normal.font.size = Pt(10)  # type: ignore[attr-defined]

    props = doc.core_properties
    props.title = p.name or "Resume"
    props.author = props.last_modified_by = p.name
    props.subject = "Resume"
    props.language = p.language or "en"

    if p.name:
        doc.add_heading(p.name, level=0)
    if p.headline:
        doc.add_paragraph(p.headline, style="Subtitle")
    if p.contact_items:
        doc.add_paragraph(CONTACT_SEPARATOR.join(p.contact_items))
    for sec in p.sections:
        doc.add_heading(sec.title, level=1)
        for entry in sec.entries:
            _entry(doc, entry, tab)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
