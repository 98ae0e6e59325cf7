"""One test per finding: it fires on the fault, names its location, and stays quiet without it."""

from __future__ import annotations

import pytest

from pipeline.analyze import analyze
from pipeline.model import Contact, Entry, Section, SectionKind
from tests.pipeline.resume_factory import CONTACT, entry, resume

GOOD = (
    "Led a team of 6 analysts across 3 regions",
    "Reduced stock-out rate by 18% with weekly demand forecasts",
    "Built 12 sales dashboards used by 40 store managers",
)


def codes(a, location=None):
    return [f.code for f in a.findings if location is None or f.location == location]


def test_clean_resume_has_no_content_findings():
    a = analyze(resume(entry(*GOOD, current=True), entry(*GOOD, prefix="p")))
    assert [f for f in a.findings if f.category == "content" and f.code != "too_short"] == []


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("name", "missing_name"),
        ("email", "missing_email"),
        ("phone", "missing_phone"),
        ("location", "missing_location"),
    ],
)
def test_missing_contact_field(field, code):
    contact = CONTACT.model_copy(update={field: None})
    a = analyze(resume(entry(*GOOD), contact=contact))
    assert code in codes(a, "contact")
    assert code not in codes(analyze(resume(entry(*GOOD))))


def test_non_standard_heading_names_the_section():
    r = resume(entry(*GOOD), experience_title="Where I've worked")
    a = analyze(r)
    finding = next(f for f in a.findings if f.code == "non_standard_heading")
    assert finding.location == "section:1"
    assert "Experience" in finding.fix
    assert "non_standard_heading" not in codes(analyze(resume(entry(*GOOD))))


def test_entry_without_dates():
    r = resume(entry(*GOOD), entry(*GOOD, prefix="p", dates=None))
    assert codes(analyze(r), "section:1/entry:1") == ["missing_dates"]
    assert "missing_dates" not in codes(analyze(resume(entry(*GOOD))))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Sales dashboards for 40 store managers", "no_action_verb"),
        ("Responsible for 12 sales dashboards", "weak_opener"),
        ("Helped the team close 30 accounts", "weak_opener"),
        ("Worked on 4 pricing experiments", "weak_opener"),
        ("Duties included 20 weekly audits", "weak_opener"),
        ("Built 12 dashboards for my managers", "first_person"),
        ("I built 12 dashboards", "first_person"),
        ("Built 12 dashboards that were adopted by 40 stores", "passive_voice"),
        ("Built dashboards for store managers", "no_metric"),
        ("Built 12 dashboards " + "for regional store managers " * 8, "long_bullet"),
        ("Build 12 dashboards for store managers", "wrong_tense"),
        ("Building 12 dashboards for store managers", "wrong_tense"),
    ],
)
def test_bullet_finding_fires_at_its_bullet(text, code):
    r = resume(entry(text, *GOOD, prefix="p"))
    a = analyze(r)
    assert code in codes(a, "p0"), codes(a)
    for other in ("p1", "p2", "p3"):
        assert code not in codes(a, other)


def test_current_role_may_use_present_but_not_gerund():
    ok = analyze(resume(entry("Build 12 dashboards for 40 stores", current=True, prefix="c")))
    assert "wrong_tense" not in codes(ok, "c0")
    bad = analyze(resume(entry("Building 12 dashboards for 40 stores", current=True, prefix="c")))
    assert "wrong_tense" in codes(bad, "c0")


def test_noun_first_bullet_is_not_a_verb():
    a = analyze(resume(entry("Reports were prepared for 3 directors", prefix="p")))
    assert "no_action_verb" in codes(a, "p0")
    assert "wrong_tense" not in codes(a, "p0")


def test_same_opener_repeated():
    texts = [f"Built {n} dashboards for store managers" for n in (3, 4, 5, 6)]
    a = analyze(resume(entry(*texts, prefix="p")))
    assert codes(a, "p2") == ["repeated_opener"]
    assert codes(a, "p3") == ["repeated_opener"]
    assert "repeated_opener" not in codes(a, "p1")


def test_overall_length():
    short = analyze(resume(entry(*GOOD)))
    assert "too_short" in codes(short)
    long_text = [f"Built {n} dashboards for regional store managers and buyers" for n in range(60)]
    many = [entry(*long_text[i : i + 6], prefix=f"e{i}") for i in range(0, 60, 6)]
    long_resume = resume(*many)
    long_resume.pages = 5
    assert "too_long" in codes(analyze(long_resume))


def test_missing_sections_and_no_bullets():
    r = resume(
        Entry(
            title="Analyst", organization="Northwind", dates="2020 – 2021", start="2020", end="2021"
        )
    )
    r.sections = [s for s in r.sections if s.kind != SectionKind.SKILLS]
    a = analyze(r)
    assert "missing_skills" in codes(a)
    assert "no_bullets" in codes(a)


def test_parser_warnings_cost_parseability():
    r = resume(entry(*GOOD))
    r.warnings = ["two-column layout read column by column"]
    a = analyze(r)
    assert "parser_warning" in codes(a)
    assert next(c for c in a.categories if c.name == "parseability").score < 15


def test_non_english_resume_is_not_marked_down_for_english_rules():
    texts = ["Desarrollé 12 paneles de ventas", "Responsable de la facturación de 40 tiendas"]
    es = resume(entry(*texts), language="es")
    es.sections.append(Section(kind=SectionKind.EXPERIENCE, title="Experiencia laboral"))
    a = analyze(es)
    english_only = {
        "no_action_verb",
        "weak_opener",
        "first_person",
        "passive_voice",
        "wrong_tense",
        "repeated_opener",
        "non_standard_heading",
    }
    assert not english_only & set(codes(a))
    # The same bullets read as English would be marked down.
    assert english_only & set(codes(analyze(es.model_copy(update={"language": "en"}))))


def test_messages_never_quote_contact_details():
    r = resume(
        entry("Built dashboards for avery.quinlan@example.org", prefix="p"),
        contact=Contact(name="Avery Quinlan", email="avery.quinlan@example.org"),
    )
    for f in analyze(r).findings:
        assert "avery" not in (f.message + f.fix).lower()


@pytest.mark.parametrize(
    "text",
    [
        "Achievement 1;",
        "Achievement 2, with sub-achievements:",
        "Sub-sub-achievement ii;",
        "Sub-achievement (b), with sub-sub-achievements (don't do this!);",
        "Lorem ipsum dolor sit amet",
        "Describe your responsibilities here",
        "[Your achievement]",
    ],
)
def test_template_placeholder_is_its_own_finding_at_the_cost_of_no_action_verb(text):
    a = analyze(resume(entry(*GOOD, text, prefix="p")))
    assert "placeholder" in codes(a, "p3")
    assert "no_action_verb" not in codes(a, "p3")
    # It costs what a noun-phrase bullet's missing verb costs: the finding names the fix.
    noun = analyze(resume(entry(*GOOD, "Sales dashboards for store managers", prefix="p")))
    found = next(f for f in a.findings if f.code == "placeholder")
    assert found.points == next(f.points for f in noun.findings if f.code == "no_action_verb")
    assert "placeholder" in found.fix


@pytest.mark.parametrize(
    "text",
    [
        "Achievement 1: cut costs by 20%",
        "Achieved 3 awards",
        "Task force lead for 3 launches",
        "[Redacted] project for 3 clients",
    ],
)
def test_real_bullets_are_not_placeholders(text):
    assert "placeholder" not in codes(analyze(resume(entry(*GOOD, text, prefix="p"))))


def test_hidden_text_warning_gets_its_own_finding_and_fix():
    from pipeline.parse.hidden import hidden_text_warning

    r = resume(entry(*GOOD))
    warning = hidden_text_warning(72)
    assert warning is not None
    r.warnings = [warning]
    a = analyze(r)
    [finding] = [f for f in a.findings if f.code == "hidden_text"]
    assert "72 characters" in finding.message
    assert finding.fix.startswith("Remove it")
    assert "single-column" not in finding.fix
    assert "parser_warning" not in codes(a)
