"""Typography helpers shared by the section builder: body style, styles, columns, asides.

Both extractors hand over Lines with a font size, weight and colour; a resume's structure is
read from how lines differ from its body text (bigger, bolder, coloured, right-aligned).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.parse.lines import Line

SIZE_TOLERANCE = 0.35  # points: TeX justification varies the size MuPDF reports by ~0.2 pt


@dataclass(frozen=True, slots=True)
class Style:
    size: float
    bold: bool
    italic: bool = False

    def same(self, other: Style) -> bool:
        return (
            self.bold == other.bold
            and self.italic == other.italic
            and abs(self.size - other.size) <= SIZE_TOLERANCE
        )


def style_of(line: Line) -> Style:
    return Style(round(line.size, 1), line.bold, line.italic)


def body_style(lines: Sequence[Line]) -> Style:
    """The style carrying most characters (the running text)."""
    weights: Counter[Style] = Counter()
    for ln in lines:
        weights[Style(round(ln.size * 2) / 2, ln.bold, ln.italic)] += len(ln.text)
    if not weights:
        return Style(10.0, False)
    return weights.most_common(1)[0][0]


def body_color(lines: Sequence[Line]) -> int:
    weights: Counter[int] = Counter()
    for ln in lines:
        weights[ln.color] += len(ln.text)
    return weights.most_common(1)[0][0] if weights else 0


class Columns:
    """Left edge and width of each (page, column) text area, to tell asides from text."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self._left: dict[tuple[int, int], float] = {}
        self._right: dict[tuple[int, int], float] = {}
        for ln in lines:
            key = (ln.page, ln.column)
            self._left[key] = min(self._left.get(key, ln.x0), ln.x0)
            self._right[key] = max(self._right.get(key, ln.x1), ln.x1)

    def width(self, line: Line) -> float:
        key = (line.page, line.column)
        return max(self._right.get(key, line.x1) - self._left.get(key, line.x0), 1.0)

    def reaches_right(self, line: Line) -> bool:
        """The line runs to its column's right edge, so the next line may continue it."""
        if line.x1 <= 0:
            return False
        key = (line.page, line.column)
        right = self._right.get(key, line.x1)
        return right - line.x1 < 0.1 * self.width(line)

    def is_aside(self, line: Line) -> bool:
        """A short right-aligned line (dates or a location printed beside an entry's title).

        DOCX lines carry no geometry (x1 == 0) and are never asides.
        """
        if line.x1 <= 0 or "\t" in line.text:
            return False
        key = (line.page, line.column)
        left = self._left.get(key, line.x0)
        right = self._right.get(key, line.x1)
        width = max(right - left, 1.0)
        return line.x0 - left > 0.4 * width and right - line.x1 < 0.05 * width
