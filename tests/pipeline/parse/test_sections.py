"""The shared builder (Lines -> Resume), dates, contact details and language detection.

Lines are built by hand here, the way either extractor hands them over (PDF geometry, or DOCX
synthetic positions), so each rule is checked on its own.
"""

from __future__ import annotations

import pytest

from pipeline.errors import NotAResume
from pipeline.model import SectionKind
from pipeline.parse.contact import clean_link, extract_contact, normalize_phone, strip_icons
from pipeline.parse.dates import find_range, normalize_point
from pipeline.parse.language import detect_language
from pipeline.parse.lines import ExtractedDocument, Line
from pipeline.parse.sections import build_resume, heading_kind


def _doc(specs: list[tuple], links: list[str] | None = None) -> ExtractedDocument:
    """specs: (text, size, bold, bullet, x0) tuples, one line each, top to bottom."""
    lines = []
    for i, (text, size, bold, bullet, x0) in enumerate(specs):
        lines.append(
            Line(
                text=text,
                page=0,
                x0=x0,
                y0=40.0 + 14 * i,
                x1=x0 + 6 * len(text),
                y1=50.0 + 14 * i,
                size=size,
                bold=bold,
                bullet=bullet,
            )
        )
    return ExtractedDocument(lines=lines, pages=1, links=links or [])


FICTIONAL = [
    ("Ada Quill", 20, True, False, 72),
    ("ada.quill@example.org | +44 20 7946 0958 | Leeds, UK", 10, False, False, 72),
    ("Experience", 14, True, False, 72),
    ("Lantern Labs, Leeds, UK, Senior Engineer", 10, True, False, 72),
    ("Mar. 2021 – Present", 10, True, False, 72),
    ("Built the billing service used by two million customers", 10, False, True, 90),
    ("Cut deployment time from two hours to ten minutes", 10, False, True, 90),
    ("Quarry Systems, York, UK, Software Engineer", 10, True, False, 72),
    ("Jun 2017 – Feb 2021", 10, True, False, 72),
    ("Wrote the ingest pipeline", 10, False, True, 90),
    ("Education", 14, True, False, 72),
    ("University of York", 10, True, False, 72),
    ("BSc Computer Science, 2013 – 2017", 10, False, False, 72),
    ("Competencias", 14, True, False, 72),
    ("Python, PostgreSQL, Kubernetes", 10, False, False, 72),
]


def test_builds_sections_entries_bullets_and_contact() -> None:
    resume = build_resume(_doc(FICTIONAL, ["https://github.com/adaquill/"]))
    assert resume.contact.name == "Ada Quill"
    assert resume.contact.email == "ada.quill@example.org"
    assert resume.contact.phone == "+442079460958"
    assert resume.contact.location == "Leeds, UK"
    assert resume.contact.links == ["github.com/adaquill"]
    assert [s.kind for s in resume.sections] == [
        SectionKind.EXPERIENCE,
        SectionKind.EDUCATION,
        SectionKind.SKILLS,
    ]
    jobs = resume.sections[0].entries
    assert [(e.title, e.organization, e.start, e.end) for e in jobs] == [
        ("Senior Engineer", "Lantern Labs", "2021-03", "present"),
        ("Software Engineer", "Quarry Systems", "2017-06", "2021-02"),
    ]
    assert [b.id for b in jobs[0].bullets] == ["s0-e0-b0", "s0-e0-b1"]
    assert jobs[1].bullets[0].text == "Wrote the ingest pipeline"
    assert len(resume.sections[1].entries) == 1
    assert resume.language == "en"


def test_bullet_ids_are_stable_across_runs() -> None:
    first = build_resume(_doc(FICTIONAL)).model_dump()
    second = build_resume(_doc(FICTIONAL)).model_dump()
    assert first == second


def test_explain_says_why_for_every_line() -> None:
    notes: list[str] = []
    build_resume(_doc(FICTIONAL), explain=notes)
    assert len(notes) == len(FICTIONAL)
    assert any(n.startswith("p1 heading (experience)") for n in notes)
    assert any("entry: new entry" in n and "Quarry" in n for n in notes)
    assert sum("bullet" in n for n in notes) == 4  # three job bullets and the skills line


def test_list_sections_hold_one_item_per_row() -> None:
    def row(text: str, y: float, x1: float, bold: bool = False) -> Line:
        return Line(text=text, x0=72, x1=x1, y0=y, y1=y + 10, size=10, bold=bold)

    doc = ExtractedDocument(
        lines=[
            Line(text="Ada Quill", x0=72, x1=200, y0=20, y1=40, size=20, bold=True),
            Line(text="ada@example.org", x0=72, x1=200, y0=45, y1=55, size=10),
            Line(text="Skills", x0=72, x1=120, y0=70, y1=84, size=14, bold=True),
            row("Backend\tPython, Go", 90, 300, bold=True),
            row("Kafka\tRedis\tPostgreSQL", 104, 300),
            row("Statistics, Data visualization, Deep Learning, Natural", 118, 520),
            row("Language Processing", 132, 200),
            row("Technical writing", 146, 200),
        ],
        pages=1,
    )
    skills = build_resume(doc).sections[0].entries[0]
    assert [b.text for b in skills.bullets] == [
        "Backend: Python, Go",
        "Kafka, Redis, PostgreSQL",
        "Statistics, Data visualization, Deep Learning, Natural Language Processing",
        "Technical writing",
    ]


def test_not_a_resume_without_contact_or_sections() -> None:
    doc = _doc(
        [
            ("Minutes of the garden committee", 16, True, False, 72),
            ("We agreed to plant more tulips next spring.", 10, False, False, 72),
        ]
    )
    with pytest.raises(NotAResume) as err:
        build_resume(doc)
    assert err.value.code == "not_a_resume"


def test_heading_in_typography_of_vocabulary_headings_is_a_section() -> None:
    specs = [
        ("Ada Quill", 20, True, False, 72),
        ("ada@example.org", 10, False, False, 72),
        ("Experience", 14, True, False, 72),
        ("Did things at a place", 10, False, False, 72),
        ("Education", 14, True, False, 72),
        ("Studied at a school", 10, False, False, 72),
        ("Side Quests", 14, True, False, 72),
        ("Climbed a hill", 10, False, False, 72),
    ]
    resume = build_resume(_doc(specs))
    assert [(s.kind, s.title) for s in resume.sections][-1] == (SectionKind.OTHER, "Side Quests")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Experiencia laboral", "experience"),
        ("Formation", "education"),
        ("Berufserfahrung", "experience"),
        ("Formação acadêmica", "education"),
        ("Опыт работы", "experience"),
        ("2 技能", "skills"),
        ("職歴", "experience"),
        ("HONORS AND AWARDS", "awards"),
        ("Links", "contact"),
        ("Ada Quill", None),
    ],
)
def test_heading_vocabulary(text: str, kind: str | None) -> None:
    assert heading_kind(text) == kind


@pytest.mark.parametrize(
    ("printed", "start", "end"),
    [
        ("Mar. 2021 \u2013 Present", "2021-03", "present"),
        ("2021.06-2021.09", "2021-06", "2021-09"),
        ("09/2019 to 12/2020", "2019-09", "2020-12"),
        ("enero 2019 - actualidad", "2019-01", "present"),
        ("2018年6月 - 現在", "2018-06", "present"),
        ("Sep. 2013, Mar. 2011 - Oct. 2011", "2011-03", "2011-10"),
        ("year\u2013year", None, None),
    ],
)
def test_date_ranges(printed: str, start: str | None, end: str | None) -> None:
    found = find_range(printed)
    assert found is not None
    assert (found.text, found.start, found.end) == (printed, start, end)


def test_no_date_in_plain_words_and_masked_years() -> None:
    assert find_range("Worked on the year-end close") is None
    assert normalize_point("20XX") is None
    assert normalize_point("Exp. Jun. 2017") == "2017-06"


def test_phone_is_e164_only_with_a_country_code() -> None:
    assert normalize_phone("(+86) 138-1234-5678") == "+8613812345678"
    assert normalize_phone("0049 30 901820") == "+4930901820"
    assert normalize_phone("206-555-0149") == "206-555-0149"


def test_icon_junk_is_stripped_from_contact_fields() -> None:
    zone = [
        Line(text="\uf10b(+82) 10-9030-1843 | \U0001f582posquit0.bj@gmail.com", size=8),
        Line(text="246-1002, Some Apt. 86, Seo-gu", size=8),
        Line(text="Claud D. Park", size=30),
    ]
    contact = extract_contact(zone, ["https://www.linkedin.com/in/posquit0/"])
    assert contact.name == "Claud D. Park"
    assert contact.phone == "+821090301843"
    assert contact.email == "posquit0.bj@gmail.com"
    assert contact.links == ["www.linkedin.com/in/posquit0"]
    assert strip_icons("\uf0e0 mail\ue000") == "mail"
    assert clean_link("http://github.com/x/") == "github.com/x"


def test_name_from_a_labelled_form_field() -> None:
    zone = [
        Line(text="ふりがな\tやまだ はなこ", size=9),
        Line(text="氏 名\t山田 花子", size=14),
        Line(text="履 歴 書", size=14),
    ]
    assert extract_contact(zone, []).name == "山田 花子"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I led the team and built the platform for the company in a year", "en"),
        ("Desarrollé la plataforma de pagos para los clientes de la empresa", "es"),
        ("J'ai conçu la plateforme pour les clients de la société et des équipes", "fr"),
        ("Ich habe die Plattform für die Kunden mit dem Team und der Firma gebaut", "de"),
        ("Разработал платформу для клиентов компании", "ru"),
        ("负责在线教育平台的开发", "zh"),
        ("株式会社でシステムの開発を担当しました", "ja"),
        ("מהנדס תוכנה בכיר", "he"),
        ("12345", None),
    ],
)
def test_language(text: str, code: str | None) -> None:
    assert detect_language(text) == code


def test_without_vocabulary_big_short_lines_are_headings() -> None:
    specs = [
        ("Lia Moretti", 20, True, False, 72),
        ("lia@example.it", 10, False, False, 72),
        ("Esperienze lavorative", 14, True, False, 72),
        ("Sviluppatrice presso una azienda di Torino", 10, False, False, 72),
        ("Studi", 14, True, False, 72),
        ("Laurea in informatica", 10, False, False, 72),
    ]
    resume = build_resume(_doc(specs))
    assert [(s.kind, s.title) for s in resume.sections] == [
        (SectionKind.OTHER, "Esperienze lavorative"),
        (SectionKind.OTHER, "Studi"),
    ]


def test_nothing_extracted_is_not_a_resume() -> None:
    with pytest.raises(NotAResume):
        build_resume(ExtractedDocument(lines=[], pages=1))


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("UX Projects", "projects"),
        ("Relevant Experience", "experience"),
        ("Teaching Experience", "experience"),
        ("Volunteer Experience", "volunteering"),
        ("Years of experience", None),
        ("10 years experience", None),
        ("Experience with Kubernetes", None),
    ],
)
def test_a_short_qualifier_before_projects_or_experience_keeps_the_kind(
    heading: str, kind: str | None
) -> None:
    from pipeline.parse.sections import heading_kind

    assert heading_kind(heading) == kind
