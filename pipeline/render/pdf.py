"""The resume PDF: one clean ATS-friendly template rendered with reportlab platypus.

Single column, selectable text in embedded TrueType subsets (see :mod:`fonts`), standard bold
headings with a rule, dates right-aligned on the entry line, "•" bullets, the person's name as
the PDF title. The layout is described in :mod:`pipeline.render.content`.

Lines with Arabic or Hebrew are shaped, broken and reordered by :mod:`pipeline.render.rtl`;
paragraphs whose base direction is right to left are right-aligned (bullet on the right), and
an entry line whose title is RTL is mirrored (title right, dates left). Labelled entries
("Label: text") with RTL text print unbolded as one RTL paragraph.
"""

from __future__ import annotations

import io
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from pipeline.model import Resume
from pipeline.render import fonts, rtl
from pipeline.render.content import CONTACT_SEPARATOR, EntryPlan, Plan, plan
from pipeline.render.page import a4_document

MARGIN = 18 * mm
BULLET = "•"
_GAP = 8.0  # points between a left text and its right-aligned companion
_KEEP_HEADING = 72.0  # points: a section heading needs room for itself and an entry's start
_KEEP_ENTRY = 45.0  # points: an entry's head lines and first bullet stay on one page
_WHOLE_MAX_CHARS = 1500  # ~12 lines: longer paragraphs may split across pages


@cache
def _style(role: str, cjk: bool = False, family: fonts.Family = fonts.PRIMARY) -> ParagraphStyle:
    """Paragraph styles by role; ``cjk`` variants break lines between any two ideographs;
    ``family`` variants set a paragraph wholly in one fallback font (no markup needed)."""
    font, bold = family.name, family.bold_name
    # Leading >= 1.42 x size: Noto Sans' ascender + descender span 1.362 em, so tighter leading
    # makes extracted line boxes overlap, and parsers (ours included) read overlapping lines
    # as something other than a wrapped continuation.
    base = {
        "name": {"fontName": bold, "fontSize": 20, "leading": 24, "spaceAfter": 2},
        # Between the name (20 pt) and the contact line (9.5 pt), so a parser tells all three
        # apart by size.
        "headline": {"fontName": font, "fontSize": 11.5, "leading": 16.5, "spaceAfter": 2},
        "contact": {"fontName": font, "fontSize": 9.5, "leading": 13.5, "spaceAfter": 4},
        "heading": {
            "fontName": bold,
            "fontSize": 12,
            "leading": 15,
            "spaceBefore": 9,
            "spaceAfter": 5,  # room for the rule drawn 2.5 pt under the baseline
        },
        # 11 pt, not 10.5 like the organization line: CJK text has no bold face, so the size
        # alone must tell the two head lines apart.
        "entry": {"fontName": bold, "fontSize": 11, "leading": 15.5, "spaceBefore": 4},
        # The organization line is 10.5 pt, not the 10 pt body size: parsers (ours: same size
        # and weight = body text) then read it as part of the entry's head, not as free text.
        "sub": {"fontName": font, "fontSize": 10.5, "leading": 15},
        "right-entry": {"fontName": font, "fontSize": 10, "leading": 15.5, "alignment": TA_RIGHT},
        "right-sub": {"fontName": font, "fontSize": 10, "leading": 15, "alignment": TA_RIGHT},
        "body": {"fontName": font, "fontSize": 10, "leading": 14.2, "spaceBefore": 1},
        "bullet": {
            "fontName": font,
            "fontSize": 10,
            "leading": 14.2,
            "leftIndent": 13,
            "bulletIndent": 3,
            "bulletFontName": fonts.PRIMARY.name,  # "•" always in Noto Sans
            "spaceBefore": 1,
        },
    }[role]
    name = f"re-{role}-{family.name}{'-cjk' if cjk else ''}"
    return ParagraphStyle(name, wordWrap="CJK" if cjk else None, **base)  # type: ignore[arg-type]


class _Whole(Paragraph):
    """A paragraph that moves to the next page whole instead of splitting: a bullet cut by a
    page break reads as a bullet plus stray text to extractors (ours joins wrapped lines
    within a page only). Paragraphs longer than :data:`_WHOLE_MAX_CHARS` may still split,
    since one taller than a page could not be placed at all."""

    def __init__(self, text: str, *args: object, **kwargs: object) -> None:
        super().__init__(text, *args, **kwargs)  # type: ignore[arg-type]
        self._chars = len(text) if text is not None else _WHOLE_MAX_CHARS + 1  # split parts

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if self._chars > _WHOLE_MAX_CHARS:
            return super().split(availWidth, availHeight)
        return []


def _para(text: str, role: str, cls: type[Paragraph] = Paragraph, **kwargs: object) -> Paragraph:
    cjk = fonts.has_cjk(text)
    if rtl.has_rtl(text):
        return rtl.paragraph_class(cls)(text, _style(role, cjk), **kwargs)  # type: ignore[arg-type]
    family = fonts.sole_family(text)
    if family is not None:
        return cls(escape(text), _style(role, cjk, family), **kwargs)  # type: ignore[arg-type]
    return cls(fonts.markup(text), _style(role, cjk), **kwargs)  # type: ignore[arg-type]


def _width(text: str, style: ParagraphStyle) -> float:
    """Printed width of one line of ``text`` in points, per fallback run."""
    if rtl.has_rtl(text):
        return rtl.width(rtl.shape(text), style)
    bold = style.fontName == fonts.PRIMARY.bold_name
    return sum(
        stringWidth(chunk, fam.bold_name if bold else fam.name, style.fontSize)
        for fam, chunk in fonts.runs(text)
    )


class _Heading(Paragraph):
    """A section heading with a thin rule under it (one flowable, not a paragraph + rule)."""

    def draw(self) -> None:
        super().draw()
        self.canv.setLineWidth(0.6)
        self.canv.line(0, -2.5, self.width, -2.5)


class SplitLine(Flowable):
    """A left paragraph with a short right-aligned text (entry dates) on its first line.

    The right part gets its natural width, at most 40 % of the line. When the left text would
    not fit on one line beside it, the left text takes the full width and the right text goes
    right-aligned on a line of its own below: a head line wrapped into a narrow column is
    harder to read, for people and for parsers, than one that wraps less or not at all.
    A right-to-left left text mirrors the line: it goes right, the dates left.
    """

    def __init__(self, left: str, right: str, left_role: str) -> None:
        super().__init__()
        style = _style(left_role)
        self.left = _para(left, left_role)
        self.right = _para(right, f"right-{left_role}") if right else None
        self._left_width = _width(left, style)
        self._right_width = _width(right, _style(f"right-{left_role}")) + 1 if right else 0.0
        self.spaceBefore = style.spaceBefore
        self._stacked = False
        self._mirrored = rtl.has_rtl(left) and rtl.is_rtl(left)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        rw = min(self._right_width, availWidth * 0.4)
        lw = availWidth - rw - (_GAP if self.right else 0)
        self._stacked = self.right is not None and self._left_width > lw
        _, lh = self.left.wrap(availWidth if self._stacked else lw, availHeight)
        rh = self.right.wrap(rw, availHeight)[1] if self.right else 0.0
        self._rw, self.width = rw, availWidth
        self.height = lh + rh if self._stacked else max(lh, rh)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        right_x = 0.0 if self._mirrored else self.width - self._rw
        left_x = 0.0
        if self._mirrored and not self._stacked and self.right is not None:
            left_x = self._rw + _GAP
        self.left.drawOn(canvas, left_x, self.height - self.left.height)
        if self.right is None:
            return
        if self._stacked:
            self.right.drawOn(canvas, right_x, 0)
            return
        # platypus puts a first baseline one font size below the top: share the baseline
        drop = self.left.style.fontSize - self.right.style.fontSize
        self.right.drawOn(canvas, right_x, self.height - self.right.height - drop)


def _entry(entry: EntryPlan) -> list[Flowable]:
    out: list[Flowable] = []
    if entry.label:
        text = f"{entry.label}: {entry.text_lines[0]}"
        if rtl.has_rtl(text):
            return [_para(text, "body"), *_bullets(entry)]
        label = fonts.markup(f"{entry.label}:")
        body = fonts.markup(f" {entry.text_lines[0]}")
        out.append(Paragraph(f"<b>{label}</b>{body}", _style("body", fonts.has_cjk(text))))
    else:
        first, second = entry.lines()
        if first or entry.dates:
            out.append(SplitLine(first, entry.dates, "entry"))
        if second:
            out.append(_para(second, "sub"))
        out += [_para(line, "body", _Whole) for line in entry.text_lines]
    return out + _bullets(entry)


def _bullets(entry: EntryPlan) -> list[Flowable]:
    return [_para(b, "bullet", _Whole, bulletText=BULLET) for b in entry.bullets]


def _shown(item: str) -> str:
    """A one-line item as drawn: RTL text shaped and in visual order (items never wrap)."""
    if rtl.has_rtl(item):
        shaped = rtl.shape(item)
        return rtl.visual(shaped, rtl.is_rtl(item))
    return item


def _contact_item(item: str, p: Plan) -> str:
    text = fonts.markup(_shown(item))
    if item == p.email:
        return f'<a href="mailto:{text}">{text}</a>'
    if item in p.links and "." in item and " " not in item:
        href = item if "://" in item else f"https://{item}"
        return f'<a href="{fonts.markup(href)}">{text}</a>'
    return text


def _contact_line(p: Plan, width: float) -> Paragraph:
    """Contact items joined by " | ", broken only between items (never inside an e-mail
    address or a link, never leaving a dangling separator)."""
    style = _style("contact", fonts.has_cjk(" ".join(p.contact_items)))
    lines: list[list[str]] = [[]]
    used = 0.0
    sep = _width(CONTACT_SEPARATOR, style)
    for item in p.contact_items:
        w = _width(item, style)
        if lines[-1] and used + sep + w > width:
            lines.append([])
            used = 0.0
        used += (sep if lines[-1] else 0.0) + w
        lines[-1].append(_contact_item(item, p))
    return Paragraph("<br/>".join(CONTACT_SEPARATOR.join(line) for line in lines), style)


def story(p: Plan, width: float) -> list[Flowable]:
    """The flowables of the template for plan ``p``."""
    out: list[Flowable] = []
    if p.name:
        out.append(_para(p.name, "name"))
    if p.headline:
        out.append(_para(p.headline, "headline"))
    if p.contact_items:
        out.append(_contact_line(p, width))
    for section in p.sections:
        # CondPageBreak, not keepWithNext: keeping a heading with its first entry this way
        # costs nothing, while keepWithNext wraps every group twice (a third of build time).
        out.append(CondPageBreak(_KEEP_HEADING))
        title = section.title
        style = _style("heading", fonts.has_cjk(title))
        if rtl.has_rtl(title):
            out.append(rtl.paragraph_class(_Heading)(title, style))
        else:
            out.append(_Heading(fonts.markup(title), style))
        for entry in section.entries:
            out.append(CondPageBreak(_KEEP_ENTRY))
            out += _entry(entry)
        out.append(Spacer(1, 2))
    return out


def render_pdf(resume: Resume) -> bytes:
    """Render ``resume`` with the standard template.

    Returns:
        PDF bytes (A4, fonts embedded as TrueType subsets, title/author = the person's name,
        document language from ``resume.language``). Deterministic for the same input.
    """
    fonts.ensure(fonts.PRIMARY)
    p = plan(resume)
    buf = io.BytesIO()
    doc = a4_document(
        buf,
        margin=MARGIN,
        title=p.name or "Resume",
        author=p.name,
        subject="Resume",
        lang=p.language or "en",
        displayDocTitle=True,
    )
    doc.build(story(p, doc.width) or [Spacer(1, 1)], canvasmaker=Canvas)
    return buf.getvalue()
