"""The change report PDF (separate from the resume).

Page 1 is the overview: title, the headline score ``before → after``, hidden text the parser
dropped from the original (the ``hidden_text`` finding, worded as in the summaries), a bar
chart of each category's score before and after (percent of the category's maximum, reportlab
graphics), the job-description keyword match when there is one (beside the score, never
folded into it), then the most important changes (ranked as the chat and e-mail summaries rank
them: :func:`ranked`), the first suggestions and the notes. When every change and suggestion fits on
that page in full, that is the whole report. Otherwise the overview shows the top changes
(their text cut to a line or two) and the following pages list every change and every
suggestion in full, grouped by the resume section they belong to, in reading order; nothing is
left out. A suggestions heading counts what it lists: several suggestions for one bullet are
one item, so "Suggestions (17 on 12 bullets)". The footer numbers the pages ("Page 2 of 3").

Text with Arabic or Hebrew is shaped and reordered per line (:mod:`pipeline.render.rtl`); a
change item with RTL text prints unbolded as one paragraph. All user text goes through
:func:`pipeline.render.fonts.markup` (escaped for reportlab's paragraph markup). Same input,
same bytes (``invariant=True``, stable sorts).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from pipeline.model import Analysis, Change, ChangeSet, KeywordMatch, Resume
from pipeline.render import fonts, rtl
from pipeline.render.page import a4_document
from pipeline.summary import hidden_text_item, no_changes_text, ranked

MARGIN = 16 * mm
_BEFORE, _AFTER = colors.HexColor("#9aa5b1"), colors.HexColor("#1f6feb")
_FOOTER = colors.HexColor("#57606a")
_MAX_CHANGE_TEXT = 160  # characters of before/after per change in a multi-page overview
_MAX_TERMS = 25  # keywords listed per overview line; the full lists follow on later pages
_TOP_CHANGES = 10  # changes in a multi-page overview at most (the summaries' default limit)
_TOP_SUGGESTIONS = 3  # suggestions (distinct reasons) in a multi-page overview
# The frame pads 6 pt on each side.
_WIDTH, _HEIGHT = A4[0] - 2 * MARGIN - 12, A4[1] - 2 * MARGIN - 12
_SECTION = re.compile(r"(?:section:|s)(\d+)(?=$|[-/])")


def _style(role: str) -> ParagraphStyle:
    font, bold = fonts.PRIMARY.name, fonts.PRIMARY.bold_name
    spec = {
        "title": {"fontName": bold, "fontSize": 16, "leading": 20},
        "score": {
            "fontName": bold,
            "fontSize": 13,
            "leading": 17,
            "spaceBefore": 2,
            "spaceAfter": 4,
        },
        "h": {
            "fontName": bold,
            "fontSize": 11.5,
            "leading": 14,
            "spaceBefore": 8,
            "spaceAfter": 2,
            "keepWithNext": 1,
        },
        "sub": {
            "fontName": bold,
            "fontSize": 9.5,
            "leading": 12,
            "spaceBefore": 4,
            "keepWithNext": 1,
        },
        "body": {"fontName": font, "fontSize": 9, "leading": 11.5},
        "item": {
            "fontName": font,
            "fontSize": 8.5,
            "leading": 10.5,
            "leftIndent": 10,
            "bulletIndent": 1,
            "spaceBefore": 2,
        },
    }[role]
    return ParagraphStyle(f"report-{role}", **spec)  # type: ignore[arg-type]


def _p(text: str, role: str = "body", **kwargs: object) -> Paragraph:
    if rtl.has_rtl(text):
        return rtl.RtlParagraph(fonts.printable(text), _style(role), **kwargs)  # type: ignore[arg-type]
    return Paragraph(fonts.markup(fonts.printable(text)), _style(role), **kwargs)  # type: ignore[arg-type]


def _clip(text: str, limit: int | None = _MAX_CHANGE_TEXT) -> str:
    text = fonts.printable(text)
    return text if limit is None or len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _terms(terms: Sequence[str], limit: int | None = _MAX_TERMS) -> str:
    shown = ", ".join(terms[:limit])
    more = len(terms) - limit if limit is not None else 0
    return f"{shown}, and {more} more" if more > 0 else shown or "none"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _chart(before: Analysis, after: Analysis, width: float) -> Drawing:
    """Horizontal bars, one pair per category, in percent of the category maximum."""
    after_by_name = {c.name: c for c in after.categories}
    names = [c.name for c in before.categories] or [c.name for c in after.categories]
    names += [n for n in after_by_name if n not in names]
    before_by_name = {c.name: c for c in before.categories}

    def pct(cat: object) -> float:
        if cat is None or not cat.max_score:  # type: ignore[attr-defined]
            return 0.0
        return round(100 * cat.score / cat.max_score, 1)  # type: ignore[attr-defined]

    # HorizontalBarChart draws the first category at the bottom; reverse to read top-down.
    names = names[::-1]
    data = [
        [pct(before_by_name.get(n)) for n in names],
        [pct(after_by_name.get(n)) for n in names],
    ]
    height = max(60, 26 * len(names) + 30)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 90, 24
    chart.width, chart.height = width - 180, height - 34
    chart.data = data
    chart.categoryAxis.categoryNames = [n.capitalize() for n in names]
    chart.categoryAxis.labels.fontName = fonts.PRIMARY.name
    chart.categoryAxis.labels.fontSize = 8.5
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = fonts.PRIMARY.name
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.bars[0].fillColor, chart.bars[1].fillColor = _BEFORE, _AFTER
    chart.bars.strokeColor = None
    chart.barSpacing, chart.groupSpacing = 1, 6
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 80, height - 8
    legend.fontName, legend.fontSize = fonts.PRIMARY.name, 8
    legend.alignment = "right"
    legend.colorNamePairs = [(_BEFORE, "Before"), (_AFTER, "After")]
    drawing.add(legend)
    return drawing


def _change_item(change: Change, limit: int | None = _MAX_CHANGE_TEXT) -> Paragraph:
    both = change.before and change.after and change.before != change.after
    if rtl.has_rtl(f"{change.reason} {change.before} {change.after}"):
        # The arrow must point from "before" to "after" in the line's reading direction:
        # "←" in a right-to-left line, else "→" held left-to-right by LRMs (between two RTL
        # runs a bare "→" would take their direction and point backwards).
        before, after = _clip(change.before, limit), _clip(change.after, limit)
        detail = _clip(change.after or change.before, limit)
        if both:
            arrow = "←" if rtl.is_rtl(f"{change.reason} {before}") else "\u200e→\u200e"
            detail = f"{before} {arrow} {after}"
        return _p(f"{change.reason}: {detail}", "item", bulletText="•")
    reason = fonts.markup(fonts.printable(change.reason))
    if both:
        detail = (
            f"{fonts.markup(_clip(change.before, limit))} {fonts.markup('→')} "
            f"{fonts.markup(_clip(change.after, limit))}"
        )
    else:
        detail = fonts.markup(_clip(change.after or change.before, limit))
    return Paragraph(f"<b>{reason}</b>: {detail}", _style("item"), bulletText="•")


def _merged(suggestions: Iterable[Change]) -> list[Change]:
    """Consecutive suggestions about the same text become one item with their reasons joined
    ("open with an action verb; add a number"): every reason is kept, the text printed once."""
    out: list[Change] = []
    for s in suggestions:
        last = out[-1] if out else None
        if last is not None and (last.location, last.before, last.after) == (
            s.location,
            s.before,
            s.after,
        ):
            out[-1] = last.model_copy(update={"reason": f"{last.reason}; {s.reason}"})
        else:
            out.append(s)
    return out


def _suggestions_title(suggestions: Sequence[Change], items: Sequence[Change], shown: int) -> str:
    """The heading over ``shown`` of the merged ``items`` made from ``suggestions``: its count
    is of what is listed (one item per bullet, several suggestions merged into it), so
    "Suggestions (17 on 12 bullets)", never "(17)" over 12 lines."""
    total, n = len(suggestions), len(items)
    if n == total:
        return f"Suggestions ({total})" if shown >= n else f"Suggestions ({shown} of {total})"
    places = {s.location for s in items}
    where = _plural(n, "bullet") if len(places) == n else _plural(n, "item")
    if shown >= n:
        return f"Suggestions ({total} on {where})"
    return f"Suggestions ({shown} of {where}; {total} suggestions in all)"


def _notes(changes: ChangeSet) -> list[Paragraph]:
    notes = [_p(n, "item", bulletText="•") for n in changes.notes]
    if changes.rejected:
        notes.append(
            _p(
                f"{changes.rejected} rewrite(s) were refused because they would have "
                "added or dropped a fact.",
                "item",
                bulletText="•",
            )
        )
    return notes


def _head(before: Analysis, after: Analysis, name: str | None) -> list[Flowable]:
    title = f"Resume review: {name}" if name else "Resume review"
    out: list[Flowable] = [
        _p(title, "title"),
        _p(f"ATS score {before.score} → {after.score}", "score"),
    ]
    hidden = hidden_text_item(before, improved=True)
    if hidden is not None:
        out += [_p("Hidden text", "h"), _p(hidden, "item", bulletText="•")]
    if before.categories or after.categories:
        out.append(_chart(before, after, A4[0] - 2 * MARGIN))
    keywords = after.keywords or before.keywords
    if keywords is not None:
        out.append(_p("Job description match", "h"))
        line = f"{keywords.summary} terms, weighted coverage {keywords.coverage:.0%}"
        if before.keywords is not None and after.keywords is not None:
            line = (
                f"{keywords.summary} terms, weighted coverage "
                f"{before.keywords.coverage:.0%} → {after.keywords.coverage:.0%}"
            )
        out.append(_p(line))
        out.append(_p(f"Matched: {_terms(keywords.matched)}"))
        out.append(_p(f"Missing: {_terms(keywords.missing)}"))
        if keywords.stuffing:
            out.append(_p("Warning: some terms repeat so often that an ATS may flag stuffing."))
    return out


def _height(flowables: Iterable[Flowable]) -> float:
    total = 0.0
    for f in flowables:
        _, fh = f.wrap(_WIDTH, _HEIGHT)
        total += fh + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _whole(changes: ChangeSet) -> list[Flowable]:
    """Every change (most important first), suggestion and note in full: the one-page report."""
    out: list[Flowable] = []
    if changes.changes:
        out.append(_p(f"Changes ({len(changes.changes)})", "h"))
        out += [_change_item(c, None) for c in ranked(changes.changes)]
    else:
        out += [_p("Changes", "h"), _p(no_changes_text(changes), "item")]
    if changes.suggestions:
        merged = _merged(changes.suggestions)
        out.append(_p(_suggestions_title(changes.suggestions, merged, len(merged)), "h"))
        out += [_change_item(s, None) for s in merged]
    notes = _notes(changes)
    if notes:
        out += [_p("Notes", "h"), *notes]
    return out


def _fits(flowables: list[Flowable], height: float) -> bool:
    used = 0.0
    for f in flowables:  # stops measuring at the first item past the page
        used += _height([f])
        if used > height:
            return False
    return True


def _overview(changes: ChangeSet, head_height: float, height: float) -> list[Flowable]:
    """Page 1 of a longer report: the top changes that fit (cut to ``_MAX_CHANGE_TEXT``), the
    first suggestions, the notes and where the full list starts."""
    n, m = len(changes.changes), len(changes.suggestions)
    tail: list[Flowable] = []
    if m:
        seen: set[str] = set()
        first: list[Change] = []
        merged = _merged(changes.suggestions)
        for s in merged:
            if s.reason not in seen and len(first) < _TOP_SUGGESTIONS:
                seen.add(s.reason)
                first.append(s)
        title = _suggestions_title(changes.suggestions, merged, len(first))
        tail += [_p(title, "h"), *[_change_item(s) for s in first]]
    notes = _notes(changes)
    if notes:
        tail += [_p("Notes", "h"), *notes]
    counts = " and ".join(_plural(k, noun) for k, noun in ((n, "change"), (m, "suggestion")) if k)
    if counts:
        tail += [Spacer(1, 4), _p(f"All {counts}, in full and grouped by section: from page 2.")]
    room = height - head_height - _height(tail)
    top: list[Flowable] = []
    if n:
        room -= _height([_p("Most important changes", "h")])
        for change in ranked(changes.changes)[:_TOP_CHANGES]:
            item = _change_item(change)
            need = _height([item])
            if need > room and top:
                break
            top.append(item)
            room -= need
        title = f"Most important changes ({len(top)} of {n})" if len(top) < n else "Changes"
        top.insert(0, _p(title, "h"))
    else:
        top = [_p("Changes", "h"), _p(no_changes_text(changes), "item")]
    return [*top, *tail]


def _section_of(location: str) -> int | None:
    m = _SECTION.match(location)
    return int(m.group(1)) if m else None


def _listing(
    changes: ChangeSet, resume: Resume | None, keywords: KeywordMatch | None
) -> list[Flowable]:
    """Pages 2 onwards: every change and suggestion in full, under the section it belongs to
    (in the resume's order; within a section, changes then suggestions, in reading order)."""
    groups: dict[int | None, tuple[list[Change], list[Change]]] = {}
    for change in changes.changes:
        groups.setdefault(_section_of(change.location), ([], []))[0].append(change)
    for s in changes.suggestions:
        groups.setdefault(_section_of(s.location), ([], []))[1].append(s)
    renamed = {_section_of(c.location): c.after for c in changes.changes if c.kind == "heading"}

    def title(index: int | None) -> str:
        if index is None:
            return "Elsewhere in the resume"
        if resume is not None and index < len(resume.sections):
            section = resume.sections[index]
            return section.title.strip() or section.kind.value.capitalize()
        return renamed.get(index) or f"Section {index + 1}"

    out: list[Flowable] = [_p("Every change and suggestion, by section", "score")]
    for index in sorted(groups, key=lambda i: (i is None, i or 0)):
        section_changes, suggestions = groups[index]
        out.append(_p(title(index), "h"))
        if section_changes:
            out.append(_p(f"Changes ({len(section_changes)})", "sub"))
            out += [_change_item(c, None) for c in section_changes]
        if suggestions:
            merged = _merged(suggestions)
            out.append(_p(_suggestions_title(suggestions, merged, len(merged)), "sub"))
            out += [_change_item(s, None) for s in merged]
    if keywords is not None and max(len(keywords.matched), len(keywords.missing)) > _MAX_TERMS:
        out += [
            _p("Job description terms", "h"),
            _p(f"Matched: {_terms(keywords.matched, None)}"),
            _p(f"Missing: {_terms(keywords.missing, None)}"),
        ]
    return out


class _PageMark(Flowable):  # type: ignore[misc]
    """Zero-size; remembers the page it was laid out on (where the overview ended)."""

    def __init__(self) -> None:
        super().__init__()
        self.page = 0

    def wrap(self, *_: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.page = self.canv.getPageNumber()


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds every page until the end so each footer can say "Page N of M"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.saveState()
            self.setFont(fonts.PRIMARY.name, 7.5)
            self.setFillColor(_FOOTER)
            self.drawCentredString(A4[0] / 2, MARGIN / 2, f"Page {self._pageNumber} of {total}")
            self.restoreState()
            super().showPage()
        super().save()


def _build(story: list[Flowable], name: str | None) -> tuple[bytes, int]:
    buf = io.BytesIO()
    doc = a4_document(
        buf,
        margin=MARGIN,
        title=f"Resume review: {name}" if name else "Resume review",
        author="Resume Engine",
        subject="ATS score before and after, keywords and changes",
    )
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buf.getvalue(), doc.page


def render_report(
    before: Analysis,
    after: Analysis,
    changes: ChangeSet,
    name: str | None = None,
    *,
    resume: Resume | None = None,
) -> bytes:
    """Render the change report.

    Args:
        before / after: analyses of the original and the improved resume.
        changes: the improver's change set (changes and suggestions, with reasons).
        name: the person's name for the title (printed only here, never logged).
        resume: the improved resume, for the section titles of the full list (without it a
            section is named by its new heading when it was renamed, else "Section N").

    Returns:
        PDF bytes, A4, fonts embedded: one page when everything fits on it in full, else the
        overview page and as many pages as the full list takes.
    """
    fonts.ensure(fonts.PRIMARY)

    def head() -> list[Flowable]:  # fresh flowables for each build
        return [*_head(before, after, name), Spacer(1, 4)]

    head_height = _height(head())
    whole = _whole(changes)
    if _fits(whole, _HEIGHT - 4 - head_height):
        pdf, pages = _build([*head(), *whole], name)
        if pages == 1:
            return pdf
    keywords = after.keywords or before.keywords
    # The measured fit is exact in practice; more slack only guards "page 1 is the overview"
    # against platypus rounding.
    for slack in (4, 40, 120):
        mark = _PageMark()
        story = [
            *head(),
            *_overview(changes, head_height, _HEIGHT - slack),
            mark,
            PageBreak(),
            *_listing(changes, resume, keywords),
        ]
        pdf, _pages = _build(story, name)
        if mark.page == 1:
            break
    return pdf
