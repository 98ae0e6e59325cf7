"""The DOCX export: real Word structure, the same content in the same order as the PDF."""

from __future__ import annotations

import io

import docx
import pymupdf
import pytest

from pipeline.render import render_docx, render_pdf
from tests.pipeline.render.samples import sample_resume


@pytest.fixture(scope="module")
def document() -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(sample_resume())))


def test_real_styles(document: docx.document.Document) -> None:
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert styled[0] == ("Title", "Zoë Åström-Nguyễn")
    headings = [text for style, text in styled if style == "Heading 1"]
    assert headings == ["Summary", "Experience", "Education", "Skills"]
    bullets = [text for style, text in styled if style == "List Bullet"]
    assert len(bullets) == 5 and bullets[-1] == "Migrated 40 services to Kubernetes"
    assert ("Normal", "Senior Backend Engineer\tMar 2021 – Present") in styled
    assert ("Normal", "Acme Payments AG • Zürich") in styled
    assert document.core_properties.title == "Zoë Åström-Nguyễn"


def test_same_words_in_the_same_order_as_the_pdf(document: docx.document.Document) -> None:
    pdf = pymupdf.open(stream=render_pdf(sample_resume()), filetype="pdf")
    # "•" is the PDF's bullet glyph (DOCX uses list numbering; both print "Org • Place");
    # "|" separates contact items,
    # which wrap onto two lines in the PDF and stay on one in the DOCX.
    pdf_words = [w for page in pdf for w in page.get_text().split() if w not in "•|"]
    docx_words = [w for p in document.paragraphs for w in p.text.split() if w not in "•|"]
    assert docx_words == pdf_words
