"""Hidden PDF text: spans a reader cannot see, dropped before the layout is read.

White text on a white page, 1-pt text, invisible text (render mode 3) and text off the page are
an old trick to game applicant tracking systems ("ignore prior instructions...", keyword
stuffing). A resume improver must not show such text as content, so :class:`HiddenText` drops,
per ``get_text("dict")`` span:

- transparent text (``span["alpha"]`` under :data:`MIN_ALPHA`): render modes 3 and 7
  (invisible) come out of MuPDF with alpha 0, as does text painted with fill opacity 0.
  Invisible text over an image covering half the page or more is the OCR layer of a scan and
  is kept;
- tiny text: font size below :data:`TINY_SIZE` (with a box under twice that, so a font whose
  size MuPDF misreads keeps its text) and at least two visible characters (a lone 3-pt bullet
  or icon glyph, as moderncv draws them, is kept);
- text whose colour is (near) the colour behind it: the page is white unless a filled path
  lies under the span's centre (the topmost one counts; a white or light page-sized rectangle
  is common), and an image or shading under it counts as visible (unknown colours). Only
  light text is checked, and the page's drawings are read only when a page has light text,
  so white headings on a dark header bar are kept and normal pages pay nothing;
- text whose centre lies outside the page's visible area (MuPDF already clips most of it).

Whitespace-only spans are never hidden (they carry no content, and dropping them would join
words). The caller reports :attr:`HiddenText.chars` once per document with
:func:`hidden_text_warning`, without quoting the text.
"""

from __future__ import annotations

import pymupdf

from pipeline.model import HIDDEN_TEXT_WARNING

# Font size (pt) under which text is too small to read.
TINY_SIZE = 4.0
# Opacity (0-255) under which text is invisible: 10% black on white is lighter than #e6e6e6.
MIN_ALPHA = 26
# WCAG contrast ratio under which text is indistinguishable from what is behind it (white on
# white is 1.0; #e6e6e6 on white about 1.25; #b9b9b9 grey, moderncv's first name, about 2).
MIN_CONTRAST = 1.25
# Fewest hidden characters worth a warning (a stray white period is no news to anybody).
WARN_CHARS = 3
# Share of the page an image must cover for invisible text over it to be an OCR layer.
SCAN_AREA = 0.5
_MIN_FILL_OPACITY = 0.5


def _luminance(color: int) -> float:
    """Relative luminance (WCAG) of an sRGB colour as ``0xRRGGBB``."""

    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel((color >> 16) & 255)
        + 0.7152 * channel((color >> 8) & 255)
        + 0.0722 * channel(color & 255)
    )


def _contrast(lum_a: float, lum_b: float) -> float:
    hi, lo = max(lum_a, lum_b), min(lum_a, lum_b)
    return (hi + 0.05) / (lo + 0.05)


_LIGHT: dict[int, float | None] = {}  # colour -> its luminance if it is light, else None


def _light_luminance(color: int) -> float | None:
    """The luminance of ``color`` when it is too light to read on white, else None (cached:
    this runs for every span of every PDF, and a document uses a handful of colours)."""
    try:
        return _LIGHT[color]
    except KeyError:
        lum = _luminance(color)
        value = lum if _contrast(lum, 1.0) < MIN_CONTRAST else None
        if len(_LIGHT) < 4096:
            _LIGHT[color] = value
        return value


def _fill_luminance(fill: tuple[float, ...]) -> float:
    """Luminance of a drawing's fill colour (gray, RGB or CMYK floats in 0..1)."""
    if len(fill) == 1:
        r = g = b = fill[0]
    elif len(fill) == 4:
        c, m, y, k = fill
        r, g, b = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    else:
        r, g, b = fill[:3]
    return _luminance(
        (round(255 * r) & 255) << 16 | (round(255 * g) & 255) << 8 | (round(255 * b) & 255)
    )


class _Backdrop:
    """What a page paints besides text: filled paths (with colours), images and shadings."""

    def __init__(self, page: pymupdf.Page) -> None:
        self.fills: list[tuple[float, float, float, float, float]] = []  # x0 y0 x1 y1 lum
        for item in page.get_cdrawings():
            fill = item.get("fill")
            if fill is None or (item.get("fill_opacity") or 0.0) < _MIN_FILL_OPACITY:
                continue
            x0, y0, x1, y1 = item["rect"]
            self.fills.append((x0, y0, x1, y1, _fill_luminance(tuple(fill))))
        self.pictures: list[pymupdf.Rect] = []  # images and shadings: colours unknown
        for kind, rect in page.get_bboxlog():
            if "image" in kind or "imgmask" in kind or "shade" in kind:
                self.pictures.append(pymupdf.Rect(rect))

    def background(self, x: float, y: float) -> float | None:
        """Luminance behind the point (white page by default); None over a picture."""
        if any(r.contains(pymupdf.Point(x, y)) for r in self.pictures):
            return None
        lum = 1.0
        for x0, y0, x1, y1, fill_lum in self.fills:  # painting order: the last one is on top
            if x0 <= x <= x1 and y0 <= y <= y1:
                lum = fill_lum
        return lum

    def over_scan(self, x: float, y: float, page_area: float) -> bool:
        """True when a picture covering most of the page lies under the point."""
        return any(
            r.get_area() >= SCAN_AREA * page_area and r.contains(pymupdf.Point(x, y))
            for r in self.pictures
        )


class HiddenText:
    """Drops the spans of one page's ``dict`` lines that a reader cannot see.

    Use :meth:`visible_line` on each line; :attr:`chars` counts the visible (non-space)
    characters dropped so far.
    """

    def __init__(self, page: pymupdf.Page) -> None:
        self._page = page
        rect = page.rect
        self._area = rect.get_area()
        self._x0, self._y0, self._x1, self._y1 = rect.x0, rect.y0, rect.x1, rect.y1
        self._backdrop: _Backdrop | None = None
        self.chars = 0

    def visible_line(self, line: dict) -> dict | None:
        """``line`` itself when nothing in it is hidden, None when all its text is, otherwise
        a copy holding the visible spans (the same span dicts) and their bounding box."""
        spans = line["spans"]
        hidden: list[int] | None = None
        for i, span in enumerate(spans):
            if self._hidden(span):
                if hidden is None:
                    hidden = []
                hidden.append(i)
        if hidden is None:
            return line
        for i in hidden:
            self.chars += sum(not ch.isspace() for ch in spans[i]["text"])
        kept = [s for i, s in enumerate(spans) if i not in hidden]
        if not any(s["text"].strip() for s in kept):
            return None
        x0 = min(s["bbox"][0] for s in kept)
        y0 = min(s["bbox"][1] for s in kept)
        x1 = max(s["bbox"][2] for s in kept)
        y1 = max(s["bbox"][3] for s in kept)
        return {**line, "spans": kept, "bbox": (x0, y0, x1, y1)}

    def _hidden(self, span: dict) -> bool:
        # Hot path: a handful of lookups for an ordinary span.
        x0, y0, x1, y1 = span["bbox"]
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        alpha = span.get("alpha", 255)
        light = _light_luminance(span.get("color", 0))
        tiny = span["size"] < TINY_SIZE and y1 - y0 < 2 * TINY_SIZE
        outside = not (self._x0 <= cx <= self._x1 and self._y0 <= cy <= self._y1)
        if alpha >= MIN_ALPHA and light is None and not tiny and not outside:
            return False
        text = span["text"]
        if not text or text.isspace():
            return False
        if outside:
            return True
        if tiny and sum(not ch.isspace() for ch in text) >= 2:
            return True
        if alpha < MIN_ALPHA:
            return not self._backdrop_of().over_scan(cx, cy, self._area)
        if light is not None:
            behind = self._backdrop_of().background(cx, cy)
            return behind is not None and _contrast(light, behind) < MIN_CONTRAST
        return False

    def _backdrop_of(self) -> _Backdrop:
        if self._backdrop is None:
            self._backdrop = _Backdrop(self._page)
        return self._backdrop


def hidden_text_warning(chars: int) -> str | None:
    """The parse warning for ``chars`` dropped hidden characters (None when too few)."""
    if chars < WARN_CHARS:
        return None
    return (
        f"{HIDDEN_TEXT_WARNING} ({chars} characters): white, tiny or invisible text that readers "
        "can't see. Remove it: applicant tracking systems and recruiters treat hidden text "
        "as an attempt to game them."
    )
