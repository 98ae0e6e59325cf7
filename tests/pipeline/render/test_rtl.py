"""Arabic and Hebrew print shaped, in visual order and right-aligned; Latin output is unchanged.

The expected visual strings are written out by hand from the Unicode rules (Arabic joining
forms, right-to-left runs), not produced by the libraries the renderer uses, and are read back
from the glyphs' positions on the page, so a wrong order or an unjoined letter fails.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import unicodedata

import pymupdf
import pytest
import reportlab

from pipeline.model import Bullet, ChangeSet
from pipeline.parse import parse_document
from pipeline.render import render_pdf, render_report
from pipeline.render.fonts import BULLET, MISSING, SYSTEM_FONTS, printable
from tests.pipeline.render.samples import sample_resume, with_summary
from tests.pipeline.render.test_report import _analysis

NAME = "محمد الأحمد"  # fictional
EMPLOYER = "אלביט מערכות"  # fictional employer name, Hebrew
BULLET_HE = (
    "פיתחתי מערכת תשלומים ב-Python עבור שלושה מיליון משתמשים והובלתי צוות של חמישה מהנדסים "
    "לאורך שלוש שנים בחברה הגדולה ביותר בתחום בארץ ובעולם כולו"
)


def _resume() -> object:
    resume = sample_resume(name=NAME)
    resume.sections[1].entries[0].organization = EMPLOYER  # location stays "Zürich"
    resume.sections[1].entries[1].bullets = [Bullet(id="he", text=BULLET_HE)]
    return resume


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(_resume())  # type: ignore[arg-type]


def _lines(pdf: bytes) -> list[dict]:
    """Each text line: glyphs sorted left to right (visual order), bbox, MuPDF's text."""
    out = []
    for page in pymupdf.open(stream=pdf, filetype="pdf"):
        for block in page.get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                chars = sorted(
                    (c for s in line["spans"] for c in s["chars"]), key=lambda c: c["origin"][0]
                )
                out.append(
                    {
                        "visual": "".join(c["c"] for c in chars).strip(),
                        "bbox": line["bbox"],
                        "page_width": page.rect.width,
                    }
                )
    return out


def _find(lines: list[dict], part: str) -> dict:
    return next(line for line in lines if part in line["visual"])


def _names(text: str) -> list[str]:
    return [unicodedata.name(ch) for ch in text]


def test_arabic_name_is_joined_and_drawn_right_to_left(pdf: bytes) -> None:
    lines = _lines(pdf)
    # محمد: meem initial, hah medial, meem medial, dal final; الأحمد: alef (standing alone,
    # base letter), lam initial, alef with hamza final, hah initial, meem medial, dal final.
    # Drawn left to right, the last letter of the last word comes first.
    expected = [
        "ARABIC LETTER DAL FINAL FORM",
        "ARABIC LETTER MEEM MEDIAL FORM",
        "ARABIC LETTER HAH INITIAL FORM",
        "ARABIC LETTER ALEF WITH HAMZA ABOVE FINAL FORM",
        "ARABIC LETTER LAM INITIAL FORM",
        "ARABIC LETTER ALEF",
        "SPACE",
        "ARABIC LETTER DAL FINAL FORM",
        "ARABIC LETTER MEEM MEDIAL FORM",
        "ARABIC LETTER HAH MEDIAL FORM",
        "ARABIC LETTER MEEM INITIAL FORM",
    ]
    assert _names(lines[0]["visual"]) == expected
    # right-aligned: flush with the right edge of the entry dates
    right_edge = _find(lines, "Mar 2021")["bbox"][2]
    assert abs(lines[0]["bbox"][2] - right_edge) < 1
    assert lines[0]["bbox"][0] > lines[0]["page_width"] / 2


def test_hebrew_employer_line_follows_the_bidi_algorithm(pdf: bytes) -> None:
    lines = _lines(pdf)
    # logical "אלביט מערכות • Zürich", right-to-left paragraph: the Hebrew words read from the
    # right edge, then the separator, then the Latin run on the left.
    line = _find(lines, "Zürich • ")
    assert line["visual"] == "Zürich • תוכרעמ טיבלא"
    assert abs(line["bbox"][2] - _find(lines, "Mar 2021")["bbox"][2]) < 1


def test_wrapped_rtl_bullet_starts_on_the_top_line_at_the_right(pdf: bytes) -> None:
    lines = _lines(pdf)
    top = _find(lines, "יתחתיפ")  # the first word, reversed for drawing
    bottom = _find(lines, "ולוכ")  # the last word, כולו
    assert top["visual"].split()[-1] == "יתחתיפ"  # the first word at the right end
    bullet = next(
        line
        for line in lines
        if line["visual"].endswith(BULLET) and abs(line["bbox"][3] - top["bbox"][3]) < 3
    )
    assert bullet["bbox"][0] > top["bbox"][2]  # the bullet hangs right of the text
    assert abs(bullet["bbox"][2] - _find(lines, "Mar 2021")["bbox"][2]) < 5
    assert top["bbox"][1] < bottom["bbox"][1]  # the paragraph reads top-down
    assert "ב-Python" not in top["visual"] and "Python-ב" in top["visual"]
    assert bottom["visual"].split()[0] == "ולוכ"  # the last word ends the paragraph, on the left


def test_pymupdf_and_our_parser_read_the_name_back(pdf: bytes) -> None:
    text = pymupdf.open(stream=pdf, filetype="pdf")[0].get_text()
    assert unicodedata.normalize("NFKC", text.splitlines()[0]) == NAME
    parsed = parse_document(pdf, "resume.pdf", isolate=False)
    assert parsed.contact.name == NAME


def test_vowel_marks_sit_on_their_letters() -> None:
    # Each zero-width mark is drawn right before (left of) its letter, where FiraGO puts it on
    # that letter; PyMuPDF then reads the marks back after their letters, in logical order.
    for text in ("مُحَمَّد", "שָׁלוֹם"):
        pdf = render_pdf(with_summary(text))
        line = pymupdf.open(stream=pdf, filetype="pdf")[0].get_text().splitlines()[-1]
        assert unicodedata.normalize("NFKC", line) == unicodedata.normalize("NFKC", text)


def test_report_title_with_an_arabic_name_is_one_page_and_reads_back() -> None:
    pdf = render_report(_analysis(60, 10), _analysis(80, 15), ChangeSet(), NAME)
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    assert doc.page_count == 1
    first = doc[0].get_text().splitlines()[0]
    assert unicodedata.normalize("NFKC", first) == f"Resume review: {NAME}"


# Latin output must not change: the RTL path is only taken for lines with RTL characters.
# Digests of the sample renderings made before RTL support existed, for these library versions.
_PINNED = {
    ("5.1.0", "1.0.5"): (
        "bdf6cb19233a0fc69e522377ae7d749b36c81cc6fb1d179c99b41e413a7262e1",
        "87fb3cf22518d4ccf0ef802dfcc3809475a04601e36700f0daa5fd14bec16a02",
    )
}


def test_latin_resume_renders_byte_identical_to_before() -> None:
    versions = (reportlab.Version, importlib.metadata.version("pymupdf-fonts"))
    if versions not in _PINNED:
        pytest.skip(f"digests pinned for reportlab/pymupdf-fonts {list(_PINNED)}, not {versions}")
    short, long = _PINNED[versions]
    assert hashlib.sha256(render_pdf(sample_resume())).hexdigest() == short
    assert hashlib.sha256(render_pdf(sample_resume(bullets=60))).hexdigest() == long


def test_symbols_no_font_has_become_visible_placeholders() -> None:
    assert printable("🚀 Launched 🎉🎉 product") == f"{BULLET} Launched {MISSING} product"
    assert printable("👨‍👩‍👧 ✅ Family app") == f"{BULLET} Family app"  # one run, one bullet
    text = pymupdf.open(stream=render_pdf(with_summary("🚀 Shipped 🎉 fast")), filetype="pdf")
    assert f"{BULLET} Shipped {MISSING} fast" in text[0].get_text()


def test_letters_no_font_has_are_kept_and_shown_as_boxes() -> None:
    assert printable("ሰላም Addis") == "ሰላም Addis"  # Ethiopic: no bundled font, never dropped
    doc = pymupdf.open(stream=render_pdf(with_summary("ሰላም Addis")), filetype="pdf")
    assert f"{MISSING * 3} Addis" in doc[0].get_text()


@pytest.mark.skipif(not SYSTEM_FONTS, reason="DejaVu Sans (fonts-dejavu-core) is not installed")
def test_symbols_fall_back_to_the_installed_dejavu_font() -> None:
    doc = pymupdf.open(stream=render_pdf(with_summary("✔ Done ➢ next")), filetype="pdf")
    assert "✔ Done ➢ next" in doc[0].get_text()
    assert any("DejaVuSans" in f[3] for f in doc[0].get_fonts(full=True))


def test_persian_zero_width_non_joiner_keeps_letters_apart() -> None:
    from pipeline.render.rtl import shape

    text = printable("می\u200cخواهم")  # "I want": mi + non-joiner + khaham
    assert "\u200c" in text
    assert _names(shape(text))[:4] == [
        "ARABIC LETTER MEEM INITIAL FORM",
        "ARABIC LETTER FARSI YEH FINAL FORM",
        "ZERO WIDTH NON-JOINER",
        "ARABIC LETTER KHAH INITIAL FORM",  # not medial: the non-joiner broke the join
    ]
    assert printable("a\u200cb") == "ab"  # outside Arabic script it is just a zero-width mark
