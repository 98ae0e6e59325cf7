"""The resume template: structure a parser (ours, or an ATS) can rely on."""

from __future__ import annotations

import pymupdf
import pytest

from pipeline.model import Bullet
from pipeline.render import render_pdf
from pipeline.render.pdf import MARGIN
from tests.pipeline.render.samples import sample_resume


@pytest.fixture(scope="module")
def lines() -> list[dict]:
    """Every text line of the sample's rendering: text, bbox, first span's font and size."""
    doc = pymupdf.open(stream=render_pdf(sample_resume()), filetype="pdf")
    out = []
    for page in doc:
        for block in page.get_text("dict")["blocks"]:
            for line in block.get("lines", []):
                spans = line["spans"]
                out.append(
                    {
                        "text": "".join(s["text"] for s in spans).strip(),
                        "bbox": line["bbox"],
                        "bold": bool(spans[0]["flags"] & 16) or "Bold" in spans[0]["font"],
                        "size": spans[0]["size"],
                        "baseline": spans[0]["origin"][1],
                        "page_width": page.rect.width,
                    }
                )
    return out


def _find(lines: list[dict], text: str) -> dict:
    return next(line for line in lines if line["text"] == text)


def test_name_comes_first_and_largest(lines: list[dict]) -> None:
    assert lines[0]["text"] == "Zoë Åström-Nguyễn"
    assert lines[0]["bold"] and lines[0]["size"] == max(line["size"] for line in lines)


def test_contact_line_in_order(lines: list[dict]) -> None:
    # too long for one line: it breaks between items, never leaving a dangling "|"
    assert lines[1]["text"] == (
        "zoe.astrom@example.org | +1 415-555-0142 | Zürich, Switzerland | github.com/zoe-example"
    )
    assert lines[2]["text"] == "https://zoe.example.dev"


def test_headings_are_bold(lines: list[dict]) -> None:
    for title in ("Summary", "Experience", "Education", "Skills"):
        assert _find(lines, title)["bold"], title


def test_dates_are_consistent_and_right_aligned_on_the_entry_line(lines: list[dict]) -> None:
    title = _find(lines, "Senior Backend Engineer")
    dates = _find(lines, "Mar 2021 – Present")
    assert title["bold"]
    assert abs(dates["baseline"] - title["baseline"]) < 0.1
    right_edge = max(line["bbox"][2] for line in lines)
    assert dates["bbox"][2] > right_edge - 1  # flush with the text column's right edge
    assert right_edge < dates["page_width"] - MARGIN + 1
    assert _find(lines, "2017 – 2021")  # "2017 – 2021" as printed, same separator


def test_bullets_start_with_a_bullet_glyph(lines: list[dict]) -> None:
    bullets = [line for line in lines if line["text"].startswith("•")]
    assert len(bullets) == 5
    assert bullets[-1]["text"] == "• Migrated 40 services to Kubernetes"


def test_inline_skills(lines: list[dict]) -> None:
    assert _find(lines, "Languages: Python, Go, SQL")


def test_rendering_is_deterministic() -> None:
    assert render_pdf(sample_resume()) == render_pdf(sample_resume())


def test_long_resume_flows_onto_more_pages() -> None:
    doc = pymupdf.open(stream=render_pdf(sample_resume(bullets=60)), filetype="pdf")
    assert doc.page_count >= 2
    text = "".join(page.get_text() for page in doc)
    assert sum(line.startswith("•") for line in text.splitlines()) == 61


def test_bullets_never_split_across_pages() -> None:
    resume = sample_resume()
    resume.sections[1].entries[0].bullets = [  # 3 to 13 lines each: some meet a page end
        Bullet(id=f"b{i}", text=f"Item {i} " + "shipped the thing " * (10 + i % 29))
        for i in range(40)
    ]
    doc = pymupdf.open(stream=render_pdf(resume), filetype="pdf")
    assert doc.page_count >= 4
    for page in list(doc)[1:]:
        first = page.get_text().splitlines()[0]
        assert first.startswith(("• Item", "Education")), first  # a whole bullet, not its tail
