"""One tense per bullet: coordinated verbs agree, and a stated past tense is kept (rules-3)."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.analyze.verbs import Form, inflect, lookup
from pipeline.improve import RuleImprover
from pipeline.improve.guard import guard_resume
from tests.pipeline.improve.test_rules import improved_text
from tests.pipeline.resume_factory import OBJECTS, VERBS, entry, resume


@pytest.mark.parametrize(
    ("before", "current", "after"),
    [
        # The fresh-user case: "Contribute to reducing ... and helped hire" mixed two tenses.
        (
            "Helped reduce churn by 10% and helped hire 3 engineers",
            True,
            "Contributed to reducing churn by 10% and helped hire 3 engineers",
        ),
        (
            "Help reduce churn by 10% and help hire 3 engineers",
            False,
            "Contributed to reducing churn by 10% and helped hire 3 engineers",
        ),
        (
            "Helps customers and trains 12 new staff",
            True,
            "Support customers and train 12 new staff",
        ),
        (
            "Helping customers and training 12 new staff",
            False,
            "Supported customers and trained 12 new staff",
        ),
        # The verbs inside "helped <verb> X and <verb> Y" follow the first one.
        (
            "Helped reduce churn and increase retention by 5%",
            False,
            "Contributed to reducing churn and increasing retention by 5%",
        ),
        (
            "Helped the team to reduce costs and improve margins by 4%",
            False,
            "Supported the team in reducing costs and improving margins by 4%",
        ),
        ("Work on the API and write 40 tests", False, "Contributed to the API and wrote 40 tests"),
        # The tense rule re-inflects every coordinated verb, not only the one after the opener.
        (
            "Manage budgets, hire staff and lead 12 reviews",
            False,
            "Managed budgets, hired staff and led 12 reviews",
        ),
        ("Managing budgets and hiring 4 staff", True, "Manage budgets and hire 4 staff"),
        # Verbs chained to the opener are verbs whatever follows ("build data pipelines").
        ("Design and build 3 data pipelines", False, "Designed and built 3 data pipelines"),
        ("Support, train and coach 5 analysts", False, "Supported, trained and coached 5 analysts"),
        (
            "Develop tools, automate tests and document 12 processes",
            False,
            "Developed tools, automated tests and documented 12 processes",
        ),
        ("Manages budgets and hires 4 staff", False, "Managed budgets and hired 4 staff"),
        # A noun after "and" is not a verb: "test scripts", "reports for".
        ("Build dashboards and test scripts", False, "Built dashboards and test scripts"),
        (
            "Prepare budgets and reports for 3 directors",
            False,
            "Prepared budgets and reports for 3 directors",
        ),
        # An -ing word the rules cannot re-inflect: the bullet is left alone, never half-changed.
        (
            "Managing budgets and frobnicating 3 ledgers",
            True,
            "Managing budgets and frobnicating 3 ledgers",
        ),
    ],
)
def test_coordinated_verbs_share_one_tense(before, current, after):
    assert improved_text(before, current=current) == after


@pytest.mark.parametrize(
    ("before", "current", "after"),
    [
        # "was" states a past tense: kept in a current role, as "Built" is ("Hire" was wrong).
        ("I was responsible for hiring 4 engineers", True, "Hired 4 engineers"),
        ("I was responsible for hiring 4 engineers", False, "Hired 4 engineers"),
        # No stated tense, or a present one: the resume present (base form) of a current role,
        # as the tense rule writes "Manage" for "Managing"; past for a past role.
        ("Responsible for hiring 4 engineers", True, "Hire 4 engineers"),
        ("I am responsible for hiring 4 engineers", True, "Hire 4 engineers"),
        ("I am responsible for hiring 4 engineers", False, "Hired 4 engineers"),
        ("Was tasked with visiting 4 clients", True, "Visited 4 clients"),
        ("I was responsible for the month-end close", True, "Owned the month-end close"),
        # Team credit is not made personal ("We were responsible" -> "Owned" would claim it).
        (
            "We were responsible for the month-end close",
            True,
            "We were responsible for the month-end close",
        ),
    ],
)
def test_a_stated_tense_is_kept_and_the_rewrite_is_grammatical(before, current, after):
    assert improved_text(before, current=current) == after


# --- property: no bullet leaves the rules with two tenses ----------------------------------

# Verbs whose forms the lexicon reads back unambiguously (not "set"/"cut", not noun-like heads).
AGREE_VERBS = [
    v
    for v in VERBS
    if all(
        (found := lookup(inflect(v, f))) is not None and found.base == v and found.form is f
        for f in (Form.BASE, Form.PAST, Form.THIRD, Form.GERUND)
    )
]
DETERMINED = [o for o in OBJECTS if o.split()[0] in {"the", "a"}]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(AGREE_VERBS),
    st.sampled_from(AGREE_VERBS),
    st.sampled_from(DETERMINED),
    st.sampled_from(DETERMINED),
    st.sampled_from([Form.BASE, Form.PAST, Form.THIRD, Form.GERUND]),
    st.sampled_from(["", "Helped ", "Help ", "Helping "]),
    st.booleans(),
)
@example("contribute", "accelerate", DETERMINED[0], DETERMINED[0], Form.BASE, "Helped ", False)
@example(
    "guide",
    "accelerate",
    "the onboarding guide for new analysts",
    "the monthly reporting process",
    Form.BASE,
    "",
    False,
)
def test_coordinated_verbs_never_end_in_two_tenses(v1, v2, o1, o2, form, helped, current):
    first = inflect(v1, form if not helped else Form.BASE)
    text = f"{helped}{first} {o1} and {inflect(v2, form if not helped else Form.BASE)} {o2}"
    text = text[:1].upper() + text[1:]
    r = resume(entry(text, current=current, prefix="p"))
    raw, _changes = RuleImprover().rewrite(r)
    assert guard_resume(r, raw, None) == []
    after = RuleImprover().improve(r).resume.sections[1].entries[0].bullets[0].text
    words = re.findall(r"[A-Za-z-]+", after)
    verb_forms = [lookup(w) for w in words]
    # The form of the verb right after "and" equals that of the verb it is coordinated with:
    # the opener, or (after "Contributed to"/"in") the first -ing verb.
    i = words.index("and")
    after_and = verb_forms[i + 1]
    assert after_and is not None, after
    # Not the opener itself: "Helped contribute X" opens "Contributed to contributing X".
    # Only an -ing form counts: the object may hold the same word as a noun ("Guide the
    # onboarding guide"), which is no verb.
    partners = [
        f for f in verb_forms[1:i] if f is not None and f.base == v1 and f.form is Form.GERUND
    ]
    partner = partners[0] if partners else verb_forms[0]
    assert partner is not None, after
    assert after_and.form is partner.form, (text, current, after)
