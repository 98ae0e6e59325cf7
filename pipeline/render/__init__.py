"""Render a :class:`~pipeline.model.Resume` as PDF or DOCX, and the change report."""

from pipeline.render.docx import render_docx
from pipeline.render.pdf import render_pdf
from pipeline.render.report import render_report

__all__ = ["render_docx", "render_pdf", "render_report"]
