"""Spaces for PDF lines whose words are set apart by glyph positions only.

Some typesetters (XeTeX with some fonts, see the awesome-cv corpus files) emit no space glyph
between words: each word is placed with a small positive gap (~0.14 em) that is below MuPDF's
space-synthesis threshold, so ``get_text("dict")`` reads "Provisionedaneasilymanagable...".

Finding such lines must cost nothing on normal PDFs, so :func:`looks_run_together` is a cheap
test on a line's text (a run of 20 Latin/Greek/Cyrillic letters; CJK has no spaces to lose),
and only a line it flags is re-read at character level by :class:`PageGlyphs` (``rawdict``
of just that line's box, or of the whole page once a page has several such lines). Then
:func:`respace_line` inserts a space wherever the gap between two consecutive glyphs is over a
tenth of the font size above the line's typical letter gap. Letter gaps, kerned pairs and
expanded ligatures stay within about +-0.04 em, so words are not split.
"""

from __future__ import annotations

import re
import statistics

import pymupdf

_LETTER_RUN = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]{20,}")
# A word gap is at least this many font sizes wider than the line's median letter gap.
WORD_GAP_EM = 0.1


# Lines of one page read through a clip each; from the next one on, the whole page once.
CLIPPED_LINES = 2


def looks_run_together(text: str) -> bool:
    """True when a line's text holds a run of 20 or more letters without a space."""
    return len(text) >= 20 and _LETTER_RUN.search(text) is not None


class PageGlyphs:
    """Character boxes (``rawdict`` lines) of one page, read only for the lines asked about.

    The first :data:`CLIPPED_LINES` lines are read through ``get_text("rawdict", clip=...)``
    around each line (about a third of a page's ``dict`` cost); after that, or when a clip
    does not give the line back whole, the page's own text page is converted once (its
    blocks and lines then match the ``dict`` ones index for index).
    """

    def __init__(self, page: pymupdf.Page, textpage: pymupdf.TextPage, flags: int) -> None:
        self._page = page
        self._textpage = textpage
        self._flags = flags
        self._clipped = 0
        self._blocks: list[dict] | None = None

    def line(self, block_no: int, line_no: int, line: dict) -> dict | None:
        """The ``rawdict`` twin of ``line`` (dict line ``line_no`` of block ``block_no``)."""
        if self._blocks is None and self._clipped < CLIPPED_LINES:
            self._clipped += 1
            found = self._clipped_line(line)
            if found is not None:
                return found
        if self._blocks is None:
            self._blocks = self._textpage.extractRAWDICT()["blocks"]
        if block_no >= len(self._blocks):
            return None
        lines = self._blocks[block_no].get("lines", [])
        return lines[line_no] if line_no < len(lines) else None

    def _clipped_line(self, line: dict) -> dict | None:
        x0, y0, x1, y1 = line["bbox"]
        inset = 0.3 * (y1 - y0)  # the middle of the line: no glyph of the lines around it
        clip = pymupdf.Rect(x0 - 1, y0 + inset, x1 + 1, y1 - inset)
        data = self._page.get_text("rawdict", flags=self._flags, clip=clip)
        want = [s["text"] for s in line["spans"]]
        for block in data["blocks"]:
            for raw in block.get("lines", []):
                if ["".join(c["c"] for c in s["chars"]) for s in raw["spans"]] == want:
                    return raw
        return None


def respace_line(line: dict, raw_line: dict) -> bool:
    """Insert spaces into the span texts of ``line`` (a ``dict`` line) at wide glyph gaps.

    ``raw_line`` is the same line from ``rawdict`` of the same text page (same spans, with
    per-character boxes). A space goes after a span's character when the next character
    (in this span or the next one) starts more than ``WORD_GAP_EM`` x font size past the
    line's median glyph gap. Whitespace already there is left alone. Returns whether any span
    text changed; the line is left untouched when the two extractions disagree.
    """
    spans = line["spans"]
    raw_spans = raw_line.get("spans", [])
    if len(spans) != len(raw_spans):
        return False
    # (char, x0, x1, size, span index) for the whole line, in order.
    chars: list[tuple[str, float, float, float, int]] = []
    for i, (span, raw) in enumerate(zip(spans, raw_spans, strict=True)):
        raw_chars = raw.get("chars", [])
        if "".join(ch["c"] for ch in raw_chars) != span["text"]:
            return False
        size = float(span["size"])
        chars.extend((ch["c"], ch["bbox"][0], ch["bbox"][2], size, i) for ch in raw_chars)
    gaps = [
        b[1] - a[2]
        for a, b in zip(chars, chars[1:], strict=False)
        if not a[0].isspace() and not b[0].isspace()
    ]
    if not gaps:
        return False
    typical = max(statistics.median(gaps), 0.0)
    pieces: list[list[str]] = [[] for _ in spans]
    changed = False
    for k, (c, _x0, x1, size, i) in enumerate(chars):
        pieces[i].append(c)
        if k + 1 == len(chars) or c.isspace():
            continue
        nxt = chars[k + 1]
        if nxt[0].isspace():
            continue
        if nxt[1] - x1 > typical + WORD_GAP_EM * max(size, nxt[3]):
            pieces[i].append(" ")
            changed = True
    if changed:
        for span, piece in zip(spans, pieces, strict=True):
            span["text"] = "".join(piece)
    return changed
