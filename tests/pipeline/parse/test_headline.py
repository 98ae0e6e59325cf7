"""The headline under the name ("Product Designer"): parsed into ``Contact.headline``, printed
by both renderers, read back, and guarded like the other contact fields (fictional people)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.improve.guard import enforce, guard_resume
from pipeline.model import ChangeSet, Resume, SectionKind
from pipeline.parse import parse_document
from pipeline.parse.contact import find_headline
from pipeline.parse.lines import Line
from pipeline.parse.sections import build_resume
from pipeline.render import render_docx, render_pdf
from pipeline.render.content import plan
from pipeline.render.roundtrip import differences
from tests.pipeline.parse.test_sections import FICTIONAL, _doc

WITH_HEADLINE = [FICTIONAL[0], ("Senior Software Engineer", 12, False, False, 72), *FICTIONAL[1:]]


def test_headline_is_parsed_and_is_not_a_section() -> None:
    resume = build_resume(_doc(WITH_HEADLINE))
    assert resume.contact.name == "Ada Quill"
    assert resume.contact.headline == "Senior Software Engineer"
    assert resume.contact.location == "Leeds, UK"
    assert [s.kind for s in resume.sections] == [
        SectionKind.EXPERIENCE,
        SectionKind.EDUCATION,
        SectionKind.SKILLS,
    ]


@pytest.mark.parametrize(
    ("after_name", "headline"),
    [
        ("Product Designer", "Product Designer"),
        ("DevOps Engineer · Software Architect", "DevOps Engineer · Software Architect"),
        ("数据分析师", "数据分析师"),
        ("ada.quill@example.org | +44 20 7946 0958", None),  # the contact line
        ("Leeds, UK", None),  # the location
        ("adaquill", None),  # a handle beside an icon
        ("Curriculum Vitae", None),
        ("Phone: 0113 496 0000", None),
        ("I build billing systems that two million people rely on every day.", None),
    ],
)
def test_only_a_short_title_line_under_the_name_is_a_headline(
    after_name: str, headline: str | None
) -> None:
    zone = [Line("Ada Quill", size=20), Line(after_name, size=12, y0=30)]
    location = "Leeds, UK" if after_name == "Leeds, UK" else None
    assert find_headline(zone, "Ada Quill", location) == headline


@pytest.fixture(scope="module")
def original() -> Resume:
    return build_resume(_doc(WITH_HEADLINE))


@pytest.mark.parametrize("render", [render_pdf, render_docx], ids=["pdf", "docx"])
def test_rendered_headline_reads_back(original: Resume, render: Callable[[Resume], bytes]) -> None:
    assert plan(original).headline == "Senior Software Engineer"
    back = parse_document(render(original), isolate=False)
    assert back.contact.headline == "Senior Software Engineer"
    assert differences(plan(original), back) == []


def test_round_trip_comparison_notices_a_lost_headline(original: Resume) -> None:
    lost = original.model_copy(deep=True)
    lost.contact.headline = None
    assert differences(plan(original), lost) == [
        "headline: printed 'Senior Software Engineer', parsed ''"
    ]


def test_fact_guard_restores_a_changed_headline(original: Resume) -> None:
    improved = original.model_copy(deep=True)
    improved.contact.headline = "Principal Software Engineer"
    assert [v.kind for v in guard_resume(original, improved)] == ["contact"]
    result = enforce(original, improved, ChangeSet())
    assert result.resume.contact.headline == "Senior Software Engineer"
