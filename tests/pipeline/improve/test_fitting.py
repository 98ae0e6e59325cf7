"""rules-4: substitute verbs fit their object and never pile up; shared credit, first-person
summaries, British spellings, every section of roles, and non-English resumes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.analyze import analyze
from pipeline.analyze import bullets as b
from pipeline.analyze.verbs import Form, lookup
from pipeline.improve import RuleImprover
from pipeline.improve.guard import check_rewrite, guard_resume
from pipeline.improve.rules import REPEAT_LIMIT, summary_voice
from pipeline.model import Bullet, Entry, Section, SectionKind
from pipeline.summary import summarize
from tests.pipeline.improve.test_rules import improved_text
from tests.pipeline.resume_factory import entry, resume


@pytest.mark.parametrize(
    ("before", "current", "after"),
    [
        # A work item is handled: "contributed to tickets" is no English, "resolved" a claim.
        ("Worked on tickets", False, "Handled tickets"),
        ("Work on 40 support tickets a day", True, "Handle 40 support tickets a day"),
        ("Working on customer escalations", False, "Handled customer escalations"),
        # A thing one contributes to, or an activity.
        ("Worked on the CI pipeline", False, "Contributed to the CI pipeline"),
        (
            "Worked on moving the order service to Go",
            False,
            "Contributed to moving the order service to Go",
        ),
        ("Was involved in a lawsuit review", False, "Contributed to a lawsuit review"),
        # No verb says the same: the bullet stays as written.
        ("Worked on weekends at the help desk", False, "Worked on weekends at the help desk"),
        ("Worked in retail for 3 years", False, "Worked in retail for 3 years"),
        ("Worked in a team of 5 engineers", False, "Worked in a team of 5 engineers"),
        ("Was involved in 30 tickets a week", False, "Was involved in 30 tickets a week"),
        ("Worked on it", False, "Worked on it"),
        ("Responsible for it", False, "Responsible for it"),
        # "worked in" a tool is using it.
        ("Worked in Excel and SQL daily", False, "Used Excel and SQL daily"),
        # "helped with" a thing is supporting it; with an activity, assisting in it.
        ("Helped with code reviews", False, "Assisted with code reviews"),
        ("Helped with moving the servers", False, "Assisted with moving the servers"),
        # "to" repeated after "and" goes with the first one: one form for both verbs.
        (
            "Helped to hire 3 engineers and to onboard them",
            True,
            "Contributed to hiring 3 engineers and onboarding them",
        ),
        # The fresh-user cases: one form, and a stated past kept in a current role.
        (
            "Helped hire 3 engineers and onboard them",
            True,
            "Contributed to hiring 3 engineers and onboarding them",
        ),
        (
            "Helped the team to reduce p95 latency by 45%",
            True,
            "Supported the team in reducing p95 latency by 45%",
        ),
        # British spellings are verbs, and keep their spelling.
        ("Responsible for organising the yearly demo day", True, "Organise the yearly demo day"),
        ("Responsible for organising the yearly demo day", False, "Organised the yearly demo day"),
        ("Prioritising 30 bugs a week", False, "Prioritised 30 bugs a week"),
    ],
)
def test_substitute_verbs_fit_their_object(before, current, after):
    assert improved_text(before, current=current) == after


def _texts(out):
    return [x.text for x in out.resume.sections[1].entries[0].bullets]


def test_a_substitute_verb_never_opens_a_third_bullet():
    texts = [
        "Worked on the billing API",
        "Worked on the search page",
        "Worked on the mobile app",
        "Worked on the admin console",
    ]
    r = resume(entry(*texts, prefix="p"))
    out = RuleImprover().improve(r)
    after = _texts(out)
    assert after[:REPEAT_LIMIT] == [
        "Contributed to the billing API",
        "Contributed to the search page",
    ]
    # The rest keep their words and get the advice to say what was done.
    assert after[REPEAT_LIMIT:] == texts[REPEAT_LIMIT:]
    advised = {s.location for s in out.changes.suggestions if "action verb" in s.reason}
    assert {"p2", "p3"} <= advised
    assert "repeated_opener" not in {f.code for f in analyze(out.resume).findings}
    assert analyze(out.resume).score >= analyze(r).score


def test_helped_alternates_between_honest_verbs_then_stops():
    texts = [
        f"Helped build the {x} service" for x in ("billing", "search", "quote", "audit", "tax")
    ]
    out = RuleImprover().improve(resume(entry(*texts, prefix="p")))
    after = _texts(out)
    assert after[:4] == [
        "Contributed to building the billing service",
        "Assisted in building the search service",
        "Contributed to building the quote service",
        "Assisted in building the audit service",
    ]
    assert after[4] == texts[4]
    assert sum(t.startswith("Contributed") for t in after) == REPEAT_LIMIT


@pytest.mark.parametrize(
    ("before", "current", "after"),
    [
        # The team's share stays in "co-"; the pronouns go.
        (
            "My team and I designed the event pipeline on Kafka that replaced nightly jobs",
            True,
            "Co-designed the event pipeline on Kafka that replaced nightly jobs",
        ),
        ("I and my colleague wrote 3 papers", False, "Co-wrote 3 papers"),
        ("Our team and I design 4 courses", False, "Co-designed 4 courses"),
        ("Co-author 3 papers", False, "Co-authored 3 papers"),  # the prefix survives the tense
        # A verb that reads badly with "co-": left as written, never "Cut costs" alone.
        ("My team and I cut costs by 20%", False, "My team and I cut costs by 20%"),
    ],
)
def test_shared_credit_is_kept(before, current, after):
    assert improved_text(before, current=current) == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "I am a backend developer with seven years of experience building web services in "
            "Python and Go. I like working on APIs, databases and the tooling that keeps them "
            "running, and I am looking for a senior backend role.",
            "Backend developer with seven years of experience building web services in "
            "Python and Go. I like working on APIs, databases and the tooling that keeps them "
            "running, and I am looking for a senior backend role.",
        ),
        (
            "I am currently looking for a role in fintech.",
            "Currently looking for a role in fintech.",
        ),
        ("I'm passionate about clean code!", "Passionate about clean code!"),
        ("I have seven years of experience in Go.", "Seven years of experience in Go."),
        ("I have a strong background in SQL.", "Strong background in SQL."),
        ("I have written 3 books. I led 4 teams.", "Wrote 3 books. Led 4 teams."),
        # Nothing grammatical is left without the pronoun: the sentence stays.
        ("I like working on APIs.", "I like working on APIs."),
        ("I am not a fan of meetings.", "I am not a fan of meetings."),
        ("I have been a developer for 5 years.", "I have been a developer for 5 years."),
        ("I am in Berlin.", "I am in Berlin."),
        ("Analyst with six years in retail data.", "Analyst with six years in retail data."),
    ],
)
def test_summary_voice(before, after):
    assert summary_voice(before) == after


def test_first_person_summary_is_rewritten_and_guarded():
    r = resume(entry("Built 3 reports", prefix="p"))
    r.sections[0].entries[0].text = "I am an analyst with 6 years in retail. I like SQL."
    raw, _changes = RuleImprover().rewrite(r)
    assert guard_resume(r, raw, None) == []
    out = RuleImprover().improve(r)
    assert out.resume.sections[0].entries[0].text == "Analyst with 6 years in retail. I like SQL."
    change = next(c for c in out.changes.changes if c.location == "section:0/entry:0")
    # The label says what happened: one sentence of two lost its "I", the other stays.
    assert change.reason.startswith("first-person pronoun removed from 1 of 2 sentences")
    assert "the other stays as written (it would not" in change.reason
    s = summarize(analyze(r), analyze(out.resume), out.changes)
    assert any(i.startswith("Rewrote 'I am an analyst") for i in s.items)


def _section(kind: SectionKind, title: str, *bullets: str, dates: str) -> Section:
    return Section(
        kind=kind,
        title=title,
        entries=[
            Entry(
                title="Mentor",
                organization="Code Club",
                dates=dates,
                bullets=[Bullet(id=f"v{i}", text=t) for i, t in enumerate(bullets)],
            )
        ],
    )


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        (SectionKind.VOLUNTEERING, "Volunteering"),
        (SectionKind.PROJECTS, "Projects"),
        (SectionKind.OTHER, "Leadership"),
        (SectionKind.OTHER, "Extracurricular Activities"),
    ],
)
@pytest.mark.parametrize(
    ("dates", "verb"), [("2019 – Present", "Organise"), ("2015 – 2018", "Organised")]
)
def test_bullet_rules_apply_in_every_section_of_roles_with_the_tense_of_its_dates(
    kind, title, dates, verb
):
    extra = [_section(kind, title, "Responsible for organising the yearly demo day", dates=dates)]
    r = resume(entry("Built 3 reports", prefix="p"), extra=extra)
    out = RuleImprover().improve(r)
    assert out.resume.sections[-1].entries[0].bullets[0].text == f"{verb} the yearly demo day"
    # The analysis checks the same bullets the rules rewrite.
    assert any(f.code == "weak_opener" and f.location == "v0" for f in analyze(r).findings)


def test_other_sections_that_are_not_roles_are_left_alone():
    extra = [
        _section(SectionKind.OTHER, "Invited Talks", "Responsible for the keynote", dates="2020")
    ]
    r = resume(entry("Built 3 reports", prefix="p"), extra=extra)
    out = RuleImprover().improve(r)
    assert out.resume.sections[-1].entries[0].bullets[0].text == "Responsible for the keynote"


def test_british_spellings_are_verbs_with_their_own_spelling():
    verb = lookup("organising")
    assert verb is not None and verb.base == "organise" and verb.form is Form.GERUND
    assert b.starts_with_action_verb("Organised the yearly demo day")
    assert lookup("promise") is None  # not an -ize verb at all


SUMMARY_SENTENCES = [
    "I am a backend developer with 7 years of experience in Go and SQL.",
    "I am an analyst at Contoso since 2019.",
    "I am looking for a senior role in Leeds.",
    "I'm passionate about clean code!",
    "I have 12 years of experience in retail banking.",
    "I have led 3 migrations to AWS.",
    "I have written 2 books on Python.",
    "I like working on APIs.",
    "I am not a fan of meetings.",
    "I built 4 dashboards in Tableau for 40 stores.",
    "Certified Kubernetes administrator (CKA, 2022).",
]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(SUMMARY_SENTENCES), min_size=1, max_size=5))
def test_summary_voice_adds_and_drops_no_fact_and_is_stable(sentences):
    text = " ".join(sentences)
    after = summary_voice(text)
    verdict = check_rewrite(text, after, allowed_text="")
    assert verdict.ok, (text, after, verdict.reasons)
    assert summary_voice(after) == after
    # Every sentence either lost its first-person opening or kept its words exactly.
    assert after.count(".") + after.count("!") == text.count(".") + text.count("!")
