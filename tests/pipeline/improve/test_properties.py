"""Properties of the RuleImprover on generated resumes."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.analyze import analyze
from pipeline.analyze import bullets as b
from pipeline.analyze.findings import checked_bullets
from pipeline.improve import RuleImprover
from pipeline.improve.guard import guard_resume
from pipeline.improve.rules import REPEAT_LIMIT, first_person, summary_sentences
from tests.pipeline.resume_factory import OBJECTS, entry, resume, resumes

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


# Openers only a substitute makes ("Contributed to X" for "Worked on X"): capped per resume.
SUBSTITUTES = re.compile(
    r"^(?:Contribut(?:e|ed) to|Assist(?:ed)? (?:in|with)|Support(?:ed)? efforts)"
)


@PROPS
@given(resumes())
@example(FOUND)
@example(resume(entry(*[f"Worked on {o}" for o in OBJECTS], prefix="p")))
def test_score_never_lower_and_a_weak_opener_left_only_with_a_suggestion(r):
    out = RuleImprover().improve(r)
    assert analyze(out.resume).score >= analyze(r).score
    before = {bullet.id: bullet.text for *_x, bullet in checked_bullets(r)}
    after = [bullet for *_x, bullet in checked_bullets(out.resume)]
    texts = [bullet.text for bullet in after]
    # A pronoun stays only as written and with a suggestion: team credit ("We cut costs") or
    # a bullet with no grammatical sentence without it ("I built the API that I designed").
    team = {s.location for s in out.changes.suggestions if "what you did yourself" in s.reason}
    voice = {s.location for s in out.changes.suggestions if "first-person" in s.reason}
    for bullet in after:
        if b.pronouns(bullet.text):
            assert bullet.id in team | voice, bullet.text
            assert bullet.text.rstrip(".") == before[bullet.id].strip().rstrip("."), bullet.text
    advised = team | {s.location for s in out.changes.suggestions if "action verb" in s.reason}
    for bullet in after:
        if not b.starts_with_action_verb(bullet.text):
            # Left without a verb only when no honest one was free (none fits the object, or
            # each substitute already opens two bullets); never a verb removed, always advice.
            assert not b.starts_with_action_verb(before[bullet.id]), bullet.text
            assert bullet.id in advised, bullet.text
    # A substitute never opens a third bullet (the analysis would flag a repeated opener).
    for verb in ("Contribut", "Assist", "Support"):
        used = sum(1 for t in texts if SUBSTITUTES.match(t) and t.startswith(verb))
        had = sum(1 for t in before.values() if SUBSTITUTES.match(t) and t.startswith(verb))
        assert used <= max(had, REPEAT_LIMIT), texts


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


# Summary sentences built from first-person clauses: some drop their "I" cleanly, some would
# leave a pronoun behind ("... and I have run usability studies") and must stay as written.
_CLAUSES = (
    "I am a backend developer with 6 years in fintech",
    "I am looking for a junior UX role",
    "I have completed the Google UX Design Certificate",
    "I have run usability studies for two nonprofits",
    "I like working on APIs",
    "I led 4 teams",
    "my favourite part of the job was teaching",
    "I believe my experience transfers to research",
    "I am passionate about data",
    "over eleven years in the classroom I learned a lot",
    "Former teacher moving into research",
    "I've shipped 3 apps",
)


@st.composite
def summaries(draw: st.DrawFn) -> str:
    sentences = []
    for _ in range(draw(st.integers(1, 4))):
        clauses = draw(st.lists(st.sampled_from(_CLAUSES), min_size=1, max_size=2))
        text = " and ".join(clauses)
        sentences.append(text[:1].upper() + text[1:] + ".")
    return " ".join(sentences)


@PROPS
@given(summaries())
@example("I have completed the Google UX Design Certificate and I have run usability studies.")
def test_a_summary_sentence_has_no_pronoun_left_or_is_unchanged(text):
    r = resume(entry("Built 3 reports", prefix="p"))
    r.sections[0].entries[0].text = text
    out = RuleImprover().improve(r)
    new = out.resume.sections[0].entries[0].text
    before, after = summary_sentences(text), summary_sentences(new)
    assert len(before) == len(after)
    for old, sentence in zip(before, after, strict=True):
        assert sentence == old or not first_person(sentence), sentence
    changed = [c for c in out.changes.changes if c.location == "section:0/entry:0"]
    if new == text:
        assert not changed
    else:
        # The label describes what happened: "removed" only when no pronoun is left.
        (change,) = changed
        left = any(first_person(s) for s in after)
        assert (change.reason == "first-person pronoun removed") is (not left)


# Bullets built from first-person clauses: "I built X and I shipped Y" loses both pronouns;
# "I built the API that I designed" or "... and we shipped 2" would keep one and stays as written.
_BULLET_CLAUSES = (
    "I built 3 dashboards",
    "I shipped the billing API",
    "I led 4 code reviews",
    "I was responsible for hiring",
    "I like working on APIs",
    "I am the go-to person for Terraform",
    "we cut costs by 20%",
    "my team and I designed the onboarding flow",
    "trained 5 analysts who reported to me",
    "wrote the guide that I maintain",
    "the team shipped 2 releases",
    "I quickly fixed 40 bugs",
)


@st.composite
def first_person_bullets(draw: st.DrawFn) -> str:
    clauses = draw(st.lists(st.sampled_from(_BULLET_CLAUSES), min_size=1, max_size=3))
    joiners = [draw(st.sampled_from([" and ", ", ", "; "])) for _ in clauses[1:]]
    text = clauses[0] + "".join(j + c for j, c in zip(joiners, clauses[1:], strict=True))
    return text[:1].upper() + text[1:]


@PROPS
@given(first_person_bullets(), st.booleans())
@example("I built 3 dashboards and I shipped the billing API", False)
@example("I was responsible for hiring and I led 4 code reviews", True)
def test_a_bullet_has_no_pronoun_left_or_is_unchanged(text, current):
    r = resume(entry(text, current=current, prefix="p"))
    out = RuleImprover().improve(r)
    assert guard_resume(r, out.resume, None) == []
    new = out.resume.sections[1].entries[0].bullets[0].text
    if b.pronouns(new):
        # As written (the full stop follows the resume's majority) and with advice.
        assert new.rstrip(".") == text.rstrip("."), new
        assert [
            s
            for s in out.changes.suggestions
            if s.location == "p0"
            and ("without first-person pronouns" in s.reason or "what you did yourself" in s.reason)
        ], new
    elif text.startswith("I built") and " and I shipped" in text:
        # Both subjects went, grammatically: no half-changed "Built X and I shipped Y".
        assert " and shipped" in new, new
