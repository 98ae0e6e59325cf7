"""Embedded TrueType fonts and per-character fallback for the reportlab renderers.

Every font comes from a package we already depend on, so nothing is downloaded at run time:

- Noto Sans (regular/bold) from ``pymupdf-fonts``: Latin with diacritics, Cyrillic, Greek.
- FiraGO (regular/bold) from ``pymupdf-fonts``: adds Arabic, Hebrew, Georgian, Thai, Devanagari.
- Droid Sans Fallback, MuPDF's built-in CJK fallback (``pymupdf.Font("cjk")``, TrueType
  outlines, so reportlab can subset and embed it): Chinese, Japanese, Korean.

pymupdf-fonts' Noto Sans Symbols/Symbols2/Math are CFF-flavoured OpenType, which reportlab
cannot embed ("postscript outlines are not supported"), so symbols only those fonts have are
dropped rather than printed as boxes.

reportlab does no glyph substitution or shaping, so a character missing from the paragraph font
would print as a black box ("tofu"). :func:`markup` therefore splits text into runs, each set in
the first font of :data:`FALLBACK_CHAIN` that has the character. :func:`printable` is the text
normalisation the renderers apply first (ligatures expanded, controls and private-use icon
glyphs removed); tests and the round trip compare against it, because it is what was printed.

Fonts load lazily and once per process (Noto Sans ~20 ms, the 3.5 MB CJK font ~90 ms, only when
a CJK character appears).
"""

from __future__ import annotations

import io
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

    @property
    def bold_name(self) -> str:
        return f"{self.name}-Bold" if self.bold != self.regular else self.name


PRIMARY = Family("ReNotoSans", "notos", "notosbo")
FALLBACK_CHAIN: tuple[Family, ...] = (
    PRIMARY,
    Family("ReFiraGO", "figo", "figbo"),
    Family("ReCJK", "cjk", "cjk"),  # one weight only: bold CJK prints regular
)

_lock = threading.Lock()

# Typographic ligatures (U+FB00-FB06) become their letters: extractors and ATS read "fi", not
# a single glyph that some fonts map to nothing (the "■nance" bug).
_LIGATURES = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0xFB00, 0xFB07)}
# Characters that never print usefully: C0/C1 controls, soft hyphen, zero-width marks, BOM,
# the replacement character, and private-use code points (icon fonts: FontAwesome, marvosym).
_DROP = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff\ufffd"
    "\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
# Printable Latin (Basic Latin to Latin Extended-B): Noto Sans has every one of these glyphs.
_LATIN = re.compile("[\x20-\x7e\xa0-\u024f]*\\Z")
_SPACES = re.compile(r"[ \t\r\n\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def printable(text: str | None) -> str:
    """Text exactly as the renderers print it, on one line.

    Ligatures expanded, unprintable and private-use characters dropped, every run of
    whitespace (including newlines) collapsed to one space, ends stripped, NFC composed (so
    "e" + combining acute prints as one glyph). Characters no bundled font has are dropped too.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.translate(_LIGATURES))
    text = _SPACES.sub(" ", _DROP.sub("", text)).strip()
    if _LATIN.match(text) or all(_covered(ch) for ch in text):
        return text
    return _SPACES.sub(" ", "".join(ch for ch in text if _covered(ch))).strip()


def printable_lines(text: str | None) -> list[str]:
    """Like :func:`printable` but keeps line breaks: one printable string per non-empty line."""
    if not text:
        return []
    return [p for p in (printable(line) for line in text.splitlines()) if p]


@cache
def _buffer(mupdf_name: str) -> bytes:
    return bytes(pymupdf.Font(mupdf_name).buffer)


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
        pdfmetrics.registerFont(TTFont(family.name, io.BytesIO(_buffer(family.regular))))
        if family.bold != family.regular:
            pdfmetrics.registerFont(TTFont(family.bold_name, io.BytesIO(_buffer(family.bold))))
        pdfmetrics.registerFontFamily(
            family.name,
            normal=family.name,
            bold=family.bold_name,
            italic=family.name,
            boldItalic=family.bold_name,
        )


@cache
def family_for(ch: str) -> Family | None:
    """The first family in the chain that has a glyph for ``ch``; None when none does."""
    cp = ord(ch)
    if ch == " ":
        return PRIMARY
    for family in FALLBACK_CHAIN:
        if cp in _charmap(family):
            return family
    return None


def _covered(ch: str) -> bool:
    return family_for(ch) is not None


def runs(text: str) -> list[tuple[Family, str]]:
    """Split printable ``text`` into maximal runs that one family can set.

    Letters take the first family that has them. Spaces, digits and punctuation stay in the
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
            continue
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
