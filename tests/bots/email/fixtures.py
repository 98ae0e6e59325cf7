"""Our .eml fixtures (tests/data/email), with a generated fictional resume PDF spliced in."""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path

import pymupdf

EML_DIR = Path(__file__).resolve().parents[2] / "data" / "email"
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "sample-resume.pdf"
PLACEHOLDER = b"@@RESUME_PDF_BASE64@@"


@lru_cache(maxsize=1)
def resume_pdf() -> bytes:
    """The bundled fictional sample resume, or a small generated one-page resume."""
    if EXAMPLE.exists():
        return EXAMPLE.read_bytes()
    lines = [
        "Casey Example",
        "casey.example@example.com | +1 415 555 0100 | Portland, OR",
        "",
        "EXPERIENCE",
        "Software Engineer, Acme Widgets    2020 - Present",
        "• Responsible for building the billing service used by 40 teams",
        "• Helped migrate 12 services to Kubernetes",
        "",
        "EDUCATION",
        "B.S. Computer Science, Oregon State University    2016 - 2020",
        "",
        "SKILLS",
        "Python, PostgreSQL, Redis, Docker",
    ]
    return lines_pdf(lines)


def lines_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with ``lines`` drawn one under the other (all-caps lines as headings)."""
    doc = pymupdf.open()
    page = doc.new_page()
    y = 72
    for line in lines:
        page.insert_text((72, y), line, fontsize=16 if line.isupper() else 11)
        y += 18
    data = doc.tobytes()
    doc.close()
    return data


def eml(name: str, pdf: bytes | None = None) -> bytes:
    """The fixture's bytes with the resume's base64 in place of the placeholder, with CRLF line
    ends as on the wire (smtplib sends bytes unchanged)."""
    raw = (EML_DIR / name).read_bytes()
    encoded = base64.encodebytes(pdf if pdf is not None else resume_pdf())
    raw = raw.replace(PLACEHOLDER + b"\n", encoded).replace(PLACEHOLDER, encoded)
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
