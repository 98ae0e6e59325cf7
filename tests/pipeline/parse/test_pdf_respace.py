"""Spaces restored in PDF lines whose words are set apart by glyph gaps only (no space glyph).

Fictional PDFs drawn with reportlab place each word (or each letter) on its own, so MuPDF sees
the gaps but no space character; the corpus check reads the awesome-cv file that prompted this.
"""

from __future__ import annotations

import io

import pymupdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from pipeline.parse import parse_document
from pipeline.parse.lines import ExtractedDocument
from pipeline.parse.pdf import extract_pdf
from pipeline.parse.respace import looks_run_together
from tests.conftest import CORPUS, CORPUS_MISSING

W, H = A4
SIZE = 9.0
GLUED = "Provisioned an easily manageable hybrid infrastructure with Terraform and Ansible"
NORMAL = "Internationalization and telecommunications infrastructure for microservices"
TRACKED = "Internationalization"


def _extract(pdf: bytes) -> ExtractedDocument:
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        return extract_pdf(doc)


def _raw_texts(pdf: bytes) -> list[str]:
    """What PyMuPDF's own dict extraction reads, line by line (spans joined)."""
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        data = doc[0].get_text("dict")
    return [
        "".join(s["text"] for s in line["spans"])
        for block in data["blocks"]
        for line in block.get("lines", [])
    ]


def _words(c: canvas.Canvas, x: float, y: float, words: list[tuple[str, str]]) -> None:
    """Draw each (word, font) on its own, 0.14 em after the previous one, with no space."""
    for word, font in words:
        c.setFont(font, SIZE)
        c.drawString(x, y, word)
        x += stringWidth(word, font, SIZE) + 0.14 * SIZE


def _glued_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(50, H - 60, "Experience")
    c.setFont("Helvetica", SIZE)
    c.drawString(50, H - 80, "Quillfeather Systems, Platform Engineer")
    c.drawString(50, H - 95, "\u2022")
    _words(c, 60, H - 95, [(w, "Helvetica") for w in GLUED.split()])
    c.drawString(50, H - 110, "\u2022")
    _words(
        c,
        60,
        H - 110,
        [("Led", "Helvetica"), ("the", "Helvetica"), ("Kafka", "Helvetica-Bold")]
        + [(w, "Helvetica") for w in "migration across seven datacenters".split()],
    )
    c.drawString(50, H - 125, "\u2022 Wrote the runbooks for every service we owned")
    c.save()
    return buf.getvalue()


def _kerned_pdf() -> bytes:
    """Normal text with real spaces, each letter nudged by up to +-0.04 em (tight kerning),
    and a tracked word (every letter 0.12 em apart): long letter runs, nothing to split."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    nudges = [-0.35, 0.0, 0.3, -0.2, 0.35, 0.1, -0.1]
    text = c.beginText(50, H - 80)
    text.setFont("Helvetica", SIZE)
    for i, ch in enumerate(NORMAL):
        text.setCharSpace(nudges[i % len(nudges)])
        text.textOut(ch)
    c.drawText(text)
    tracked = c.beginText(50, H - 100)
    tracked.setFont("Helvetica", SIZE)
    tracked.setCharSpace(0.12 * SIZE)
    tracked.textOut(TRACKED)
    c.drawText(tracked)
    c.save()
    return buf.getvalue()


def test_words_set_apart_by_gaps_get_their_spaces_back() -> None:
    pdf = _glued_pdf()
    raw = _raw_texts(pdf)
    # The premise: MuPDF itself reads these lines without spaces.
    assert any("Provisionedaneasily" in t for t in raw), raw
    doc = _extract(pdf)
    texts = [ln.text for ln in doc.lines]
    provisioned = next(ln for ln in doc.lines if ln.text.startswith("Provisioned"))
    assert provisioned.text == GLUED
    assert provisioned.bullet
    # Words in separate spans (a bold one) are set apart too.
    assert "Led the Kafka migration across seven datacenters" in texts
    # Lines that had their spaces are untouched.
    assert "Wrote the runbooks for every service we owned" in texts
    assert "Quillfeather Systems, Platform Engineer" in texts


def test_glued_bullet_opens_with_its_verb_after_building() -> None:
    resume = parse_document(_glued_pdf(), "glued.pdf", isolate=False)
    bullets = [b.text for _, _, b in resume.iter_bullets()]
    assert GLUED in bullets, bullets


def test_tightly_kerned_and_tracked_words_are_not_split() -> None:
    pdf = _kerned_pdf()
    raw = _raw_texts(pdf)
    # The premise: the lines carry long letter runs, so the character-level pass reads them.
    assert NORMAL in raw and TRACKED in raw, raw
    assert looks_run_together(NORMAL) and looks_run_together(TRACKED)
    texts = [ln.text for ln in _extract(pdf).lines]
    assert texts == [NORMAL, TRACKED]


def test_cjk_and_short_runs_do_not_look_run_together() -> None:
    assert not looks_run_together("履歴書大学履歴書研究科履歴書専攻博士前期課程 入学")
    assert not looks_run_together("Designed the payments ledger and the reconciliation jobs")
    assert looks_run_together("Provisionedaneasilymanagablehybridinfrastructure")


@pytest.mark.skipif(not (CORPUS / "resumes").is_dir(), reason=CORPUS_MISSING)
def test_awesome_cv_run_together_bullets_are_spaced() -> None:
    path = CORPUS / "resumes" / "awesome-cv-cv-5pages.pdf"
    resume = parse_document(path.read_bytes(), path.name, isolate=False)
    bullets = [b.text for _, _, b in resume.iter_bullets()]
    assert (
        "Provisioned an easily managable hybrid infrastructure(Amazon AWS + On-premise) "
        "utilizing IaC(Infrastructure as Code) tools like Ansible, Packer and Terraform."
    ) in bullets
    assert any(
        b.startswith("Designed an overall service architecture and pipelines of the")
        for b in bullets
    )
    assert not any("Provisionedan" in b or "Designedan" in b for b in bullets)
