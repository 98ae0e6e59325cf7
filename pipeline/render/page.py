"""The A4 document both PDFs (resume and change report) are built on."""

from __future__ import annotations

from typing import IO, Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from pipeline.render import fonts


def a4_document(
    buf: IO[bytes], *, margin: float, title: str, author: str | None, subject: str, **options: Any
) -> SimpleDocTemplate:
    """A4 with ``margin`` (points) on every side, our metadata, and ``invariant`` output (the
    same input gives the same bytes); ``options`` go to reportlab as they are (``lang``...)."""
    return SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author=author,
        subject=subject,
        creator="Resume Engine",
        invariant=True,
        initialFontName=fonts.PRIMARY.name,
        **options,
    )
