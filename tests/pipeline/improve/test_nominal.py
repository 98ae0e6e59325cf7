"""Noun-phrase bullets turned verb-led from their own words (pipeline.improve.nominal)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.analyze import analyze
from pipeline.analyze import bullets as b
from pipeline.analyze.verbs import Form, inflect, lookup
from pipeline.improve import RuleImprover
from pipeline.improve.facts import extract_facts
from pipeline.improve.guard import guard_resume
from pipeline.improve.nominal import NOMINALS, verb_led
from tests.pipeline.improve.test_rules import improved_text
from tests.pipeline.resume_factory import entry, resume


@pytest.mark.parametrize(
    ("before", "current", "after"),
    [
        ("Development of the billing API", False, "Developed the billing API"),
        ("Development of the billing API", True, "Develop the billing API"),
        (
            "Implementation and testing of the payroll module for 40 staff",
            False,
            "Implemented and tested the payroll module for 40 staff",
        ),
        (
            "Design, development and testing of a Python ETL service",
            True,
            "Design, develop and test a Python ETL service",
        ),
        (
            "Design of the API and testing of the client",
            False,
            "Designed the API and tested the client",
        ),
        ("The migration of 40 services to AWS", False, "Migrated 40 services to AWS"),
        ("Support for 300 users across 3 sites", False, "Supported 300 users across 3 sites"),
        # "Testing of X" is not the gerund verb "Testing X": no "Tested of X".
        ("Testing of the mobile app", False, "Tested the mobile app"),
        (
            "Development of a tool, reducing costs by 5%",
            False,
            "Developed a tool, reducing costs by 5%",
        ),
        ("Development of REST APIs used by 3 teams", False, "Developed REST APIs used by 3 teams"),
        (
            "Development of a CRM that reduced churn by 10%",
            False,
            "Developed a CRM that reduced churn by 10%",
        ),
        # Weak openers in noun form go through the weak-opener rules (never a stronger claim).
        ("Responsibility for the month-end close", False, "Owned the month-end close"),
        ("Responsibility for hiring 4 engineers", True, "Hire 4 engineers"),
        ("Participation in 3 code reviews", False, "Contributed to 3 code reviews"),
        ("Assistance with vendor onboarding", True, "Assist with vendor onboarding"),
        ("Collaboration with the design team", False, "Collaborated with the design team"),
        ("Responsibilities included processing 200 invoices", False, "Processed 200 invoices"),
        # A role named with its work: "served as" states the role, nothing more.
        (
            "Lead engineer on the ledger service",
            False,
            "Served as lead engineer on the ledger service",
        ),
        ("Member of the hiring committee", True, "Serve as member of the hiring committee"),
        (
            "Lead Engineer on the ledger service",
            False,
            "Served as Lead Engineer on the ledger service",
        ),
    ],
)
def test_noun_phrases_open_with_the_verb_they_name(before, current, after):
    assert improved_text(before, current=current) == after


@pytest.mark.parametrize(
    "bullet",
    [
        # The noun is a subject: its sentence has a verb of its own.
        "Development of the API reduced latency by 30%",
        "Implementation of SAP was completed in 2019",
        "Migration of 40 services deployed to 3 regions",
        "Implementation of SAP saves $2M a year",
        # A modifier before the noun, a noun that names no work, a set phrase.
        "Full development of the billing API",
        "Sales and development of the billing API",
        "Design of experiments for 3 studies",
        # A gerund left beside the new verbs would mix two forms: "Coordinated ... and reporting".
        "Coordination of vendors, training of staff and reporting to the CFO",
        # Noun phrases the rules cannot turn without guessing what the person did.
        "ICML 2022 main conference paper, cited 340+ times within two years",
        "Open-source CLI tool for automating PR workflows with 2.5K GitHub stars",
        "Speaker at PyCon 2022",
        "Achievement 1;",
    ],
)
def test_noun_phrases_the_rules_cannot_turn_stay_as_written(bullet):
    assert improved_text(bullet) == bullet
    r = resume(entry(bullet, prefix="p"))
    assert any(s.location == "p0" for s in RuleImprover().improve(r).changes.suggestions)


def test_change_reason_names_the_noun_phrase():
    r = resume(
        entry("Development of the billing API", "Participation in 3 code reviews", prefix="p")
    )
    reasons = {c.location: c.reason for c in RuleImprover().improve(r).changes.changes}
    assert reasons == {
        "p0": "noun phrase opened with the verb it names",
        "p1": "weak opener 'participation in'",
    }


def test_a_sentence_initial_nominalisation_is_no_fact_but_a_name_still_is():
    assert "proper:development" not in extract_facts("Development of the Acme API")
    assert "proper:acme" in extract_facts("Development of the Acme API")
    assert "proper:development" in extract_facts("Head of Business Development at Acme")


# --- properties ---------------------------------------------------------------------------

# Nouns whose verb the lexicon knows (every one should); generated lists of one to three.
NOUNS = sorted(n for n, v in NOMINALS.items() if lookup(v) is not None)
OBJECTS = [
    "the billing API",
    "a Python ETL service",
    "40 vendor contracts",
    "the Contoso payroll module",
    "weekly stock forecasts for 12 stores",
    "the onboarding guide",
    "REST APIs used by 3 teams",
]
TAILS = [
    "",
    " across 3 regions",
    " in Q3 2022",
    " with the finance team",
    " using SQL",
    " at Fabrikam",
]
_FACTISH = re.compile(r"\$?\d[\d.,]*%?|\b[A-Z][\w-]*")


@st.composite
def nominal_bullets(draw: st.DrawFn) -> str:
    nouns = draw(st.lists(st.sampled_from(NOUNS), min_size=1, max_size=3, unique=True))
    if len(nouns) == 1:
        head = nouns[0]
    else:
        head = ", ".join(nouns[:-1]) + draw(st.sampled_from([" and ", ", and ", " & "])) + nouns[-1]
    text = f"{head[:1].upper()}{head[1:]} of {draw(st.sampled_from(OBJECTS))}"
    return text + draw(st.sampled_from(TAILS)) + draw(st.sampled_from(["", "."]))


@settings(max_examples=150, deadline=None)
@given(nominal_bullets(), st.booleans())
def test_nominal_rewrites_add_no_fact_and_keep_every_word(text, current):
    r = resume(entry(text, current=current, prefix="p"))
    raw, _changes = RuleImprover().rewrite(r)
    assert guard_resume(r, raw, None) == []  # no fact added or dropped, before any guard
    out = RuleImprover().improve(r)
    assert out.changes.rejected == 0
    after = out.resume.sections[1].entries[0].bullets[0].text
    # Numbers and capitalised words (names, employers, skills) come from the input only.
    lowered = text.lower()
    for token in _FACTISH.findall(after)[1:]:
        assert token.lower() in lowered, (text, after)
    # Every word after "of" is kept as written; the nouns became their verbs, in one tense.
    obj = text.split(" of ", 1)[1].rstrip(".")
    assert after.rstrip(".").endswith(" " + obj)
    assert b.starts_with_action_verb(after)
    head = after.rstrip(".")[: -len(obj)]
    tense = Form.BASE if current else Form.PAST
    nouns = [w for w in re.split(r"[,&\s]+|\band\b", text.split(" of ", 1)[0].lower()) if w]
    verbs = [w for w in re.split(r"[,&\s]+|\band\b", head.lower()) if w]
    assert verbs == [inflect(NOMINALS[n], tense) for n in nouns], (text, after)
    assert analyze(out.resume).score >= analyze(r).score


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(NOUNS), st.sampled_from(["reduced", "was", "saves $2M", "has"]))
def test_a_nominalisation_that_is_a_subject_is_never_turned(noun, predicate):
    text = f"{noun.capitalize()} of the billing API {predicate} 30% of the load"
    assert verb_led(text, Form.PAST) is None
    assert improved_text(text) == text
