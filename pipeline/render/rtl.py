"""Right-to-left text (Arabic, Hebrew) for the reportlab renderers.

reportlab draws every string left to right, glyph by glyph, from the font's default (isolated)
forms. Its own RTL support needs ``rlbidi`` (not published on PyPI) and its shaping needs
``uharfbuzz``; neither works here, so a line with RTL characters is prepared before reportlab
sees it:

1. :func:`shape`: Arabic letters become their contextual presentation forms (initial, medial,
   final; no ligatures, see ``_RESHAPER``) with ``arabic-reshaper``. A letter standing alone
   keeps its base code point (FiraGO maps no isolated forms; the base glyph *is* the isolated
   form), and a form no font has falls back to its base letter: joined less nicely, never
   dropped. DejaVu Sans, when installed, has every form.
2. The paragraph is broken into lines here, in logical order (:func:`break_lines`), because
   reordering must happen per line: a reordered paragraph wrapped by reportlab would print its
   lines bottom-up.
3. :func:`visual`: each line is reordered with the Unicode bidirectional algorithm
   (``python-bidi``), base direction from the paragraph's first strong character (rule P2).
   Combining marks (harakat, niqqud) end up just before their letter in drawing order, which is
   where FiraGO's zero-width mark glyphs expect to be drawn to sit on it.

Paragraphs whose base direction is RTL are right-aligned by the renderers. Text without RTL
characters never reaches this module (:func:`has_rtl` is one regex search), so Latin resumes
render exactly as before. PyMuPDF (and so our parser) reads visual-order RTL text back in
logical order; Arabic comes back as presentation forms, which NFKC maps to the letters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from arabic_reshaper import ArabicReshaper
from bidi import get_base_level, get_display
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paragraph import Paragraph, cleanBlockQuotedText

from pipeline.render import fonts

# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic Extended, the Hebrew and
# Arabic presentation forms, and the RTL scripts of the supplementary planes.
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefc]")
_RESHAPER = ArabicReshaper(
    configuration={
        "delete_harakat": False,  # vowel marks are text: keep them
        "use_unshaped_instead_of_isolated": True,
        # No ligatures, not even lam-alef: PyMuPDF (our parser, MuPDF-based ATS) expands a
        # ligature code point and then reads its letters back in the wrong order ("األحمد"
        # for "الأحمد"). A joined lam + alef is the price: legible, one ligature short.
        "support_ligatures": False,
    }
)


def has_rtl(text: str) -> bool:
    """True when ``text`` has a right-to-left character (the only case this module handles)."""
    return _RTL.search(text) is not None


def is_rtl(text: str) -> bool:
    """True when the paragraph's base direction is right to left (its first strong character
    is RTL: rule P2 of the bidi algorithm). Such paragraphs are right-aligned."""
    return get_base_level(text) == 1


def _font_has(ch: str) -> bool:
    return fonts.family_for(ch) is not None


def _form(ch: str) -> str:
    if _font_has(ch):
        return ch
    base = unicodedata.normalize("NFKC", ch)
    return base if base and all(_font_has(c) for c in base) else ch


@lru_cache(maxsize=4096)
def shape(text: str) -> str:
    """``text`` (printable, logical order) with Arabic in contextual presentation forms."""
    if not _ARABIC.search(text):
        return text
    shaped = _RESHAPER.reshape(text)
    return _PRESENTATION.sub(lambda m: _form(m.group()), shaped)


_MARKS = str.maketrans("", "", "\u200e\u200f\u061c")  # LRM, RLM, ALM: no glyph, no width


def visual(line: str, rtl: bool) -> str:
    """One shaped line in display (left-to-right drawing) order; ``rtl``: base direction.
    Directional marks steer the reordering, then go (no font has a glyph for them)."""
    return get_display(line, base_dir="R" if rtl else "L").translate(_MARKS)


def break_lines(text: str, width: Callable[[str], float], first: float, rest: float) -> list[str]:
    """Greedy word wrap of logical ``text``: the first line at most ``first`` points wide, the
    others at most ``rest``. A word wider than a line gets a line of its own."""
    lines: list[str] = []
    current = ""
    limit = first
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and width(candidate) > limit:
            lines.append(current)
            current, limit = word, rest
        else:
            current = candidate
    if current or not lines:
        lines.append(current)
    return lines


def width(text: str, style: ParagraphStyle) -> float:
    """Printed width of one line of ``text`` in ``style``, per fallback run, in points."""
    bold = style.fontName == fonts.PRIMARY.bold_name
    return sum(
        stringWidth(chunk, fam.bold_name if bold else fam.name, style.fontSize)
        for fam, chunk in fonts.runs(text)
    )


_MIRRORED: dict[str, ParagraphStyle] = {}


def _mirrored(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` right-aligned, with its left and right indents swapped (bullets hang right)."""
    found = _MIRRORED.get(style.name)
    if found is None or found.parent is not style:
        found = ParagraphStyle(
            f"{style.name}-rtl",
            parent=style,
            alignment=TA_RIGHT,
            leftIndent=style.rightIndent,
            rightIndent=style.leftIndent,
        )
        _MIRRORED[style.name] = found
    return found


class RtlParagraph(Paragraph):
    """A paragraph with RTL text: shaped, broken into lines at wrap time, each line reordered.

    Paragraphs whose base direction is RTL are right-aligned, with the bullet (if any) at the
    right. Takes plain printable text (no markup); emits :func:`fonts.markup` per line.
    """

    def __init__(
        self, text: str | None, style: ParagraphStyle, bulletText: str | None = None, **kwargs: Any
    ) -> None:
        self._logical: str | None = None
        self._bullet: str | None = None
        if text is None or "frags" in kwargs:  # a part made by split(): lines already laid out
            super().__init__(text, style, bulletText=bulletText, **kwargs)
            return
        self._logical, self._rtl = shape(text), is_rtl(text)
        if self._rtl:
            style, self._bullet, bulletText = _mirrored(style), bulletText, None
        self._laid_for = -1.0
        # visual order of the whole text: a valid paragraph until wrap() lays out the lines
        text = fonts.markup(visual(self._logical, self._rtl))
        super().__init__(text, style, bulletText, **kwargs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._logical is not None and availWidth != self._laid_for:
            self._laid_for = availWidth
            style = self.style
            room = availWidth - style.leftIndent - style.rightIndent - 0.5  # rounding slack
            lines = break_lines(
                self._logical, lambda t: width(t, style), room - style.firstLineIndent, room
            )
            text = "<br/>".join(fonts.markup(visual(line, self._rtl)) for line in lines)
            self._setup(text, style, self.bulletText, None, cleanBlockQuotedText)
        return super().wrap(availWidth, availHeight)  # type: ignore[no-any-return]

    def draw(self) -> None:
        super().draw()
        if self._bullet:
            style = self.style
            font, size = style.bulletFontName, style.bulletFontSize
            x = self.width - style.bulletIndent - stringWidth(self._bullet, font, size)
            self.canv.setFont(font, size)
            self.canv.drawString(x, self.height - style.fontSize, self._bullet)


@cache
def paragraph_class(cls: type[Paragraph]) -> type[RtlParagraph]:
    """:class:`RtlParagraph` combined with a renderer's Paragraph subclass (``cls``)."""
    if cls is Paragraph:
        return RtlParagraph
    return type(f"Rtl{cls.__name__}", (RtlParagraph, cls), {})
