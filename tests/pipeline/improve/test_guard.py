"""The fact guard: unit cases and hypothesis properties on generated bullets."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.analyze.skills import CASE_SENSITIVE_ALIASES, SKILLS, find_skills
from pipeline.analyze.verbs import lookup
from pipeline.improve.facts import COMMON_WORDS, extract_facts
from pipeline.improve.guard import check_rewrite, enforce, guard_resume
from pipeline.model import Change, ChangeSet
from tests.pipeline.resume_factory import bullet_texts, entry, resume

BEFORE = "Responsible for the Contoso billing API serving 2M users in Python"


@pytest.mark.parametrize(
    ("after", "why"),
    [
        ("Managed the Contoso billing API serving 2M users in Python, cutting costs 30%", "number"),
        ("Managed the Contoso billing API serving 2M users in Python since March 2020", "date"),
        ("Managed the Contoso billing API serving 2M users in Python, saving $40K", "number"),
        ("Managed the Contoso billing API serving 2M users in Python for Fabrikam", "name"),
        ("Managed the Contoso billing API serving 2M users in Python and Kubernetes", "skill"),
        ("Managed the Contoso billing API serving 2M users in Python with an MBA", "degree"),
        ("Managed the Contoso billing API serving 2M users in Python as Staff Engineer", "name"),
        ("Managed the billing API serving 2M users in Python", "drops name 'contoso'"),
        ("Managed the Contoso billing API serving users in Python", "drops number '2m'"),
        ("Managed the Contoso billing API serving 2M users", "drops skill 'python'"),
    ],
)
def test_rejects_added_or_dropped_facts(after, why):
    verdict = check_rewrite(BEFORE, after, allowed_text="")
    assert not verdict.ok
    assert any(why in r for r in verdict.reasons), verdict.reasons


@pytest.mark.parametrize(
    "after",
    [
        "Managed the Contoso billing API serving 2M users in Python",
        "Owned the Contoso billing API, which served 2M users, in Python",
        "Oversaw the billing API at Contoso that served 2M users (Python)",
    ],
)
def test_accepts_rephrasings(after):
    assert check_rewrite(BEFORE, after, allowed_text="").ok


def test_facts_from_the_resume_or_job_description_are_allowed():
    after = "Managed the Contoso billing API serving 2M users in Python and Kubernetes"
    assert check_rewrite(BEFORE, after, allowed_text="Skills: k8s").ok  # alias
    assert check_rewrite(BEFORE, after, allowed_text="We run Kubernetes").ok
    assert not check_rewrite(BEFORE, after, allowed_text="We run Docker").ok


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Responsible for auditing vendor contracts", "Audited vendor contracts"),
        ("Auditing vendor contracts", "Audit vendor contracts"),
        ("Audited vendor contracts", "Auditing vendor contracts"),
        ("Responsible for doubling sales", "Doubled sales"),
        ("Helped double sales", "Contributed to doubling sales"),
        ("Helped master the close", "Contributed to mastering the close"),
    ],
)
def test_another_inflection_of_the_same_word_is_the_same_fact(before, after):
    assert check_rewrite(before, after, allowed_text="").ok


@pytest.mark.parametrize(
    ("before", "after", "why"),
    [
        # A noun ("audit", "forecasts") does not make its gerund skill a fact of the bullet.
        ("Prepared the audit report", "Prepared the auditing report", "adds skill 'auditing'"),
        ("Prepared weekly forecasts", "Prepared weekly forecasting", "adds skill 'forecasting'"),
        ("Grew sales", "Doubled sales", "adds number '2'"),
        ("Doubled sales", "Tripled sales", "adds number '3'"),
        ("Auditing vendor contracts", "Reviewed vendor contracts", "drops skill 'auditing'"),
    ],
)
def test_inflection_does_not_let_a_new_fact_through(before, after, why):
    verdict = check_rewrite(before, after, allowed_text="")
    assert any(why in r for r in verdict.reasons), verdict.reasons


def test_number_words_and_digits_are_the_same_fact():
    assert check_rewrite("Led three analysts", "Led 3 analysts", allowed_text="").ok
    assert not check_rewrite("Led three analysts", "Led 4 analysts", allowed_text="").ok


def test_guard_resume_catches_contact_entry_and_dropped_bullet():
    original = resume(entry("Built 4 dashboards", "Led 3 analysts", prefix="p"))
    changed = original.model_copy(deep=True)
    changed.contact.email = "someone.else@example.org"
    changed.sections[1].entries[0].organization = "Fabrikam"
    changed.sections[1].entries[0].bullets.pop()
    kinds = {(v.location, v.kind) for v in guard_resume(original, changed, None)}
    assert ("contact", "contact") in kinds
    assert ("section:1/entry:0", "entry") in kinds
    assert ("p1", "dropped") in kinds


def test_enforce_reverts_only_the_offending_bullet():
    original = resume(entry("Built 4 dashboards", "Led 3 analysts", prefix="p"))
    changed = original.model_copy(deep=True)
    bullets = changed.sections[1].entries[0].bullets
    bullets[0].text = "Built 4 dashboards for 900 stores"  # invents a number
    bullets[1].text = "Managed 3 analysts"  # fine
    changes = ChangeSet(
        changes=[
            Change(location="p0", before="Built 4 dashboards", after=bullets[0].text, reason="x"),
            Change(location="p1", before="Led 3 analysts", after=bullets[1].text, reason="y"),
        ]
    )
    result = enforce(original, changed, changes, None)
    texts = [b.text for b in result.resume.sections[1].entries[0].bullets]
    assert texts == ["Built 4 dashboards", "Managed 3 analysts"]
    assert [c.location for c in result.changes.changes] == ["p1"]
    assert result.changes.rejected == 1
    assert guard_resume(original, result.resume, None) == []


# --- properties -------------------------------------------------------------------------

PROPS = settings(max_examples=150, deadline=None)
capitalised = st.from_regex(r"\A[A-Z][a-z]{3,9}\Z").filter(
    lambda w: lookup(w) is None and w.lower() not in COMMON_WORDS and not find_skills(w)
)
months = st.sampled_from(["January", "Feb", "March", "Apr", "June", "Sept", "October", "Dec"])


def _skill_form(canonical: str) -> str:
    return canonical.upper() if canonical in CASE_SENSITIVE_ALIASES else canonical


@PROPS
@given(bullet_texts(), st.integers(0, 10**7), st.sampled_from(["", "%", "$", "K", "M", "x"]))
def test_any_new_number_is_rejected(before, n, unit):
    token = f"${n}" if unit == "$" else f"{n}{unit}"
    assume(not (extract_facts(token) <= extract_facts(before)))
    after = f"{before.rstrip('.')} reaching {token}"
    assert not check_rewrite(before, after, allowed_text=before).ok


@PROPS
@given(bullet_texts(), months, st.integers(1990, 2030))
def test_any_new_date_is_rejected(before, month, year):
    assume(str(year) not in before)
    after = f"{before.rstrip('.')} in {month} {year}"
    assert not check_rewrite(before, after, allowed_text=before).ok


@PROPS
@given(bullet_texts(), capitalised, st.sampled_from(["at", "for", "with", "as"]))
def test_any_new_capitalised_word_is_rejected(before, word, prep):
    assume(word.lower() not in before.lower())
    after = f"{before.rstrip('.')} {prep} {word}"
    assert not check_rewrite(before, after, allowed_text=before).ok


@PROPS
@given(bullet_texts(), st.sampled_from(sorted(SKILLS)))
def test_any_new_known_skill_is_rejected(before, skill):
    assume(skill not in find_skills(before))
    after = f"{before.rstrip('.')} using {_skill_form(skill)}"
    assert not check_rewrite(before, after, allowed_text=before).ok


@PROPS
@given(bullet_texts())
def test_dropping_any_fact_is_rejected(before):
    words = before.split()
    facts = extract_facts(before)
    for i in range(len(words)):
        after = " ".join(words[:i] + words[i + 1 :])
        lost = facts - extract_facts(after)
        # Only words that carry a fact on their own (not merely by position) must be kept.
        if lost and all(f.split(":", 1)[1] not in after.lower() for f in lost):
            assert not check_rewrite(before, after, allowed_text="").ok, (before, after)


@PROPS
@given(
    bullet_texts(),
    st.sampled_from(["Successfully ", "", "Also "]),
    st.sampled_from(["", " as planned", " on schedule", " for the business"]),
)
def test_pure_rephrasings_with_the_same_facts_are_accepted(before, prefix, suffix):
    body = before.rstrip(".")
    after = f"{prefix}{body[:1].lower() if prefix else body[:1]}{body[1:]}{suffix}."
    assert check_rewrite(before, after, allowed_text=before).ok, check_rewrite(
        before, after, allowed_text=before
    ).reasons
