"""The one-page change report PDF (separate from the resume).

Contents, top to bottom: title, the headline score ``before → after``, a bar chart of each
category's score before and after (percent of the category's maximum, reportlab graphics),
the job-description keyword match when there is one (beside the score, never folded into it),
then the changes with their reasons and the suggestions. Whatever does not fit on the page is
cut at an item boundary and replaced by "… and N more changes" so the report is always one page.
Text with Arabic or Hebrew is shaped and reordered per line (:mod:`pipeline.render.rtl`); a
change item with RTL text prints unbolded as one paragraph.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from pipeline.model import Analysis, Change, ChangeSet
from pipeline.render import fonts, rtl

MARGIN = 16 * mm
_BEFORE, _AFTER = colors.HexColor("#9aa5b1"), colors.HexColor("#1f6feb")
_MAX_CHANGE_TEXT = 160  # characters of before/after shown per change
_MAX_TERMS = 25  # keywords listed per line before "and N more"
_MIN_SHOWN = 3  # items of a later group (suggestions, notes) kept visible under a long list


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
        "h": {"fontName": bold, "fontSize": 11.5, "leading": 14, "spaceBefore": 8, "spaceAfter": 2},
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


def _clip(text: str, limit: int = _MAX_CHANGE_TEXT) -> str:
    text = fonts.printable(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _terms(terms: Sequence[str]) -> str:
    shown = ", ".join(terms[:_MAX_TERMS])
    more = len(terms) - _MAX_TERMS
    return f"{shown}, and {more} more" if more > 0 else shown or "none"


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


def _change_item(change: Change) -> Paragraph:
    both = change.before and change.after and change.before != change.after
    if rtl.has_rtl(f"{change.reason} {change.before} {change.after}"):
        # The arrow must point from "before" to "after" in the line's reading direction:
        # "←" in a right-to-left line, else "→" held left-to-right by LRMs (between two RTL
        # runs a bare "→" would take their direction and point backwards).
        before, after = _clip(change.before), _clip(change.after)
        detail = _clip(change.after or change.before)
        if both:
            arrow = "←" if rtl.is_rtl(f"{change.reason} {before}") else "\u200e→\u200e"
            detail = f"{before} {arrow} {after}"
        return _p(f"{change.reason}: {detail}", "item", bulletText="•")
    reason = fonts.markup(fonts.printable(change.reason))
    if both:
        detail = (
            f"{fonts.markup(_clip(change.before))} {fonts.markup('→')} "
            f"{fonts.markup(_clip(change.after))}"
        )
    else:
        detail = fonts.markup(_clip(change.after or change.before))
    return Paragraph(f"<b>{reason}</b>: {detail}", _style("item"), bulletText="•")


def _head(before: Analysis, after: Analysis, name: str | None) -> list[Flowable]:
    title = f"Resume review: {name}" if name else "Resume review"
    out: list[Flowable] = [
        _p(title, "title"),
        _p(f"ATS score {before.score} → {after.score}", "score"),
    ]
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


def _fit(
    fixed: list[Flowable],
    groups: list[tuple[str, list[Paragraph], str]],
    width: float,
    height: float,
) -> list[Flowable]:
    """Append each group's heading and items while they fit in ``height`` points; the first
    item that does not fit becomes "… and N more <noun>". Room for the heading and the first
    items of every later group is reserved, so a long change list cannot hide the suggestions."""

    def h(f: Flowable) -> float:
        _, fh = f.wrap(width, height)
        return fh + f.getSpaceBefore() + f.getSpaceAfter()

    out = list(fixed)
    used = sum(h(f) for f in fixed)
    more_room = h(_p("… and 99 more changes", "item")) + 2
    live = [g for g in groups if g[1]]

    def minimum(group: tuple[str, list[Paragraph], str]) -> float:
        title, items, _ = group
        shown = items[:_MIN_SHOWN]
        return h(_p(title, "h")) + sum(h(i) for i in shown) + more_room * (len(items) > _MIN_SHOWN)

    reserve = [sum(minimum(g) for g in live[i + 1 :]) for i in range(len(live))]
    for (title, items, noun), later in zip(live, reserve, strict=True):
        heading = _p(title, "h")
        if used + h(heading) + min(h(items[0]), more_room) + later > height:
            continue
        out.append(heading)
        used += h(heading)
        for i, item in enumerate(items):
            need = h(item)
            last = i == len(items) - 1
            if used + need + (0 if last else more_room) + later > height:
                out.append(_p(f"… and {len(items) - i} more {noun}", "item"))
                used += more_room
                break
            out.append(item)
            used += need
    return out


def render_report(
    before: Analysis, after: Analysis, changes: ChangeSet, name: str | None = None
) -> bytes:
    """Render the one-page change report.

    Args:
        before / after: analyses of the original and the improved resume.
        changes: the improver's change set (changes and suggestions, with reasons).
        name: the person's name for the title (printed only here, never logged).

    Returns:
        PDF bytes, exactly one A4 page, fonts embedded.
    """
    fonts.ensure(fonts.PRIMARY)
    # The frame pads 6 pt on each side. The measured fit is exact in practice; the retries
    # with more slack only guard the one-page promise against platypus rounding.
    width, full = A4[0] - 2 * MARGIN - 12, A4[1] - 2 * MARGIN - 12
    for slack in (4, 40, 120):
        story = _fit(
            [*_head(before, after, name), Spacer(1, 4)], _groups(changes), width, full - slack
        )
        buf = io.BytesIO()
        doc = SimpleDocTemplate(
            buf,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=f"Resume review: {name}" if name else "Resume review",
            author="Resume Engine",
            subject="ATS score before and after, keywords and changes",
            creator="Resume Engine",
            invariant=True,
            initialFontName=fonts.PRIMARY.name,
        )
        doc.build(story)
        if doc.page == 1:
            break
    return buf.getvalue()


def _groups(changes: ChangeSet) -> list[tuple[str, list[Paragraph], str]]:
    """(heading, items, noun for "and N more") for changes, suggestions and notes."""
    groups: list[tuple[str, list[Paragraph], str]] = [
        (
            f"Changes ({len(changes.changes)})",
            [_change_item(c) for c in changes.changes],
            "changes",
        ),
        (
            f"Suggestions ({len(changes.suggestions)})",
            [_change_item(c) for c in changes.suggestions],
            "suggestions",
        ),
    ]
    if not changes.changes:
        groups[0] = ("Changes", [_p("No text needed changing.", "item")], "changes")
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
    groups.append(("Notes", notes, "notes"))
    return groups
