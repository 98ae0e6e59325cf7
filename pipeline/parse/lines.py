"""The line model both extractors (PDF, DOCX) produce and the layout builder consumes.

A :class:`Line` is one visual line of text in reading order, with the typography and position
the section/entry/bullet builder needs. Coordinates are PDF points from the page's top-left;
DOCX lines get synthetic positions (``x0`` = indentation, ``y0`` = paragraph order).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Line:
    text: str
    page: int = 0
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0
    size: float = 10.0  # dominant font size in points
    bold: bool = False
    italic: bool = False
    caps: bool = False  # small caps or all caps by font
    column: int = 0  # 0 = single column / full width, 1.. = column index on a multi-column page
    bullet: bool = False  # started with a bullet glyph or list numbering (glyph removed from text)
    bullet_glyph: str = ""  # the removed glyph when it is also ordinary text ("-", "–", "*")
    indent: float = 0.0  # left indentation relative to the column's left edge, points
    heading_hint: bool = False  # the source says heading (DOCX Heading/Title style, PDF outline)
    # DOCX: the label cell of a "label | content" table row, the heading of the cell beside it
    # whatever its words ("CLINICAL ROTATIONS").
    section_label: bool = False
    style: str | None = None  # DOCX paragraph style name
    links: list[str] = field(default_factory=list)  # link targets on this line (URIs, mailto:)
    color: int = 0  # dominant sRGB colour as an int (0 = black)
    # DOCX: True on a paragraph's first line, False on the part after a manual line break (a
    # paragraph break is a real break, wrapping is the renderer's). None (PDF): unknown, decided
    # from geometry.
    paragraph_start: bool | None = None


@dataclass(slots=True)
class ExtractedDocument:
    """What an extractor hands to the layout builder."""

    lines: list[Line]
    pages: int
    links: list[str] = field(default_factory=list)  # every link target in the document
    source: str = "pdf"  # pdf | docx
    metadata: dict[str, str] = field(default_factory=dict)  # e.g. PDF title/author
    # Parse warnings for the person (e.g. hidden text ignored); no resume text in them.
    warnings: list[str] = field(default_factory=list)
