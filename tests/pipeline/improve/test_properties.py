"""Properties of the RuleImprover on generated resumes."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.analyze import analyze
from pipeline.analyze import bullets as b
from pipeline.analyze.findings import checked_bullets
from pipeline.improve import RuleImprover
from pipeline.improve.guard import guard_resume
from tests.pipeline.resume_factory import entry, resume, resumes

PROPS = settings(max_examples=80, deadline=None)
JD = "Analyst role: SQL, Tableau and Python; weekly stock forecasts for 40 stores."
# Counterexamples hypothesis once found, kept so every run checks them: a gerund after a weak
# opener that carries a number or a skill ("doubling", "auditing"), a base form after "Helped"
# whose gerund is a skill, and a pronoun after "in order to".
FOUND = resume(
    entry(
        "Responsible for doubling the monthly reporting process",
        "Double the monthly reporting process in order to support my team",
        "I was responsible for auditing vendor contracts.",
        "Helped audit quarterly budget reviews",
        "Helped master the onboarding guide for new analysts",
        current=True,
        prefix="e0b",
    ),
    entry(
        "Responsible for doubling the monthly reporting process",
        "Double the monthly reporting process in order to support my team",
        "Tasked with budgeting vendor contracts",
        "Helped double weekly stock forecasts",
        prefix="e1b",
    ),
)


@PROPS
@given(resumes())
@example(FOUND)
def test_raw_rule_output_passes_the_guard(r):
    raw, _changes = RuleImprover().rewrite(r, JD)
    assert guard_resume(r, raw, JD) == []
    assert RuleImprover().improve(r, JD).changes.rejected == 0


@PROPS
@given(resumes())
def test_deterministic(r):
    first = RuleImprover().improve(r, JD)
    second = RuleImprover().improve(r.model_copy(deep=True), JD)
    assert first == second


@PROPS
@given(resumes())
@example(FOUND)
def test_score_never_lower_and_no_weak_opener_left(r):
    out = RuleImprover().improve(r)
    assert analyze(out.resume).score >= analyze(r).score
    texts = [bullet.text for *_x, bullet in checked_bullets(out.resume)]
    assert not [t for t in texts if b.weak_opener(t)]
    assert not [t for t in texts if b.pronouns(t)]
    assert all(b.starts_with_action_verb(t) for t in texts), texts


@PROPS
@given(resumes())
@example(FOUND)
def test_improving_twice_changes_nothing_more(r):
    once = RuleImprover().improve(r).resume
    twice = RuleImprover().improve(once)
    assert twice.resume == once
    assert twice.changes.changes == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=6), st.sampled_from(["en", None, "de"]))
def test_arbitrary_text_never_crashes_and_loses_nothing(texts, language):
    r = resume(entry(*texts, prefix="x"), language=language)
    out = RuleImprover().improve(r, " ".join(texts))
    assert guard_resume(r, out.resume, " ".join(texts)) == []
    assert 0 <= analyze(out.resume).score <= 100
