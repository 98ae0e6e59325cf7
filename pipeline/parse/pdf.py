"""PDF text extraction: PyMuPDF spans -> :class:`~pipeline.parse.lines.Line` in reading order.

The caller (``pipeline.parse``) opens the document and refuses encrypted, empty or image-only
files; :func:`extract_pdf` only reads text. Per page it:

1. reads ``page.get_text("dict")`` with ``TEXT_IGNORE_ACTUALTEXT`` (ActualText can leak markup or
   icon names) and without ``TEXT_PRESERVE_LIGATURES`` (MuPDF then expands most ligatures; the
   rest of U+FB00-FB06 is expanded here);
2. normalises text (NBSP, ideographic and thin spaces -> space; U+00AD/U+2011 inside a word ->
   "-": LuaTeX fonts map their hyphen to SOFT HYPHEN, see the awesome-cv corpus label), and
   restores spaces in lines whose words are set apart only by glyph gaps (no space glyph; a
   line with a 20-letter run is re-read at character level, see :mod:`pipeline.parse.respace`);
3. finds a vertical gutter that splits the page body into two columns and reads the left column
   top to bottom, then the right one (``get_text(sort=True)`` interleaves them line by line);
4. merges PyMuPDF lines that share a baseline into one :class:`Line`, with ``"\\t"`` between
   segments far apart (right-aligned dates and locations, label/value rows, bullet glyphs drawn
   as their own span such as Word's SymbolMT "•");
5. marks bullets by glyph and joins wrapped bullet lines, repairing hyphenation only where the
   line reaches the column's right edge (typesetters that hyphenate also justify) and rejoining
   a word wider than the line without a space; a dash opening the continuation of a line that
   fills the column is that text's dash, not a bullet ("... Architect" / "– Associate");
6. reads repeated headers/footers once, before the body (moderncv puts the whole contact block
   in the footer), drops page numbers, and collapses overprinted or copy-pasted duplicate lines;
7. drops text painted over by a later image (hidden text under a photo), skips vertical or
   rotated text (margin decorations), and marks lines the PDF outline names as heading hints;
8. drops spans nobody can see - white on white, tiny, invisible or off the page (ATS-gaming
   text, see :mod:`pipeline.parse.hidden`) - and reports how many characters went, as a
   warning in ``ExtractedDocument.warnings``.

Coordinates are PDF points from the page's top-left corner.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pymupdf

from pipeline.parse.hidden import HiddenText, hidden_text_warning
from pipeline.parse.lines import ExtractedDocument, Line
from pipeline.parse.respace import PageGlyphs, looks_run_together, respace_line
from pipeline.parse.sections import heading_kind

TEXT_FLAGS = (
    pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP | pymupdf.TEXT_IGNORE_ACTUALTEXT
)

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Spaces that are spaces to a reader: NBSP, en/em/thin spaces, narrow NBSP, ideographic space.
_SPACES = dict.fromkeys(
    map(
        ord,
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
        "\u2008\u2009\u200a\u202f\u205f\u3000\t",
    ),
    " ",
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\ufffe"), None)
# One translate() does spaces, invisibles, ligatures and the non-breaking hyphen (hot path:
# every span of every PDF).
_NORMALIZE: dict[int, str | None] = {
    **_SPACES,
    **_INVISIBLE,
    **{ord(lig): rep for lig, rep in LIGATURES.items()},
    ord("\u2011"): "-",
}
BULLET_GLYPHS = frozenset("•◦▪▫‣●○■□►▸▹➢➤➔→✓✔❖◆◇∙⋅·")
# Glyphs that are bullets only when a space follows (they also occur inside ordinary text).
SPACED_BULLETS = frozenset("-–—*>")
# Font names of symbol/dingbat/icon fonts: a lone glyph from one of these before text is a bullet
# (moderncv draws its circle bullet as "{" from the TeX math-symbol font lmsy/cmsy).
_SYMBOL_FONT = re.compile(
    r"(?i)symbol|dingbat|wingding|marvosym|fontawesome|awesome|lmsy|cmsy|msam|icons?\b"
)
# A field that is only a page number, however dressed: "3", "2/4", "Page 3 of 5", "– 3 –".
_PAGE_NUMBER_LIKE = re.compile(
    r"(?i)^[-–—|·•(\[ ]*(page|p\.|seite|página|pagina|страница)?\s*\d{1,3}"
    r"(\s*(/|of|von|de|из)\s*\d{1,3})?[-–—|·•)\] ]*$"
)
# "Page 3" / "Page 3 of 5" closing a longer field ("Jane Doe · Page 3").
_TRAILING_PAGE = re.compile(r"(?i)\s*\bpage\s*\d{1,3}(\s*(/|of)\s*\d{1,3})?$")


_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


def _is_private_use(ch: str) -> bool:
    return bool(_PRIVATE_USE.match(ch))


def normalize_text(text: str) -> str:
    """Reader-equivalent text: ligatures expanded, exotic spaces as spaces, soft hyphens as "-".

    A soft hyphen (U+00AD) or non-breaking hyphen (U+2011) between two characters is printed as
    a hyphen, so it becomes "-"; a trailing one is kept as "\\u00ad" to mark a line-end break.
    """
    if not text:
        return text
    out = text.translate(_NORMALIZE)
    if "\u00ad" in out:
        stripped = out.rstrip()
        tail = stripped.endswith("\u00ad")
        body = stripped[:-1] if tail else stripped
        out = body.replace("\u00ad", "-") + ("\u00ad" if tail else "")
    return out


@dataclass(slots=True)
class _Seg:
    """One PyMuPDF line after normalisation (a piece of a visual row)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    italic: bool
    color: int
    bullet: bool = False
    glyph: str = ""  # a removed dash-like bullet glyph, kept in case the line continues text
    text_x0: float = 0.0  # x where the text after a bullet glyph starts
    links: list[str] = field(default_factory=list)

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1.0)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def _span_bold(span: dict) -> bool:
    font = span.get("font", "")
    return bool(span["flags"] & pymupdf.TEXT_FONT_BOLD) or bool(
        re.search(r"(?i)bold|black|heavy|semibold|demi|[-,]b[dx]?\b|bx\d", font)
    )


def _segment(line: dict) -> _Seg | None:
    """Turn one PyMuPDF line dict into a :class:`_Seg`; None when it holds no visible text."""
    spans = [s for s in line["spans"] if s["text"]]
    if not spans:
        return None
    texts = [normalize_text(s["text"]) for s in spans]
    text = "".join(texts)
    if not text.strip():
        return None
    # Typography of the line = the span carrying most visible characters.
    weights = [len(_PRIVATE_USE.sub("", t.replace(" ", ""))) for t in texts]
    main = spans[max(range(len(spans)), key=weights.__getitem__)]
    x0, y0, x1, y1 = line["bbox"]
    seg = _Seg(
        text=text,
        x0=x0,
        y0=y0,
        x1=x1,
        y1=y1,
        size=round(float(main["size"]), 1),
        bold=_span_bold(main),
        italic=bool(main["flags"] & pymupdf.TEXT_FONT_ITALIC),
        color=int(main.get("color", 0)),
        text_x0=x0,
    )
    # A lone glyph from a symbol font before text is a bullet or an icon, whatever character it
    # maps to (Wingdings "l" is a round bullet, Marvosym "H" a phone): it is not text.
    first = texts[0].strip()
    if (
        len(spans) > 1
        and len(first) == 1
        and not first.isdigit()
        and _SYMBOL_FONT.search(spans[0].get("font", ""))
    ):
        seg.text = "".join(texts[1:])
        seg.bullet = True
        seg.text_x0 = spans[1]["bbox"][0]
    _strip_bullet(seg)
    return seg


def _strip_bullet(seg: _Seg) -> None:
    """Mark and remove a leading bullet glyph (the glyph alone is a bullet as well)."""
    text = seg.text.lstrip()
    if not text:
        return
    ch = text[0]
    rest = text[1:]
    is_bullet = (
        ch in BULLET_GLYPHS
        or (ch in SPACED_BULLETS and (rest == "" or rest[0] == " "))
        or (_is_private_use(ch) and (rest == "" or rest[0] == " "))
    )
    if is_bullet:
        seg.bullet = True
        seg.glyph = ch if ch in SPACED_BULLETS else ""
        seg.text = rest.strip()
    else:
        seg.text = text.rstrip() if not text.endswith("\u00ad") else text


def _hidden_text_rects(page: pymupdf.Page) -> list[pymupdf.Rect]:
    """Areas of text painted over later by an opaque image (text nobody can see).

    ``page.get_bboxlog()`` lists what the page paints in painting order; text whose box lies
    inside an image painted after it is hidden (the yaml_cv 履歴書 keeps photo instructions
    under the photo). An image painted first is a background and hides nothing.
    """
    if not page.get_images():
        return []  # no image, nothing can hide text (and get_bboxlog re-runs the page)
    log = page.get_bboxlog()
    images = [(i, pymupdf.Rect(r)) for i, (kind, r) in enumerate(log) if "image" in kind]
    if not images:
        return []
    hidden = []
    for i, (kind, r) in enumerate(log):
        if "text" not in kind:
            continue
        rect = pymupdf.Rect(r)
        for j, img in images:
            if j > i and rect.get_area() > 0 and (rect & img).get_area() >= 0.9 * rect.get_area():
                hidden.append(rect)
                break
    return hidden


def _page_segments(page: pymupdf.Page, invisible: HiddenText) -> list[_Seg]:
    # The text page of get_text("dict"), kept for the rare line that looks run-together and
    # needs its character boxes (PageGlyphs reads those only then).
    textpage = page.get_textpage(flags=TEXT_FLAGS)
    data = textpage.extractDICT()
    glyphs = PageGlyphs(page, textpage, TEXT_FLAGS)
    hidden = _hidden_text_rects(page)
    segs: list[_Seg] = []
    for block_no, block in enumerate(data["blocks"]):
        if block.get("type") != 0:
            continue
        for line_no, line in enumerate(block["lines"]):
            wmode = line.get("wmode", 0)
            direction = line.get("dir", (1.0, 0.0))
            if wmode or abs(direction[1]) > 0.2:
                continue  # vertical or rotated text: margin decorations, not resume content
            # White-on-white, tiny, invisible or off-page spans (see pipeline.parse.hidden).
            shown = invisible.visible_line(line)
            if shown is None:
                continue
            seg = _segment(shown)
            if seg is None:
                continue
            if looks_run_together(seg.text):
                # Words set apart by glyph gaps only, no space glyph (awesome-cv XeTeX lines).
                # Respaced on the whole line, whose span dicts ``shown`` shares.
                raw_line = glyphs.line(block_no, line_no, line)
                if raw_line is not None and respace_line(line, raw_line):
                    seg = _segment(shown) or seg
            if hidden and any(
                r.contains(pymupdf.Point((seg.x0 + seg.x1) / 2, seg.cy)) for r in hidden
            ):
                continue
            if any(  # overprinted (fake bold, or drawn twice): keep one
                o.text == seg.text and abs(o.x0 - seg.x0) < 1.5 and abs(o.y0 - seg.y0) < 1.5
                for o in segs[-8:]
            ):
                continue
            segs.append(seg)
    _mark_vector_bullets(page, segs)
    return segs


def _mark_vector_bullets(page: pymupdf.Page, segs: list[_Seg]) -> None:
    """Bullets drawn as small filled shapes (HTML/CSS exports) instead of glyphs.

    Only looked for on pages without glyph bullets but with indented lines, because
    ``get_cdrawings`` costs about half a ``get_text``. A dot or square at most 6 pt wide just
    left of a line's start, on the same row, bullets that line.
    """
    if len(segs) < 3 or any(s.bullet for s in segs):
        return
    left = min(s.x0 for s in segs)
    if sum(1 for s in segs if s.x0 > left + 6) < 3:
        return
    dots = []
    for item in page.get_cdrawings():
        x0, y0, x1, y1 = item["rect"]
        if item.get("fill") is not None and 1 <= x1 - x0 <= 6 and 1 <= y1 - y0 <= 6:
            dots.append((x0, y0, x1, y1))
    for x0, y0, x1, y1 in dots:
        cy = (y0 + y1) / 2
        for seg in segs:
            if seg.y0 <= cy <= seg.y1 and 0 <= seg.x0 - x1 <= 3 * max(seg.size, 1.0):
                seg.bullet = True
                seg.text_x0 = seg.x0
                seg.x0 = x0
                break


# --- columns --------------------------------------------------------------------------------

_DATEISH = re.compile(
    r"(?i)^[\s\W]*((19|20)[\dX]{2}|\d{1,2}[./]\d{2,4}|present|current|now|today|"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*\d{2,4}|year|año)"
)


def _find_gutter(segs: list[_Seg], width: float) -> tuple[float, float, float] | None:
    """The x of a gutter splitting the page body into two columns, with the body's y range.

    Returns ``(x, top, bottom)`` or None. Rows crossing a candidate x cut the page into bands
    (the header above, the footer below); the body is the band where both sides hold the most
    text. A gutter needs, within that band:

    - at least five lines and 8% of the page's characters on each side;
    - a narrow gap (at most 7.5% of the page width; a wide one separates right-aligned dates
      or a centred header from the text, as in the awesome-cv Chinese label), or one up to 25%
      when both sides are left-aligned blocks of text (a sidebar set well apart);
    - a band over 55% of the page's text height, each side running down 45% of it (a contact
      block beside the name is not a column);
    - each side a fifth of the page wide or holding 15% of its text (a narrow, light side is a
      table column, like a 履歴書's phone numbers);
    - neither side made mostly of dates (moderncv's date margin belongs to the rows beside it).

    Pages whose text mostly runs across the page are single-column and skip the search.
    """
    if len(segs) < 8:
        return None
    total_chars = sum(len(s.text) for s in segs)
    wide = sum(len(s.text) for s in segs if s.x1 - s.x0 > 0.55 * width)
    if wide >= 0.5 * total_chars:
        return None  # most text runs across the page: one column
    by_y = sorted(segs, key=lambda s: s.cy)
    text_height = max(s.y1 for s in segs) - min(s.y0 for s in segs)
    # A gutter starts just right of some line's right edge: try those x only, once per 4 pt.
    candidates = sorted(
        {round((s.x1 + 3) / 6) * 6 for s in segs if 0.2 * width < s.x1 < 0.8 * width}
    )
    best: tuple[int, float, float, float] | None = None
    seen: set[tuple[int, int]] = set()
    for x in candidates:
        left_chars = [len(s.text) for s in segs if s.x1 <= x]
        right_chars = [len(s.text) for s in segs if s.x0 >= x]
        n_left, n_right = len(left_chars), len(right_chars)
        if len(segs) - n_left - n_right > 0.5 * len(segs):
            continue  # most lines cross x: no gutter here
        # As x grows a line only moves right -> crossing -> left, so equal counts mean the same
        # split as an x already tried (same bands, same sides): nothing new to find.
        if (n_left, n_right) in seen:
            continue
        seen.add((n_left, n_right))
        # A band holds a subset of each side: when the whole sides already fail the size
        # checks below, or cannot beat the best score, no band can.
        whole = min(sum(left_chars), sum(right_chars))
        if n_left < 5 or n_right < 5 or whole < 0.08 * total_chars:
            continue
        if best is not None and whole <= best[0]:
            continue
        for band in _bands(by_y, x):
            left = [s for s in band if s.x1 <= x]
            right = [s for s in band if s.x0 >= x]
            if len(left) < 5 or len(right) < 5:
                continue
            score = min(sum(len(s.text) for s in left), sum(len(s.text) for s in right))
            if score < 0.08 * total_chars or (best is not None and score <= best[0]):
                continue
            # A gutter is narrow; a wide gap usually means right-aligned asides beside the
            # text, unless both sides are left-aligned blocks (a sidebar set well apart).
            gap = min(s.x0 for s in right) - max(s.x1 for s in left)
            if gap > 0.075 * width and not (
                gap <= 0.25 * width and _left_aligned(left) and _left_aligned(right)
            ):
                continue
            # A side both narrow and light (a table's phone-number column) is not a column.
            if any(
                max(s.x1 for s in side) - min(s.x0 for s in side) < 0.2 * width
                and sum(len(s.text) for s in side) < 0.15 * total_chars
                for side in (left, right)
            ):
                continue
            top = min(s.y0 for s in band)
            bottom = max(s.y1 for s in band)
            if bottom - top < 0.55 * text_height:
                continue  # a two-column header block, not a two-column page
            # Both columns run down most of the band (a contact block beside the name doesn't).
            if any(
                max(s.y1 for s in side) - min(s.y0 for s in side) < 0.45 * (bottom - top)
                for side in (left, right)
            ):
                continue
            best = (score, float(x), band[0].cy - 0.01, band[-1].cy + 0.01)
    if best is None:
        return None
    _, gx, top, bottom = best
    band = [s for s in segs if top < s.cy < bottom]
    if not band:
        return None
    for side in ([s for s in band if s.x1 <= gx], [s for s in band if s.x0 >= gx]):
        if sum(1 for s in side if _DATEISH.match(s.text)) >= 0.6 * len(side):
            return None
    return gx, top, bottom


def _left_aligned(side: list[_Seg]) -> bool:
    """Most lines of ``side`` start at one x (a column of text), and more lines share a start
    than share an end (right-aligned dates and places share their end instead)."""
    starts = Counter(round(s.x0 / 3) for s in side).most_common(1)[0][1]
    ends = Counter(round(s.x1 / 3) for s in side).most_common(1)[0][1]
    return starts >= 0.5 * len(side) and starts > ends


def _bands(by_y: list[_Seg], x: float) -> list[list[_Seg]]:
    """Split segments (sorted by centre y) into runs between rows that cross ``x``.

    A segment sharing a row with a crossing line (the date at the left end of a footer) is cut
    out with it: it belongs to that full-width row, not to a column.
    """
    n = len(by_y)
    crossing = [s.x0 < x < s.x1 for s in by_y]
    if not any(crossing):
        return [by_y] if n >= 10 else []
    cut = list(crossing)
    for i in range(n):
        if crossing[i]:
            continue
        s = by_y[i]
        for j in (i - 2, i - 1, i + 1, i + 2):
            if 0 <= j < n and crossing[j]:
                o = by_y[j]
                overlap = min(s.y1, o.y1) - max(s.y0, o.y0)
                if overlap >= 0.5 * min(s.y1 - s.y0, o.y1 - o.y0):
                    cut[i] = True
                    break
    bands: list[list[_Seg]] = [[]]
    for s, is_cut in zip(by_y, cut, strict=True):
        if is_cut:
            if bands[-1]:
                bands.append([])
        else:
            bands[-1].append(s)
    return [b for b in bands if len(b) >= 10]


# --- rows -----------------------------------------------------------------------------------


def _same_row(a: _Seg, b: _Seg) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    apart = a.x1 <= b.x0 + 1 or b.x1 <= a.x0 + 1
    return apart and overlap >= 0.5 * max(a.height, b.height)


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uf900" <= ch <= "\ufaff"


def _rows(segs: list[_Seg], page_no: int, column: int, col_left: float) -> list[Line]:
    """Group segments sharing a baseline into Lines, top to bottom."""
    ordered = sorted(segs, key=lambda s: (s.y0, s.x0))
    rows: list[list[_Seg]] = []
    for seg in ordered:
        for row in reversed(rows[-3:]):
            if any(_same_row(seg, other) for other in row):
                row.append(seg)
                break
        else:
            rows.append([seg])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda s: s.x0)
        # A bullet glyph alone on its span/line (Word's SymbolMT) bullets what follows it.
        merged: list[_Seg] = []
        pending_bullet: _Seg | None = None
        for seg in row:
            if seg.bullet and not seg.text:
                pending_bullet = seg
                continue
            if pending_bullet is not None:
                seg.bullet = True
                seg.text_x0 = seg.x0
                seg.x0 = pending_bullet.x0
                pending_bullet = None
            merged.append(seg)
        if not merged:
            continue
        if (  # the wrapped end of a margin date alone on its row: "2022 –" / "Present"
            lines
            and len(merged) == 1
            and _DATEISH.match(merged[0].text)
            and len(merged[0].text) <= 20
            and abs(merged[0].x0 - lines[-1].x0) < 20
            and merged[0].y0 - lines[-1].y1 < merged[0].size
        ):
            prev_cells = lines[-1].text.split("\t", 1)
            if len(prev_cells) > 1 and prev_cells[0].rstrip().endswith(("-", "–", "—")):
                prev_cells[0] = prev_cells[0].rstrip() + " " + merged[0].text
                lines[-1].text = "\t".join(prev_cells)
                continue
        # moderncv-style date margin: "2021 –" on one row, "Present" below it, left of the text.
        if (
            lines
            and len(merged) > 1
            and _DATEISH.match(merged[0].text)
            and len(merged[0].text) <= 20
            and merged[1].x0 - merged[0].x1 > 0.6 * merged[0].size
        ):
            prev_first = lines[-1].text.split("\t", 1)
            if prev_first[0].rstrip().endswith(("-", "–", "—")) and len(prev_first) > 1:
                prev_first[0] = prev_first[0].rstrip() + " " + merged[0].text
                lines[-1].text = "\t".join(prev_first)
                merged = merged[1:]
        text = merged[0].text
        for prev, seg in zip(merged, merged[1:], strict=False):
            gap = seg.x0 - prev.x1
            if gap > 0.4 * max(prev.size, seg.size):
                text += "\t" + seg.text
            elif _is_cjk(text[-1:]) and _is_cjk(seg.text[:1]):
                text += seg.text
            else:
                text += ("" if text.endswith(" ") else " ") + seg.text
        # The row's typography is its leftmost text cell's, past a date margin cell.
        main = next(
            (s for s in merged if not (_DATEISH.match(s.text) and len(s.text) <= 20)), merged[0]
        )
        first = merged[0]
        lines.append(
            Line(
                text=text.strip(" "),
                page=page_no,
                x0=first.x0,
                y0=min(s.y0 for s in merged),
                x1=max(s.x1 for s in merged),
                y1=max(s.y1 for s in merged),
                size=main.size,
                bold=main.bold,
                italic=main.italic,
                caps=_is_caps(text),
                column=column,
                bullet=first.bullet,
                bullet_glyph=first.glyph if first.bullet else "",
                indent=max(first.text_x0 - col_left, 0.0)
                if not first.bullet
                else first.x0 - col_left,
                color=main.color,
            )
        )
    return lines


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters if ch.lower() != ch.upper())


# --- furniture and duplicates ---------------------------------------------------------------


def _furniture_key(line: Line) -> str:
    """The text a running header/footer repeats verbatim from page to page.

    Only a page-number-like field ("3", "2/4", "Page 3 of 5", "– 3 –", or a trailing "Page 3")
    has its digits normalised; every other digit must match, so body lines that differ only in
    their figures ("managing 8 staff" / "managing 15 staff") never share a key.
    """
    fields = [" ".join(part.split()).casefold() for part in line.text.split("\t")]
    out: list[str] = []
    for text in fields:
        if _PAGE_NUMBER_LIKE.match(text):
            out.append("#")
        else:
            out.append(_TRAILING_PAGE.sub(" #", text))
    return "\t".join(out)


def _is_body_text(line: Line) -> bool:
    """A bullet or a long run of prose: body text, never page furniture, however it repeats.

    A line of tab-separated fields or one holding an address/link is not prose: a contact
    footer's icons read as bullets (moderncv), and such a footer is furniture."""
    text = line.text
    if "\t" in text or "@" in text or "://" in text or "www." in text.casefold():
        return False
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= (5 if line.bullet else 10)


def _split_furniture(
    pages: list[list[Line]], heights: list[float]
) -> tuple[list[Line], list[list[Line]]]:
    """Pull repeated headers/footers out of the pages; returns (furniture once, pages).

    A line in the top 12% or bottom 15% of a page is page furniture when the same text
    (:func:`_furniture_key`: verbatim but for a page number) recurs at the same place (the same
    distance from the page's top, or bottom, within 2% of its height) on at least half of the
    pages, and on two or more. A bullet or long prose (:func:`_is_body_text`) never is. Lone
    page numbers in those margins ("3", "2/4", "Page 3 of 5", "– 3 –") are dropped everywhere.
    """

    def band(line: Line, height: float) -> str:
        if line.y1 <= 0.12 * height:
            return "top"
        if line.y0 >= 0.85 * height:
            return "bottom"
        return ""

    def offset(line: Line, height: float, side: str) -> float:
        return line.y0 if side == "top" else height - line.y0

    places: dict[tuple[str, str], list[tuple[int, float, float]]] = {}
    for page_idx, (lines, height) in enumerate(zip(pages, heights, strict=True)):
        for ln in lines:
            side = band(ln, height)
            if side and not _is_body_text(ln):
                key = (side, _furniture_key(ln))
                places.setdefault(key, []).append((page_idx, offset(ln, height, side), height))
    need = max(2, (len(pages) + 1) // 2)
    repeated: set[tuple[str, str]] = set()
    for key, spots in places.items():
        if len({page for page, _, _ in spots}) < need:
            continue
        middle = sorted(off for _, off, _ in spots)[len(spots) // 2]
        near = {page for page, off, height in spots if abs(off - middle) <= 0.02 * height}
        if len(near) >= need:
            repeated.add(key)
    furniture: list[Line] = []
    seen: set[tuple[str, str]] = set()
    kept_pages: list[list[Line]] = []
    for lines, height in zip(pages, heights, strict=True):
        kept: list[Line] = []
        for ln in lines:
            side = band(ln, height)
            if side and _PAGE_NUMBER_LIKE.match(" ".join(ln.text.split())):
                continue
            key = (side, _furniture_key(ln))
            if side and len(pages) > 1 and key in repeated and not _is_body_text(ln):
                if key not in seen:
                    seen.add(key)
                    furniture.append(ln)
                continue
            kept.append(ln)
        kept_pages.append(kept)
    return furniture, kept_pages


def _collapse_duplicates(lines: list[Line]) -> list[Line]:
    """Drop a line repeating the previous one: overprinted fake bold or a copy-paste twice."""
    out: list[Line] = []
    for ln in lines:
        if out:
            prev = out[-1]
            same = " ".join(prev.text.split()) == " ".join(ln.text.split())
            overlap = prev.page == ln.page and abs(prev.y0 - ln.y0) < 2 and abs(prev.x0 - ln.x0) < 2
            if same and (overlap or len(ln.text) >= 20):
                continue
        out.append(ln)
    return out


# --- wrapped bullets ------------------------------------------------------------------------


def _restore_dashes(lines: list[Line], right_edges: dict[tuple[int, int], float]) -> None:
    """Give back the dash of a wrapped line that starts with one ("– Associate" after
    "AWS Certified Solutions Architect"): it is the text's own dash, not a bullet.

    The line must continue the one above it: that line is not a bullet, fills its column to
    the right edge, and this line starts at its left edge in the same typography, right below.
    A dash list after a short line ("Tasks:" / "- Built X") keeps its bullets.
    """
    for prev, ln in zip(lines, lines[1:], strict=False):
        if not (ln.bullet and ln.bullet_glyph) or prev.bullet:
            continue
        edge = right_edges.get((prev.page, prev.column), prev.x1)
        width = max(edge - min(prev.x0, ln.x0), 1.0)
        if (
            prev.page == ln.page
            and prev.column == ln.column
            and "\t" not in prev.text
            and abs(ln.x0 - prev.x0) < 1.5
            and edge - prev.x1 < 0.1 * width
            and -0.2 * ln.size <= ln.y0 - prev.y1 < 0.5 * ln.size
            and abs(ln.size - prev.size) < 0.5
            and ln.bold == prev.bold
        ):
            ln.text = f"{ln.bullet_glyph} {ln.text}"
            ln.bullet, ln.bullet_glyph = False, ""


def _join_wrapped(lines: list[Line], right_edges: dict[tuple[int, int], float]) -> list[Line]:
    """Join continuation lines into the bullet above them (hanging indent, tight spacing)."""
    out: list[Line] = []
    tail, tail_x1 = "", 0.0  # the last visual line joined into out[-1]: text, right edge
    for ln in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.bullet
            and not ln.bullet
            and "\t" not in ln.text
            and "\t" not in prev.text
            and ln.page == prev.page
            and ln.column == prev.column
            and ln.x0 > prev.x0 + 1.0
            and -0.5 * ln.size <= ln.y0 - prev.y1 < 0.8 * max(prev.size, ln.size)
            and abs(ln.size - prev.size) < 1.0
        ):
            edge = right_edges.get((prev.page, prev.column), prev.x1)
            at_edge = tail_x1 >= edge - 3.0
            if tail_x1 >= edge - prev.size and len(tail) > 20 and " " not in tail.strip():
                # A word wider than the line, broken by the typesetter (anywhere, so within
                # a character of the edge): one word again.
                prev.text = prev.text.rstrip() + ln.text.lstrip()
            else:
                prev.text = _join_text(prev.text, ln.text, at_edge=at_edge)
            tail, tail_x1 = ln.text, ln.x1
            prev.x1 = max(prev.x1, ln.x1)
            prev.y1 = ln.y1
            prev.links.extend(x for x in ln.links if x not in prev.links)
            continue
        out.append(ln)
        tail, tail_x1 = ln.text, ln.x1
    return out


def _join_text(first: str, second: str, *, at_edge: bool) -> str:
    """Join a wrapped line, undoing hyphenation (soft hyphen always; '-' only at the edge)."""
    if first.endswith("\u00ad"):
        return first[:-1] + second
    if (
        at_edge
        and first.endswith("-")
        and len(first) > 1
        and first[-2].isalpha()
        and second[:1].islower()
    ):
        return first[:-1] + second
    if _is_cjk(first[-1:]) or _is_cjk(second[:1]):
        return first + second
    return first.rstrip() + " " + second.lstrip()


# --- links ----------------------------------------------------------------------------------


def _page_uris(page: pymupdf.Page) -> list[tuple[str, pymupdf.Rect]]:
    """The page's web/mail/phone links. Walks the link chain instead of ``get_links()``, which
    also resolves every internal destination (named destinations: ~3 ms a page in LaTeX files).
    """
    found = []
    link = page.first_link
    while link:
        uri = link.uri
        if uri and link.is_external and not uri.startswith("file:"):  # launch links: not URIs
            found.append((uri, link.rect))
        link = link.next
    return found


def _attach_links(page: pymupdf.Page, lines: list[Line]) -> list[str]:
    uris: list[str] = []
    for uri, rect in _page_uris(page):
        uris.append(uri)
        best: Line | None = None
        best_area = 0.0
        for ln in lines:
            w = min(rect.x1, ln.x1) - max(rect.x0, ln.x0)
            h = min(rect.y1, ln.y1) - max(rect.y0, ln.y0)
            if w > 0 and h > 0 and w * h > best_area:
                best, best_area = ln, w * h
        if best is not None and uri not in best.links:
            best.links.append(uri)
    return uris


def _mark_outline(doc: pymupdf.Document, pages: list[list[Line]]) -> None:
    """Set ``heading_hint`` on lines the PDF outline (bookmarks) names on their page.

    LaTeX (hyperref), Typst and Word exports bookmark their headings, but also the person's name
    and some entries, so the builder takes this as a hint, not as proof of a heading.
    """
    try:
        toc = doc.get_toc(simple=True)
    except (RuntimeError, ValueError):
        return  # a damaged outline is no reason to lose the text
    wanted = {(item[2] - 1, " ".join(str(item[1]).split()).casefold()) for item in toc}
    if not wanted:
        return
    for page_no, lines in enumerate(pages):
        for ln in lines:
            if (page_no, " ".join(ln.text.split()).casefold()) in wanted:
                ln.heading_hint = True


# --- entry point ----------------------------------------------------------------------------


def _order_page(segs: list[_Seg], page_no: int, width: float) -> list[Line]:
    gutter = _find_gutter(segs, width)
    if gutter is None:
        return _rows(segs, page_no, 0, min((s.x0 for s in segs), default=0.0))
    gx, top, bottom = gutter
    header = [s for s in segs if s.cy <= top]
    footer = [s for s in segs if s.cy >= bottom]
    band = [s for s in segs if top < s.cy < bottom]
    left = [s for s in band if s.x1 <= gx]
    right = [s for s in band if s.x0 >= gx]
    if page_no == 0:
        lifted = _title_block(right, segs)
        if lifted:
            header += lifted
            right = [s for s in right if not any(s is t for t in lifted)]
    page_left = min((s.x0 for s in segs), default=0.0)
    lines = _rows(header, page_no, 0, page_left)
    lines += _rows(left, page_no, 1, min((s.x0 for s in left), default=0.0))
    lines += _rows(right, page_no, 2, min((s.x0 for s in right), default=gx))
    lines += _rows(footer, page_no, 0, page_left)
    return lines


def _title_block(side: list[_Seg], segs: list[_Seg]) -> list[_Seg]:
    """The name block at the top of a (right) column, to read before both columns.

    The name is the most prominent line near the top of the first page: when the column's
    first row is set in a font bigger than every other line of the page (by more than half a
    point) and sits in the top fifth of the text, that row and the rows right under it (the
    headline, a contact line: spaced no wider than half their height, up to 4 of them, not a
    section heading) go first, or the name and headline would end the sidebar's last section.
    """
    if not side:
        return []
    by_y = sorted(side, key=lambda s: (s.y0, s.x0))
    first = by_y[0]
    top = min(s.y0 for s in segs)
    height = max(s.y1 for s in segs) - top
    if first.y0 - top > 0.2 * height:
        return []
    row = [s for s in by_y if s is first or _same_row(s, first)]
    size = max(s.size for s in row)
    if any(s.size > size - 0.5 for s in segs if not any(s is r for r in row)):
        return []
    block = list(row)
    bottom = max(s.y1 for s in row)
    rest = [s for s in by_y if not any(s is r for r in row)]
    taken = 0
    while rest and taken < 4:
        nxt = rest[0]
        nrow = [s for s in rest if s is nxt or _same_row(s, nxt)]
        text = " ".join(s.text for s in sorted(nrow, key=lambda s: s.x0))
        if nxt.y0 - bottom > 0.5 * nxt.height or heading_kind(text) is not None:
            break
        block += nrow
        bottom = max(s.y1 for s in nrow)
        rest = [s for s in rest if not any(s is r for r in nrow)]
        taken += 1
    return block


def extract_pdf(doc: pymupdf.Document) -> ExtractedDocument:
    """Extract every page's text as Lines in reading order.

    Args:
        doc: an open, decrypted PyMuPDF document with at least one page (the caller checks
            encryption, type and page count).

    Returns:
        An :class:`ExtractedDocument` with ``source="pdf"``; ``links`` holds every link
        annotation target (``mailto:``, ``tel:``, ``https://...``) in page order.
    """
    pages: list[list[Line]] = []
    heights: list[float] = []
    all_links: list[str] = []
    hidden_chars = 0
    for page_no in range(doc.page_count):
        page = doc[page_no]
        invisible = HiddenText(page)
        segs = _page_segments(page, invisible)
        hidden_chars += invisible.chars
        lines = _order_page(segs, page_no, page.rect.width)
        all_links += _attach_links(page, lines)
        pages.append(lines)
        heights.append(page.rect.height)
    _mark_outline(doc, pages)
    furniture, pages = _split_furniture(pages, heights)
    ordered = furniture + [ln for lines in pages for ln in lines]
    right_edges: dict[tuple[int, int], float] = {}
    for ln in ordered:
        key = (ln.page, ln.column)
        right_edges[key] = max(right_edges.get(key, 0.0), ln.x1)
    ordered = _collapse_duplicates(ordered)
    _restore_dashes(ordered, right_edges)
    ordered = _join_wrapped(ordered, right_edges)
    for ln in ordered:
        ln.text = ln.text.replace("\u00ad", "-").strip()
    metadata = {k: v for k, v in (doc.metadata or {}).items() if isinstance(v, str) and v}
    warning = hidden_text_warning(hidden_chars)
    return ExtractedDocument(
        lines=[ln for ln in ordered if ln.text],
        pages=doc.page_count,
        links=all_links,
        source="pdf",
        metadata=metadata,
        warnings=[warning] if warning else [],
    )
