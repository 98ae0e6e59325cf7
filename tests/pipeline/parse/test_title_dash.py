"""An en dash inside a title-only entry ("AWS Certified Developer – Associate") is part of the
title, not a place separator: parsed intact, printed intact, read back intact (fictional)."""

from __future__ import annotations

from pipeline.model import Section, SectionKind
from pipeline.parse import parse_document
from pipeline.parse.sections import build_resume
from pipeline.render import render_docx, render_pdf
from pipeline.render.content import plan
from pipeline.render.roundtrip import differences
from tests.pipeline.parse.test_sections import FICTIONAL, _doc

CERTS = [
    *FICTIONAL[:10],
    ("Certifications", 14, True, False, 72),
    ("AWS Certified Developer – Associate\t2020", 10, True, False, 72),
    ("Certified Kubernetes Application Developer (CKAD)\t2022", 10, True, False, 72),
    ("Projects", 14, True, False, 72),
    ("Harbor Beacon – Leeds, UK\t2019", 10, True, False, 72),
    ("Wrote a tide-table service", 10, False, True, 90),
    ("Lead Engineer, Quarry Systems – York\t2018", 10, True, False, 72),
    ("Ran the data team", 10, False, True, 90),
]


Head = tuple[str | None, str | None, str | None, str | None]


def _heads(kind: SectionKind, resume_sections: list[Section]) -> list[Head]:
    section = next(s for s in resume_sections if s.kind == kind)
    return [(e.title, e.organization, e.location, e.start) for e in section.entries]


def test_dash_in_a_title_only_entry_stays_in_the_title() -> None:
    resume = build_resume(_doc(CERTS))
    assert _heads(SectionKind.CERTIFICATIONS, resume.sections) == [
        ("AWS Certified Developer – Associate", None, None, "2020"),
        ("Certified Kubernetes Application Developer (CKAD)", None, None, "2022"),
    ]


def test_dash_before_a_place_or_after_title_and_organization_is_still_a_location() -> None:
    resume = build_resume(_doc(CERTS))
    assert _heads(SectionKind.PROJECTS, resume.sections) == [
        ("Harbor Beacon", None, "Leeds, UK", "2019"),
        ("Lead Engineer", "Quarry Systems", "York", "2018"),
    ]


def test_dashed_title_survives_render_and_parse() -> None:
    original = build_resume(_doc(CERTS))
    for render in (render_pdf, render_docx):
        back = parse_document(render(original), isolate=False)
        assert _heads(SectionKind.CERTIFICATIONS, back.sections)[0] == (
            "AWS Certified Developer – Associate",
            None,
            None,
            "2020",
        )
        assert differences(plan(original), back) == []
