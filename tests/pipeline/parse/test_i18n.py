"""Non-English dates, open ends and contact lines (fictional resumes)."""

from __future__ import annotations

import pytest

from pipeline.parse.contact import extract_contact
from pipeline.parse.dates import find_range
from pipeline.parse.lines import Line
from pipeline.parse.sections import build_resume
from tests.pipeline.parse.test_sections import _doc


@pytest.mark.parametrize(
    ("printed", "start", "end"),
    [
        ("Мар 2017 – Дек 2019", "2017-03", "2019-12"),
        ("Янв 2020 – н.в.", "2020-01", "present"),
        ("сент. 2018 – по настоящее время", "2018-09", "present"),
        ("марта 2016 — настоящее время", "2016-03", "present"),
        ("ene 2019 - actualidad", "2019-01", "present"),
        ("abr 2015 – presente", "2015-04", "present"),
        ("janv. 2019 – aujourd’hui", "2019-01", "present"),
        ("févr. 2020 – présent", "2020-02", "present"),
        ("Mär 2019 – heute", "2019-03", "present"),
        ("Okt 2018 – aktuell", "2018-10", "present"),
        ("set 2019 - atual", "2019-09", "present"),
        ("2019年3月 – 至今", "2019-03", "present"),
        ("2019年3月 – 现在", "2019-03", "present"),
        ("2021年4月 〜 現在", "2021-04", "present"),
    ],
)
def test_non_english_ranges_and_open_ends(printed: str, start: str, end: str) -> None:
    found = find_range(f"Role — Company — {printed}")
    assert found is not None
    assert (found.text, found.start, found.end) == (printed, start, end)


def test_russian_entry_keeps_employer_and_dates_apart() -> None:
    resume = build_resume(
        _doc(
            [
                ("Анна Смирнова", 20, True, False, 72),
                ("anna.smirnova@example.ru | +7 900 000-00-00 | Казань", 10, False, False, 72),
                ("Опыт работы", 14, True, False, 72),
                ("Аналитик — ООО «Ромашка» — Янв 2020 – н.в.", 10, True, False, 72),
                ("Вела отчётность по продажам", 10, False, True, 90),
                ("Стажёр — Ласточка — Мар 2017 – Дек 2019", 10, True, False, 72),
                ("Готовила сводные таблицы", 10, False, True, 90),
            ]
        )
    )
    jobs = resume.sections[0].entries
    assert [(e.title, e.organization, e.dates, e.start, e.end) for e in jobs] == [
        ("Аналитик", "ООО «Ромашка»", "Янв 2020 – н.в.", "2020-01", "present"),
        ("Стажёр", "Ласточка", "Мар 2017 – Дек 2019", "2017-03", "2019-12"),
    ]
    assert resume.contact.location == "Казань"


@pytest.mark.parametrize(
    ("name", "line", "location"),
    [
        ("Анна Смирнова", "anna@example.ru | +7 900 000-00-00 | Казань", "Казань"),
        ("李娜", "li.na@example.cn | +86 139 0000 0000 | 上海", "上海"),
        ("山田 花子", "hanako@example.jp • 090-0000-0000 • 大阪", "大阪"),
        ("Ada Quill", "ada@example.org | +44 20 7946 0958 | Leeds, UK", "Leeds, UK"),
    ],
)
def test_location_on_the_contact_line(name: str, line: str, location: str) -> None:
    zone = [Line(name, size=20, bold=True), Line(line, y0=30)]
    contact = extract_contact(zone, [])
    assert contact.name == name
    assert contact.location == location


@pytest.mark.parametrize(
    "line",
    [
        "ada@example.org | +44 20 7946 0958 | AdaQuill",  # a handle, not a city
        "携帯電話番号\t090-0000-0000\tE-MAIL\tx@example.jp",  # a form label in a grid
    ],
)
def test_no_location_from_handles_or_labels(line: str) -> None:
    contact = extract_contact([Line("Ada Quill", size=20), Line(line, y0=30)], [])
    assert contact.location is None


def test_headline_line_is_not_a_location() -> None:
    zone = [Line("Анна Смирнова", size=20), Line("Аналитик данных", y0=30)]
    assert extract_contact(zone, []).location is None
