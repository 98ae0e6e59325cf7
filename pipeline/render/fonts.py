"""Embedded TrueType fonts and per-character fallback for the reportlab renderers.

Every font comes from a package we already depend on, so nothing is downloaded at run time:

- Noto Sans (regular/bold) from ``pymupdf-fonts``: Latin with diacritics, Cyrillic, Greek.
- FiraGO (regular/bold) from ``pymupdf-fonts``: adds Arabic, Hebrew, Georgian, Thai, Devanagari.
- Droid Sans Fallback, MuPDF's built-in CJK fallback (``pymupdf.Font("cjk")``, TrueType
  outlines, so reportlab can subset and embed it): Chinese, Japanese, Korean.
- DejaVu Sans from the system (Debian's ``fonts-dejavu-core``), last and only when installed
  (:data:`SYSTEM_FONTS`): dingbats, arrows, check marks, stars, geometric and misc symbols,
  the Arabic presentation forms FiraGO lacks.

pymupdf-fonts' Noto Sans Symbols/Symbols2/Math are CFF-flavoured OpenType, which reportlab
cannot embed ("postscript outlines are not supported"); colour emoji fonts are bitmaps.

reportlab does no glyph substitution or shaping, so a character missing from the paragraph font
would print as a black box ("tofu"). :func:`markup` therefore splits text into runs, each set in
the first font of the chain that has the character. Right-to-left text is shaped and reordered
first (:mod:`pipeline.render.rtl`). :func:`printable` is the text normalisation the renderers
apply first (ligatures expanded, controls and private-use icon glyphs removed); tests and the
round trip compare against it, because it is what was printed.

A character that no font of the chain has (the rule, in :func:`printable`):

- a letter, mark or digit (scripts we ship no font for: Ethiopic, Tamil...) is kept in the
  printable text (so the DOCX, the data and the round trip keep it), and the PDF prints one
  "▯" (:data:`MISSING`) per such character: reportlab cannot put a character without a glyph
  in the text layer (it would draw nothing and read back as U+0000), so the box is the visible
  trace. Letters are never dropped.
- a symbol (emoji, pictographs, dingbats no font has) becomes a visible placeholder: a run of
  them before the first letter or digit of a line is a bullet-like marker and becomes our
  bullet "•" (:data:`BULLET`); elsewhere it becomes "▯" (:data:`MISSING`, the conventional
  "cannot display" sign), one per run, emoji sequences included.
- emoji variation selectors, skin-tone modifiers and tag characters are dropped: they only
  modify the character before them. Other invisible format characters (the bidi marks LRM,
  RLM, ALM and isolates, the zero-width non-joiner in Arabic script) stay in the text, steer
  the RTL shaping and reordering, and print nothing.

Fonts load lazily and once per process (Noto Sans ~20 ms, the 3.5 MB CJK font ~90 ms, only when
a CJK character appears).
"""

from __future__ import annotations

import io
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

import pymupdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont


@dataclass(frozen=True, slots=True)
class Family:
    """A reportlab font family backed by MuPDF/pymupdf-fonts buffers.

    ``regular``/``bold`` are ``pymupdf.Font`` names (see ``pymupdf_fonts/__init__.py``).
    """

    name: str
    regular: str
    bold: str
    files: bool = False  # regular/bold are TrueType file paths, not pymupdf font names

    @property
    def bold_name(self) -> str:
        return f"{self.name}-Bold" if self.bold != self.regular else self.name


PRIMARY = Family("ReNotoSans", "notos", "notosbo")
FALLBACK_CHAIN: tuple[Family, ...] = (
    PRIMARY,
    Family("ReFiraGO", "figo", "figbo"),
    Family("ReCJK", "cjk", "cjk"),  # one weight only: bold CJK prints regular
)
BULLET = "•"  # in Noto Sans
MISSING = "▯"  # in FiraGO: the placeholder for a symbol or letter no font has
_DEJAVU = "/usr/share/fonts/truetype/dejavu/"


def _system_fonts() -> tuple[Family, ...]:
    """Installed TrueType fonts used after the bundled ones (see the module docstring)."""
    regular, bold = f"{_DEJAVU}DejaVuSans.ttf", f"{_DEJAVU}DejaVuSans-Bold.ttf"
    if not os.path.isfile(regular):
        return ()
    return (Family("ReDejaVuSans", regular, bold if os.path.isfile(bold) else regular, True),)


SYSTEM_FONTS: tuple[Family, ...] = _system_fonts()
_CHAIN = FALLBACK_CHAIN + SYSTEM_FONTS

_lock = threading.Lock()

# Typographic ligatures (U+FB00-FB06) become their letters: extractors and ATS read "fi", not
# a single glyph that some fonts map to nothing (the "■nance" bug).
_LIGATURES = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFB00, 0xFB07)}
# Characters that never print usefully: C0/C1 controls, soft hyphen, zero-width marks, BOM,
# the replacement character, private-use code points (icon fonts: FontAwesome, marvosym),
# variation selectors, emoji skin-tone modifiers and tag characters.
_DROP = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u200d\u2060\ufeff\ufffd"
    "\ue000-\uf8ff\U000f0000-\U0010ffff\ufe00-\ufe0f\U0001f3fb-\U0001f3ff"
    "\U000e0000-\U000e007f]"
)
# The zero-width non-joiner matters (keeps two Arabic-script letters apart, as in Persian) only
# where letters join; elsewhere it goes with the other zero-width marks.
_ZWNJ_SCRIPTS = re.compile("[\u0600-\u08ff\ufb50-\ufefc]")
# Printable Latin (Basic Latin to Latin Extended-B): Noto Sans has every one of these glyphs.
_LATIN = re.compile("[\x20-\x7e\xa0-\u024f]*\\Z")
_SPACES = re.compile(r"[ \t\r\n\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def printable(text: str | None) -> str:
    """Text exactly as the renderers print it, on one line.

    Ligatures expanded, unprintable and private-use characters dropped, every run of
    whitespace (including newlines) collapsed to one space, ends stripped, NFC composed (so
    "e" + combining acute prints as one glyph). Symbols no font has become placeholders;
    letters no font has are kept (see the module docstring).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.translate(_LIGATURES))
    text = _SPACES.sub(" ", _DROP.sub("", text)).strip()
    if "\u200c" in text and not _ZWNJ_SCRIPTS.search(text):
        text = _SPACES.sub(" ", text.replace("\u200c", "")).strip()
    if _LATIN.match(text) or all(_covered(ch) for ch in text):
        return text
    return _SPACES.sub(" ", _placeholders(text)).strip()


def _placeholders(text: str) -> str:
    """Each run of symbols no font has (spaces inside the run included) becomes one
    :data:`BULLET` before the line's first letter or digit, one :data:`MISSING` after it."""
    out: list[str] = []
    leading, in_run = True, False
    for ch in text:
        category = unicodedata.category(ch)
        if _covered(ch) or category[0] in "LMN" or category == "Cf":
            if ch != " " and category != "Cf":
                in_run = False
                leading = leading and not ch.isalnum()
            out.append(ch)
        elif not in_run:
            out.append(BULLET if leading else MISSING)
            in_run = True
    return "".join(out)


def printable_lines(text: str | None) -> list[str]:
    """Like :func:`printable` but keeps line breaks: one printable string per non-empty line."""
    if not text:
        return []
    return [p for p in (printable(line) for line in text.splitlines()) if p]


@cache
def _buffer(name: str, files: bool = False) -> bytes:
    if files:
        with open(name, "rb") as f:
            return f.read()
    return bytes(pymupdf.Font(name).buffer)


@cache
def _charmap(family: Family) -> frozenset[int]:
    """Code points the family's regular face maps to a glyph (bold has the same coverage)."""
    ensure(family)
    face = pdfmetrics.getFont(family.name).face  # type: ignore[attr-defined]
    return frozenset(cp for cp, gid in face.charToGlyph.items() if gid)


def ensure(family: Family) -> None:
    """Register ``family`` (regular and bold faces) with reportlab once per process."""
    with _lock:
        if family.name in pdfmetrics.getRegisteredFontNames():
            return
        regular, bold = _buffer(family.regular, family.files), _buffer(family.bold, family.files)
        pdfmetrics.registerFont(TTFont(family.name, io.BytesIO(regular)))
        if family.bold != family.regular:
            pdfmetrics.registerFont(TTFont(family.bold_name, io.BytesIO(bold)))
        pdfmetrics.registerFontFamily(
            family.name,
            normal=family.name,
            bold=family.bold_name,
            italic=family.name,
            boldItalic=family.bold_name,
        )


@cache
def family_for(ch: str) -> Family | None:
    """The first family (bundled, then :data:`SYSTEM_FONTS`) that has a glyph for ``ch``;
    None when none does."""
    cp = ord(ch)
    if ch == " ":
        return PRIMARY
    for family in _CHAIN:
        if cp in _charmap(family):
            return family
    return None


def _missing_family() -> Family:
    family = family_for(MISSING)
    assert family is not None, "a bundled font has the placeholder"
    return family


def _covered(ch: str) -> bool:
    return family_for(ch) is not None


def runs(text: str) -> list[tuple[Family, str]]:
    """Split printable ``text`` into maximal runs that one family can set.

    Letters take the first family that has them; a letter no font has becomes :data:`MISSING`
    (see :func:`printable`). Spaces, digits and punctuation stay in the
    current run when its font has them, so "1543年1月31日" is one CJK run rather than six
    font switches (each switch is a markup tag, and tags dominate reportlab's build time).
    """
    out: list[tuple[Family, str]] = []
    for ch in text:
        if out and not ch.isalpha() and ord(ch) in _charmap(out[-1][0]):
            out[-1] = (out[-1][0], out[-1][1] + ch)
            continue
        family = family_for(ch)
        if family is None:
            if unicodedata.category(ch) == "Cf":  # invisible format character: nothing to print
                continue
            ch, family = MISSING, _missing_family()  # a letter no font has (see printable)
        if out and out[-1][0] == family:
            out[-1] = (family, out[-1][1] + ch)
        else:
            out.append((family, ch))
    return out


def sole_family(text: str) -> Family | None:
    """The one family that sets all of printable ``text``, when it is not :data:`PRIMARY`
    (then a paragraph can use it as its font instead of markup); else None."""
    if _LATIN.match(text):
        return None
    found = runs(text)
    if len(found) == 1 and found[0][0] is not PRIMARY:
        return found[0][0]
    return None


def markup(text: str) -> str:
    """reportlab Paragraph markup for printable ``text``: XML-escaped, fallback runs wrapped
    in ``<font face=...>``. The paragraph style's font must be :data:`PRIMARY`."""
    ensure(PRIMARY)
    if _LATIN.match(text):  # fast path: Latin, all in Noto Sans
        return escape(text)
    parts = []
    for family, chunk in runs(text):
        if family is PRIMARY:
            parts.append(escape(chunk))
        else:
            parts.append(f'<font face="{family.name}">{escape(chunk)}</font>')
    return "".join(parts)


def has_cjk(text: str) -> bool:
    """True when ``text`` has ideographs/kana/hangul: such paragraphs need CJK line breaking
    (reportlab ``wordWrap="CJK"``), since they have no spaces to break at."""
    return any(
        "\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uf900" <= ch <= "\ufaff"
        for ch in text
    )
