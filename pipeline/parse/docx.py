"""DOCX -> :class:`~pipeline.parse.lines.Line` objects, in reading order, for the layout builder.

python-docx opens the package and resolves styles and relationships; the body is walked as XML
because ``Document.paragraphs`` misses what resumes are full of (Word templates):

- text boxes (``wps:txbx`` in DrawingML, ``v:textbox`` in VML), read once: Word stores each box
  twice, in ``mc:Choice`` and again in the ``mc:Fallback`` VML copy;
- inline content controls (``w:sdt``), tracked insertions (``w:ins``), smart tags and
  ``w:fldSimple`` results, whose runs are not direct children of the paragraph;
- only ``w:t`` text is read, so DrawingML anchor numbers (``wp:posOffset`` EMUs such as
  "685800") and field instructions never leak into the text.

Footers, footnotes and comments are page furniture and are not read; the first page's header
is read, before the body, only when it holds an email or phone number the body lacks (a
template that prints the contact details in the page header). Positions are
synthetic (there is no layout in a DOCX): ``x0`` is the paragraph's left indentation in points,
``y0`` grows down the page by one line height per line, ``page`` counts hard page breaks,
section breaks and the page breaks Word recorded at its last layout.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from config.settings import LimitSettings
from pipeline.errors import Corrupt, Empty, NoTextLayer, TooLarge, TooManyPages, UnsupportedType
from pipeline.parse.contact import find_email, find_phone
from pipeline.parse.lines import ExtractedDocument, Line
from pipeline.parse.quality import check_quality
from pipeline.parse.sections import heading_kind

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MC_ALTERNATE = f"{{{_MC}}}AlternateContent"
_MC_CHOICE = f"{{{_MC}}}Choice"
_MC_FALLBACK = f"{{{_MC}}}Fallback"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

W_P, W_TBL, W_TR, W_TC, W_R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
W_SDT, W_SDT_CONTENT, W_TXBX = qn("w:sdt"), qn("w:sdtContent"), qn("w:txbxContent")
W_HYPERLINK, W_T, W_TAB, W_PTAB, W_BR, W_CR = (
    qn("w:hyperlink"), qn("w:t"), qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr"),
)  # fmt: skip
W_NBHYPHEN, W_INSTR, W_RENDERED_BREAK = (
    qn("w:noBreakHyphen"), qn("w:instrText"), qn("w:lastRenderedPageBreak"),
)  # fmt: skip
W_VAL, W_FLD_SIMPLE = qn("w:val"), qn("w:fldSimple")
# Containers whose runs are displayed text of the paragraph.
_INLINE_CONTAINERS = {
    qn(t)
    for t in ("w:ins", "w:smartTag", "w:sdt", "w:sdtContent", "w:fldSimple", "w:customXml",
              "w:dir", "w:bdo", "w:moveTo")
}  # fmt: skip
_BLOCK_CONTAINERS = {
    W_SDT,
    W_SDT_CONTENT,
    W_TC,
    qn("w:customXml"),
}  # W_TC: cells in a row-level sdt

_HYPERLINK_FIELD = re.compile(r'HYPERLINK\s+"([^"]+)"')
# Glyphs typed (not list-numbered) at the start of a paragraph to make a bullet; the
# private-use range covers Symbol/Wingdings bullets pasted as text.
_BULLET_START = re.compile(r"^\s*([•◦▪‣●○■□➢➤►▸✓✔·*\-–\ue000-\uf8ff])\s+")

_DEFAULT_SIZE = 10.0  # Word's size when neither the styles nor docDefaults give one (ECMA-376)
_LINE_FACTOR = 1.2  # synthetic line height = size x 1.2 (Word's "single" spacing, roughly)
_AVG_CHAR_WIDTH = 0.5  # of the font size: an estimated line width, for builders that use x1
_LIST_INDENT = 18.0  # points per list level when the list gives no indentation
_TITLE_BLOCK = 6  # lines under a moved title that may come with it (headline, contacts)
_JOIN_SIZE_RATIO = 1.3  # the cells of a "Title | Dates" row share their type size, roughly
# A DOCX is a zip: refuse archives that inflate beyond this multiple of the upload limit (zip
# bombs; python-docx loads every part into memory).
_MAX_INFLATE_FACTOR = 10


@dataclass(slots=True)
class _Props:
    """Character properties; None = not set at this level (inherit)."""

    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None
    caps: bool | None = None

    def under(self, parent: _Props) -> _Props:
        """These properties with the unset ones taken from ``parent``."""
        return _Props(
            self.bold if self.bold is not None else parent.bold,
            self.italic if self.italic is not None else parent.italic,
            self.size if self.size is not None else parent.size,
            self.caps if self.caps is not None else parent.caps,
        )


@dataclass(slots=True)
class _ParaStyle:
    props: _Props
    name: str | None
    heading: bool
    numbered: bool
    indent: float | None


@dataclass(slots=True)
class _Piece:
    text: str
    props: _Props


@dataclass
class _State:
    """Walk state: page counters, synthetic vertical position, links."""

    hard_breaks: int = 0
    rendered_breaks: int = 0
    y: float = 0.0
    last_page: int = 0
    links: list[str] = field(default_factory=list)

    @property
    def page(self) -> int:
        return max(self.hard_breaks, self.rendered_breaks)


def _on(el: Any) -> bool | None:
    """Value of an OOXML on/off property element (absent -> None, <w:b/> -> True)."""
    if el is None:
        return None
    return el.get(W_VAL, "true").lower() not in ("0", "false", "off", "none")


def _rpr_props(rpr: Any) -> _Props:
    if rpr is None:
        return _Props()
    size = None
    sz = rpr.find(qn("w:sz"))
    if sz is not None and sz.get(W_VAL, "").isdigit():
        size = int(sz.get(W_VAL)) / 2  # half-points
    caps = _on(rpr.find(qn("w:caps")))
    small = _on(rpr.find(qn("w:smallCaps")))
    return _Props(
        bold=_on(rpr.find(qn("w:b"))),
        italic=_on(rpr.find(qn("w:i"))),
        size=size,
        caps=caps if caps is not None else small,
    )


def _twips_left(ppr: Any) -> float | None:
    ind = ppr.find(qn("w:ind")) if ppr is not None else None
    if ind is None:
        return None
    value = ind.get(qn("w:left")) or ind.get(qn("w:start"))
    try:
        return int(value) / 20 if value is not None else None  # twentieths of a point
    except ValueError:
        return None


def _has_numbering(ppr: Any) -> bool | None:
    num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num_pr is None:
        return None
    num_id = num_pr.find(qn("w:numId"))
    # numId 0 explicitly removes numbering inherited from the style.
    return num_id is None or num_id.get(W_VAL) != "0"


class _Styles:
    """Resolved paragraph and character styles (base-style chains followed, memoised)."""

    def __init__(self, document: Any) -> None:
        styles_el = document.styles.element
        self._by_id = {s.get(qn("w:styleId")): s for s in styles_el.findall(qn("w:style"))}
        defaults = styles_el.find(qn("w:docDefaults"))
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        self.defaults = _rpr_props(rpr).under(_Props(False, False, _DEFAULT_SIZE, False))
        self._default_para = next(
            (
                sid
                for sid, s in self._by_id.items()
                if s.get(qn("w:type")) == "paragraph"
                and s.get(qn("w:default")) in ("1", "true", "on")
            ),
            None,
        )
        self._para: dict[str | None, _ParaStyle] = {}
        self._char: dict[str | None, _Props] = {}

    def paragraph(self, style_id: str | None) -> _ParaStyle:
        style_id = style_id or self._default_para
        if style_id not in self._para:
            self._para[style_id] = self._resolve_para(style_id, depth=0)
        return self._para[style_id]

    def _resolve_para(self, style_id: str | None, depth: int) -> _ParaStyle:
        el = self._by_id.get(style_id) if style_id else None
        if el is None or depth > 20:  # depth guards against a base-style cycle
            return _ParaStyle(self.defaults, None, False, False, None)
        based = el.find(qn("w:basedOn"))
        parent = (
            self._resolve_para(based.get(W_VAL), depth + 1)
            if based is not None
            else _ParaStyle(self.defaults, None, False, False, None)
        )
        name_el = el.find(qn("w:name"))
        name = name_el.get(W_VAL) if name_el is not None else style_id
        ppr = el.find(qn("w:pPr"))
        lname = (name or "").lower()
        # Style names only: direct outline levels are noisy (Word's HTML import sets level 4
        # on every bold line, e.g. the corpus accountant resume's position lines).
        heading = lname.startswith("heading") or lname == "title" or parent.heading
        numbered = _has_numbering(ppr)
        indent = _twips_left(ppr)
        return _ParaStyle(
            props=_rpr_props(el.find(qn("w:rPr"))).under(parent.props),
            name=_display_name(name),
            heading=heading,
            numbered=numbered if numbered is not None else parent.numbered,
            indent=indent if indent is not None else parent.indent,
        )

    def character(self, style_id: str | None) -> _Props:
        if style_id not in self._char:
            self._char[style_id] = self._resolve_char(style_id, depth=0)
        return self._char[style_id]

    def _resolve_char(self, style_id: str | None, depth: int) -> _Props:
        el = self._by_id.get(style_id) if style_id else None
        if el is None or depth > 20:
            return _Props()
        based = el.find(qn("w:basedOn"))
        parent = self._resolve_char(based.get(W_VAL), depth + 1) if based is not None else _Props()
        return _rpr_props(el.find(qn("w:rPr"))).under(parent)


def _display_name(name: str | None) -> str | None:
    """Built-in style names are stored lower-case ("heading 1"); Word shows "Heading 1"."""
    if name and name.islower() and (name.startswith("heading") or name == "title"):
        return name[0].upper() + name[1:]
    return name


def extract_docx(data: bytes, limits: LimitSettings) -> ExtractedDocument:
    """Read a DOCX into lines.

    Args:
        data: the DOCX bytes (already sniffed: a zip holding ``word/document.xml``).
        limits: ``max_pages`` (page count from Word's cached statistics and the breaks) and
            ``max_file_bytes`` (bounds the inflated size).

    Returns:
        ``ExtractedDocument(source="docx")``: one Line per visual line (a paragraph, or part
        of one split at a manual line break), table rows whose cells are one short paragraph
        each joined by tabs ("Title<TAB>Dates"), text boxes after the paragraph that anchors
        them. ``pages`` is at least 1.

    Raises:
        TooLarge: the archive inflates to more than 10x ``max_file_bytes``.
        UnsupportedType: a macro-enabled document or template (.docm/.dotx).
        Corrupt: the package or its XML cannot be read.
        TooManyPages: more than ``limits.max_pages`` pages.
        UnreadableText: no letters, only symbol-font (private-use) glyphs.
        NoTextLayer: no text but pictures (a scan pasted into Word).
        Empty: no text and no pictures.
    """
    archive_info = _check_archive(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except ValueError as exc:  # python-docx: "... is not a Word file, content type is ..."
        raise UnsupportedType(
            "This Word file is a template or macro-enabled document. Please save it as a "
            "regular .docx (File > Save As > Word Document) or export it as a PDF."
        ) from exc
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise Corrupt() from exc
    styles = _Styles(document)
    state = _State()
    body = document.element.body
    lines = list(_blocks(body, document.part, styles, state))
    _header_contact(document, styles, state, lines)
    _title_first(lines)
    pages = max(archive_info.cached_pages, state.page + 1)
    if pages > limits.max_pages:
        raise TooManyPages(
            f"This document has {pages} pages; a resume should have at most "
            f"{limits.max_pages}. Please send your resume on its own, not a longer document."
        )
    if sum(ch.isalnum() for line in lines for ch in line.text) == 0:
        # Text of symbol-font glyphs has no letters but is not empty: unreadable, checked first.
        check_quality((line.text for line in lines), source="docx")
        if archive_info.has_media:
            raise NoTextLayer(
                "This Word document holds only pictures (a scanned or photographed resume?), "
                "so there is no text to read. Please send the version with its text typed in."
            )
        raise Empty()
    core = document.core_properties
    metadata = {k: v for k, v in (("title", core.title), ("author", core.author)) if v}
    return ExtractedDocument(
        lines=lines, pages=pages, links=state.links, source="docx", metadata=metadata
    )


def _header_contact(document: Any, styles: _Styles, state: _State, lines: list[Line]) -> None:
    """Put the first page's header in front of the body when it holds contact details the
    body lacks: a template may print the name, email and phone in the Word page header.

    The header of the first section is read: its first-page header when the section has
    one ("Different First Page"), else its default header; a header linked to the previous
    section (none, for the first) has no definition of its own. It is taken only when it
    holds an email or a phone number that the body does not print, so a running header
    repeating the body's contact details is not read twice.
    """
    sections = document.sections
    if not len(sections):
        return
    section = sections[0]
    headers = [section.header]
    if section.different_first_page_header_footer:
        headers.insert(0, section.first_page_header)
    body_text = "\n".join(ln.text for ln in lines).casefold()
    body_digits = re.sub(r"\D", "", body_text)
    for header in headers:
        if header.is_linked_to_previous:
            continue  # accessing its part would add an empty definition
        part = header.part
        own = _State()
        found = list(_blocks(part.element, part, styles, own))
        texts = [ln.text for ln in found]
        email, phone = find_email(texts, []), find_phone(texts, [])
        if not (email or phone):
            continue
        if (email and email.casefold() in body_text) or (
            not email and phone and re.sub(r"\D", "", phone)[-7:] in body_digits
        ):
            return  # the body prints them too: a running header
        for ln in lines:
            if ln.page == 0:
                ln.y0, ln.y1 = ln.y0 + own.y, ln.y1 + own.y
        for ln in found:
            ln.page = 0
        lines[:0] = found
        state.links[:0] = [link for link in own.links if link not in state.links]
        return


def _title_first(lines: list[Line]) -> None:
    """Read the document's title (the person's name) first, wherever it sits: a template
    may put it at the top of its right column, after a sidebar read before it, or in a
    text box. The title is the first ``Title``-style line, else the one line in the largest
    type when that is at least 1.5x the body text and has two words or more (not a
    monogram); it moves only when it reads like a name (a few words, no digits, no contact
    detail, not a section heading). The lines printed under it before the next heading
    (a headline, contact details) move with it."""
    if len(lines) < 2:
        return
    at = next((i for i, ln in enumerate(lines) if ln.style == "Title"), None)
    words = 1
    if at is None:
        words = 2
        weights: Counter[float] = Counter()
        for ln in lines:
            weights[ln.size] += len(ln.text)
        body = weights.most_common(1)[0][0]
        top = max(ln.size for ln in lines)
        biggest = [i for i, ln in enumerate(lines) if ln.size > top - 0.5]
        if len(biggest) != 1 or top < 1.5 * body:
            return
        at = biggest[0]
    line = lines[at]
    text = line.text
    if (
        at == 0
        or line.bullet
        or "\t" in text
        or len(text) > 40
        or not words <= len(text.split()) <= 5
        or any(ch.isdigit() or ch in "@/:|" for ch in text)
        or heading_kind(text) is not None
    ):
        return
    # The lines between the name and the next heading (a headline, contact details) come
    # with it, when a heading follows within a few lines.
    end = at + 1
    for k in range(at + 1, min(at + 1 + _TITLE_BLOCK, len(lines))):
        ln = lines[k]
        if ln.heading_hint or ("\t" not in ln.text and heading_kind(ln.text) is not None):
            end = k
            break
    moved = [*lines[at:end], *lines[:at]]
    _restamp(moved)
    lines[:end] = moved


@dataclass(frozen=True, slots=True)
class _ArchiveInfo:
    cached_pages: int
    has_media: bool


def _check_archive(data: bytes, limits: LimitSettings) -> _ArchiveInfo:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            inflated = sum(info.file_size for info in infos)
            if inflated > _MAX_INFLATE_FACTOR * limits.max_file_bytes:
                raise TooLarge(
                    "This Word file expands to more than "
                    f"{_MAX_INFLATE_FACTOR * limits.max_file_bytes // 1_048_576} MB. Please "
                    "export it as a PDF, or remove large embedded files, and send it again."
                )
            names = {info.filename for info in infos}
            app = archive.read("docProps/app.xml")[:65536] if "docProps/app.xml" in names else b""
    except zipfile.BadZipFile as exc:
        raise Corrupt() from exc
    # Word caches its last page count in the extended properties (<Pages>); other writers
    # (python-docx, converters) often leave a stale or absent value, so breaks are counted too.
    found = re.search(rb"<(?:\w+:)?Pages>(\d+)</", app)
    return _ArchiveInfo(
        cached_pages=int(found.group(1)) if found else 0,
        has_media=any(n.startswith("word/media/") for n in names),
    )


# --- block level ----------------------------------------------------------------------------


def _blocks(container: Any, part: Any, styles: _Styles, state: _State) -> Iterator[Line]:
    """Lines of the paragraphs and tables directly in ``container`` (body, cell, text box)."""
    for child in container:
        tag = child.tag
        if tag == W_P:
            yield from _paragraph(child, part, styles, state)
        elif tag == W_TBL:
            yield from _table(child, part, styles, state)
        elif tag in _BLOCK_CONTAINERS:
            yield from _blocks(child, part, styles, state)


@dataclass(slots=True)
class _Cell:
    lines: list[Line]
    col: int  # first grid column
    width: int  # twips from the table grid (0 = unknown)
    merged: bool  # part of a vertical merge (a column running down several rows)


def _table(tbl: Any, part: Any, styles: _Styles, state: _State) -> Iterator[Line]:
    """Lines of a table in reading order.

    A layout table (a Word template's columns: at most 3 wide cells side by side, in at most
    2 rows or in a vertical merge, one cell holding a column of text) is read column by
    column: the whole left column, then the next. Rows whose cells are one line each ("Name |
    Headline", "Title | Dates") and single-cell rows spanning the table are read where they
    stand. Any other table is a data table, read row by row (a skills grid, a date margin).
    Nested tables are read through their cell.
    """
    grid_el = tbl.find(qn("w:tblGrid"))
    grid = [
        _int(g.get(qn("w:w")))
        for g in (grid_el.findall(qn("w:gridCol")) if grid_el is not None else [])
    ]
    rows = [
        _row_cells(row, grid, part, styles, state)
        for row in tbl.iter(W_TR)
        if _nearest(row, W_TBL) is tbl  # a nested table's rows are read through its cell
    ]
    if _is_label_table(rows):
        lines = _label_order(rows)
    elif _is_layout(rows, grid):
        lines = _layout_order(rows)
    else:
        lines = _row_order(rows)
    _restamp(lines)
    yield from lines


def _int(value: str | None) -> int:
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


def _row_cells(row: Any, grid: list[int], part: Any, styles: _Styles, state: _State) -> list[_Cell]:
    trpr = row.find(qn("w:trPr"))
    before = trpr.find(qn("w:gridBefore")) if trpr is not None else None
    col = _int(before.get(W_VAL)) if before is not None else 0
    cells: list[_Cell] = []
    for child in row:
        if child.tag not in (W_TC, W_SDT):
            continue
        tc = child if child.tag == W_TC else next(child.iter(W_TC), None)
        tcpr = tc.find(qn("w:tcPr")) if tc is not None else None
        span_el = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
        span = max(_int(span_el.get(W_VAL)), 1) if span_el is not None else 1
        merged = tcpr is not None and tcpr.find(qn("w:vMerge")) is not None
        lines = list(_blocks(child, part, styles, state))
        cells.append(_Cell(lines, col, sum(grid[col : col + span]), merged))
        col += span
    return cells


def _one_line_row(cells: list[_Cell]) -> bool:
    """Two or more filled cells of one line each, none part of a vertical merge."""
    filled = [c for c in cells if c.lines]
    return (
        len(filled) >= 2
        and all(len(c.lines) == 1 for c in filled)
        and not any(c.merged for c in cells)
    )


def _is_layout(rows: list[list[_Cell]], grid: list[int]) -> bool:
    """A page-layout table: 2-3 wide filled cells side by side, in at most 2 rows (not
    counting one-line and single-cell rows) unless a cell is merged down the rows, with a
    cell holding a column of text (3+ lines).

    Read column by column or row by row, a single row gives the same order; with two rows
    a section heading in the cells must show they are page columns, not two records
    ("dates | role and bullets" rows of an experience table).
    """
    side = [r for r in rows if sum(1 for c in r if c.lines) >= 2 and not _one_line_row(r)]
    merged = any(c.merged for r in rows for c in r)
    if not side or (len(side) > 2 and not merged):
        return False
    if len(side) == 2 and not merged and not any(_has_heading(c) for r in side for c in r):
        return False
    if any(sum(1 for c in r if c.lines) > 3 for r in side):
        return False
    if not any(len(c.lines) >= 3 for r in side for c in r):
        return False
    total = sum(grid)
    # Wide: a filled cell narrower than a fifth of the table is a data cell (a date margin).
    return all(
        not total or not c.width or c.width >= 0.2 * total for r in side for c in r if c.lines
    )


def _label_text(cell: _Cell) -> str | None:
    """The cell's text when it reads as a section label: one short line (at most 4 words and
    40 characters, no digits, "@" or tab), a known section name or in capitals."""
    if len(cell.lines) != 1:
        return None
    ln = cell.lines[0]
    text = ln.text.strip()
    if not text or "\t" in text or "@" in text or len(text) > 40 or len(text.split()) > 4:
        return None
    if any(ch.isdigit() for ch in text):
        return None
    if heading_kind(text) is None and not ln.heading_hint and not (ln.caps or text.isupper()):
        return None
    return text


def _is_label_table(rows: list[list[_Cell]]) -> bool:
    """A "label | content" table (a Word template with one row per section): every row with
    two or more filled cells has exactly two, the left one a section label (see
    :func:`_label_text`), at least two of them known section names, and the right cells
    carrying the text (one of them 2+ lines, more characters than the labels)."""
    pairs = [[c for c in r if c.lines] for r in rows if sum(1 for c in r if c.lines) >= 2]
    if len(pairs) < 2 or any(len(p) != 2 for p in pairs):
        return False
    labels = [_label_text(p[0]) for p in pairs]
    if any(label is None for label in labels):
        return False
    if sum(1 for label in labels if label and heading_kind(label) is not None) < 2:
        return False
    left = sum(len(ln.text) for p in pairs for ln in p[0].lines)
    right = sum(len(ln.text) for p in pairs for ln in p[1].lines)
    return right > 2 * left and any(len(p[1].lines) >= 2 for p in pairs)


def _label_order(rows: list[list[_Cell]]) -> list[Line]:
    """Rows of a label table as heading + content: the label line, marked as a heading, then
    the right cell's lines; other rows where they stand."""
    out: list[Line] = []
    for row in rows:
        filled = [c for c in row if c.lines]
        if len(filled) == 2:
            label = filled[0].lines[0]
            label.heading_hint = label.section_label = True
            out.append(label)
            out.extend(filled[1].lines)
        else:
            out.extend(_row_lines(row))
    return out


def _has_heading(cell: _Cell) -> bool:
    return any(
        ln.heading_hint or ("\t" not in ln.text and heading_kind(ln.text) is not None)
        for ln in cell.lines
    )


def _layout_order(rows: list[list[_Cell]]) -> list[Line]:
    out: list[Line] = []
    run: list[list[_Cell]] = []

    def flush() -> None:
        for col in sorted({c.col for r in run for c in r}):
            for r in run:
                out.extend(line for c in r if c.col == col for line in c.lines)
        run.clear()

    for row in rows:
        if _one_line_row(row) or len(row) == 1:
            flush()
            out.extend(_row_lines(row))
        else:
            run.append(row)
    flush()
    return out


def _row_order(rows: list[list[_Cell]]) -> list[Line]:
    return [line for row in rows for line in _row_lines(row)]


def _row_lines(cells: list[_Cell]) -> list[Line]:
    filled = [c.lines for c in cells if c.lines]
    # "Title | Dates" rows: one short line per cell reads as one tab-separated line, the
    # way the same layout made with a tab stop would; not when the cells differ in
    # typography ("Name | Headline": a 24 pt name beside 11 pt text, or a heading's cell).
    if len(filled) >= 2 and all(len(c) == 1 for c in filled):
        row = [c[0] for c in filled]
        sizes = [ln.size for ln in row]
        if max(sizes) > _JOIN_SIZE_RATIO * min(sizes) or any(ln.heading_hint for ln in row):
            return row
        first = row[0]
        first.text = "\t".join(ln.text for ln in row)
        first.links = [link for ln in row for link in ln.links]
        first.bold = sum(len(ln.text) for ln in row if ln.bold) * 2 >= len(first.text)
        first.x1 = first.x0 + _AVG_CHAR_WIDTH * first.size * len(first.text)
        return [first]
    return [line for c in filled for line in c]


def _restamp(lines: list[Line]) -> None:
    """Give lines read out of document order (layout columns) the vertical slots they took,
    in their new order, so ``y0`` still grows down the page in reading order."""
    slots = sorted((ln.page, ln.y0) for ln in lines)
    for ln, (page, y0) in zip(lines, slots, strict=True):
        ln.page, ln.y0, ln.y1 = page, y0, y0 + ln.size


def _nearest(el: Any, tag: str) -> Any:
    parent = el.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


# --- paragraph level ------------------------------------------------------------------------


def _paragraph(p: Any, part: Any, styles: _Styles, state: _State) -> Iterator[Line]:
    ppr = p.find(qn("w:pPr"))
    style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
    pstyle = styles.paragraph(style_el.get(W_VAL) if style_el is not None else None)
    if ppr is not None and _on(ppr.find(qn("w:pageBreakBefore"))):
        state.hard_breaks += 1
    pieces: list[_Piece] = []
    links: list[str] = []
    _inline(p, part, styles, pstyle.props, state, pieces, links)
    numbered = _has_numbering(ppr)
    bullet = bool(numbered if numbered is not None else pstyle.numbered)
    heading = pstyle.heading
    indent = _twips_left(ppr)
    if indent is None:
        indent = pstyle.indent
    if indent is None:
        indent = _LIST_INDENT if bullet else 0.0
    state.links += [link for link in links if link not in state.links]

    text = "".join(piece.text for piece in pieces)
    first = True
    for raw in text.split("\n"):
        line = _make_line(raw, pieces, pstyle, state, indent=indent)
        if line is None:
            continue
        # The paragraph's first line carries its list bullet and links; the parts after a
        # manual line break continue it (paragraph_start False).
        line.paragraph_start = first
        if first:
            line.bullet = line.bullet or bullet
            line.links = list(links)
            first = False
        line.heading_hint = heading
        yield line
    if not text.strip():
        _advance(state, pstyle.props.size or _DEFAULT_SIZE)

    # Text boxes anchored in this paragraph, each read once (not again from mc:Fallback),
    # after the anchor's own text.
    for box in p.iter(W_TXBX):
        if _inside_fallback_or_box(box, p):
            continue
        yield from _blocks(box, part, styles, state)

    # A section break at the end of this paragraph starts a new page unless "continuous".
    sect = ppr.find(qn("w:sectPr")) if ppr is not None else None
    if sect is not None:
        kind = sect.find(qn("w:type"))
        if kind is None or kind.get(W_VAL) in ("nextPage", "oddPage", "evenPage"):
            state.hard_breaks += 1


def _inside_fallback_or_box(box: Any, p: Any) -> bool:
    parent = box.getparent()
    while parent is not None and parent is not p:
        if parent.tag in (_MC_FALLBACK, W_TXBX):
            return True
        parent = parent.getparent()
    return False


def _inline(
    el: Any,
    part: Any,
    styles: _Styles,
    para_props: _Props,
    state: _State,
    pieces: list[_Piece],
    links: list[str],
) -> None:
    """Collect the displayed text of a paragraph's runs, in order, into ``pieces``."""
    for child in el:
        tag = child.tag
        if tag == W_R:
            _run(child, styles, para_props, state, pieces, links)
        elif tag == W_HYPERLINK:
            rid = child.get(_R_ID)
            rel = part.rels.get(rid) if rid else None
            if rel is not None and rel.is_external and rel.target_ref not in links:
                links.append(rel.target_ref)
            _inline(child, part, styles, para_props, state, pieces, links)
        elif tag in _INLINE_CONTAINERS:
            if tag == W_FLD_SIMPLE:  # <w:fldSimple w:instr='HYPERLINK "https://..."'>
                found = _HYPERLINK_FIELD.search(child.get(qn("w:instr"), ""))
                if found and found.group(1) not in links:
                    links.append(found.group(1))
            _inline(child, part, styles, para_props, state, pieces, links)
        elif tag == _MC_ALTERNATE:
            choice = child.find(_MC_CHOICE)
            if choice is not None:
                _inline(choice, part, styles, para_props, state, pieces, links)


def _run(
    r: Any,
    styles: _Styles,
    para_props: _Props,
    state: _State,
    pieces: list[_Piece],
    links: list[str],
) -> None:
    rpr = r.find(qn("w:rPr"))
    if rpr is not None and _on(rpr.find(qn("w:vanish"))):
        return  # hidden text is not on the page
    rstyle = rpr.find(qn("w:rStyle")) if rpr is not None else None
    char = styles.character(rstyle.get(W_VAL) if rstyle is not None else None)
    props = _rpr_props(rpr).under(char.under(para_props))
    out: list[str] = []
    for child in r:
        tag = child.tag
        if tag == W_T:
            out.append(child.text or "")
        elif tag in (W_TAB, W_PTAB):
            out.append("\t")
        elif tag == W_BR:
            if child.get(qn("w:type")) == "page":
                state.hard_breaks += 1
            out.append("\n")
        elif tag == W_CR:
            out.append("\n")
        elif tag == W_NBHYPHEN:
            out.append("-")
        elif tag == W_RENDERED_BREAK:
            state.rendered_breaks += 1
        elif tag == W_INSTR:
            found = _HYPERLINK_FIELD.search(child.text or "")
            if found and found.group(1) not in links:
                links.append(found.group(1))
    if out:
        pieces.append(_Piece("".join(out), props))


def _make_line(
    raw: str, pieces: list[_Piece], pstyle: _ParaStyle, state: _State, *, indent: float
) -> Line | None:
    text = raw.strip()
    if not text:
        return None
    bullet = False
    glyph = _BULLET_START.match(text)
    if glyph:
        text, bullet = text[glyph.end() :], True
    # Dominant typography by character count over the whole paragraph (the pieces are not
    # split at manual line breaks; paragraphs with mixed typography across breaks are rare).
    weights: Counter[tuple[bool, bool, float, bool]] = Counter()
    for piece in pieces:
        n = sum(not ch.isspace() for ch in piece.text)
        props = piece.props
        weights[(bool(props.bold), bool(props.italic), props.size or 0.0, bool(props.caps))] += n
    if weights:
        (bold, italic, size, caps), _ = weights.most_common(1)[0]
    else:
        p = pstyle.props
        bold, italic, size, caps = bool(p.bold), bool(p.italic), p.size or 0.0, bool(p.caps)
    size = size or _DEFAULT_SIZE
    if state.page != state.last_page:
        state.last_page, state.y = state.page, 0.0
    y0 = state.y
    _advance(state, size)
    return Line(
        text=text,
        page=state.page,
        x0=indent,
        y0=y0,
        x1=indent + _AVG_CHAR_WIDTH * size * len(text),
        y1=y0 + size,
        size=size,
        bold=bold,
        italic=italic,
        caps=caps,
        bullet=bullet,
        indent=indent,
        style=pstyle.name,
    )


def _advance(state: _State, size: float) -> None:
    if state.page != state.last_page:
        state.last_page, state.y = state.page, 0.0
    state.y += size * _LINE_FACTOR
