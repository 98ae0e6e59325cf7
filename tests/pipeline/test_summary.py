"""The change summary every channel formats."""

from __future__ import annotations

from pipeline.analyze import analyze
from pipeline.improve import RuleImprover
from pipeline.model import Change, ChangeSet
from pipeline.summary import MISSING_SHOWN, language_note, quote, summarize
from tests.pipeline.resume_factory import entry, resume

JD = "Analyst: Python, SQL and Kubernetes."


def _run(*texts: str, jd: str | None = None):
    r = resume(entry(*texts, prefix="p"), experience_title="Work History")
    out = RuleImprover().improve(r, jd)
    return analyze(r, jd), analyze(out.resume, jd), out.changes


def test_headline_items_most_important_first_and_suggestions():
    before, after, changes = _run(
        "built 4 dashboards",
        "Responsible for managing the travel budget",
        "I prepared 12 monthly reports",
        jd=JD,
    )
    s = summarize(before, after, changes)
    assert s.headline == f"ATS score {before.score} → {after.score}"
    assert after.score > before.score
    assert s.items[0].startswith("Rewrote 'Responsible for managing the…' → 'Managed the travel")
    assert s.items[0].endswith("weak opener 'responsible for'")
    assert any(i.startswith("Renamed heading 'Work History' → 'Experience'") for i in s.items)
    # Capitalisation alone is a minor fix: counted in one line, after the rewrites.
    assert s.items[-1] == "Fixed capitals or punctuation in 1 bullet for consistency"
    assert any("add" in x and "travel budget" in x for x in s.suggestions)
    assert s.keywords is not None and s.keywords.startswith("Job keywords: matched ")
    assert "Kubernetes" in s.keywords or "kubernetes" in s.keywords
    text = s.as_text()
    assert text.splitlines()[0] == s.headline and "Suggestions:" in text


def test_limit_and_rejections_and_notes():
    changes = ChangeSet(
        changes=[
            Change(
                location=f"p{i}",
                before=f"Helped team {i}",
                after=f"Supported team {i}",
                reason="weak opener 'helped'",
            )
            for i in range(5)
        ],
        rejected=2,
        notes=["improved offline"],
    )
    a = analyze(resume(entry("Led 3 analysts")))
    s = summarize(a, a, changes, limit=3)
    assert len([i for i in s.items if i.startswith("Rewrote")]) == 3
    assert "…and 2 more rewrites" in s.items
    assert "Kept 2 original bullets where a rewrite changed a fact" in s.items
    assert s.headline.endswith("(improved offline)")


def test_analysis_only_lists_costliest_findings():
    a = analyze(resume(entry("Responsible for budgets", "Helped with reports", prefix="p")))
    s = summarize(a, None, None)
    assert s.headline == f"ATS score {a.score}"
    assert s.items and "points" in s.items[0]
    assert any("weak" in i.lower() or "opens with" in i for i in s.items)


def test_quotes_are_short_and_contact_details_absent():
    assert quote("one two three four five six seven eight nine ten eleven", 20) == (
        "one two three four…"
    )
    assert quote("Wrote to a.b@example.org, +44 20 7946 0123") == "Wrote to [email], [phone]"
    before, after, changes = _run("Responsible for mail to a.b@example.org")
    s = summarize(before, after, changes)
    assert "Rewrote 'Responsible for mail to [email]'" in s.as_text()
    assert "a.b@example.org" not in s.as_text()


def test_a_resume_not_in_english_says_rewriting_is_english_only():
    r = resume(entry("Verantwortlich für 3 Berichte", prefix="p"), language="de")
    out = RuleImprover().improve(r)
    assert out.resume == r  # nothing rewritten
    before, after = analyze(r), analyze(out.resume)
    s = summarize(before, after, out.changes)
    # The score alone, with no item, reads as "nothing needed changing": it says why instead.
    assert s.headline == f"ATS score {before.score} → {after.score}"
    assert s.items[0] == (
        "No text was rewritten: rewriting is only available for English resumes (this one is "
        "in German). Still checked: layout, sections, dates and contact details"
    )
    assert "No text needed changing" not in s.as_text()
    # The channels' plain text (CLI, e-mail) carries it.
    assert s.as_text().splitlines()[1].startswith("- No text was rewritten")


def test_the_language_note_names_unlisted_languages_by_code_and_skips_english():
    assert language_note("en") is None and language_note(None) is None
    assert language_note("en-GB") is None
    note = language_note("xx")
    assert note is not None and "(this one is in xx)" in note


def test_a_language_note_with_rewrites_or_from_gemini_adds_no_item():
    note = language_note("de")
    assert note is not None
    a = analyze(resume(entry("Led 3 analysts")))
    rewrite = Change(location="p0", before="Hilfe", after="Leitete", reason="weak opener")
    with_rewrite = ChangeSet(changes=[rewrite], notes=[note], improver="gemini")
    s = summarize(a, a, with_rewrite)
    assert not any("English" in i for i in s.items)
    assert s.headline == f"ATS score {a.score} → {a.score}"  # the note is not in the headline
    gemini_none = ChangeSet(notes=[note], improver="gemini")
    assert not any("English" in i for i in summarize(a, a, gemini_none).items)
    offline = ChangeSet(notes=[note, "improved offline"], improver="rules")
    s = summarize(a, a, offline)
    assert s.items[0].startswith("No text was rewritten: rewriting is only available")
    assert s.headline.endswith("(improved offline)")


def test_english_resume_gets_no_language_note():
    out = RuleImprover().improve(resume(entry("Led 3 analysts", prefix="p")))
    assert out.changes.notes == []


def test_missing_keywords_beyond_the_shown_are_counted():
    jd = (
        "We need Kubernetes, Terraform, Kafka, Rust, Scala, GraphQL, React, TypeScript, Java,"
        " Ansible, MongoDB and Elasticsearch."
    )
    before = analyze(resume(), jd)
    assert before.keywords is not None
    missing = before.keywords.missing
    assert len(missing) > MISSING_SHOWN
    text = summarize(before, None, None).keywords or ""
    assert f"and {len(missing) - MISSING_SHOWN} more" in text
    assert all(term in text for term in missing[:MISSING_SHOWN])


def _hidden_text_resume():
    from pipeline.parse.hidden import hidden_text_warning

    r = resume(entry("Worked on the billing service", "Led 3 analysts", prefix="p"))
    warning = hidden_text_warning(72)
    assert warning is not None
    r.warnings.append(warning)
    return r


def test_hidden_text_comes_first_for_improve_jobs_and_says_it_was_left_out():
    r = _hidden_text_resume()
    out = RuleImprover().improve(r, None)
    before, after = analyze(r), analyze(out.resume)
    assert any(f.code == "hidden_text" for f in before.findings)
    s = summarize(before, after, out.changes)
    assert s.items[0].startswith("Ignored hidden text (72 characters)")
    assert "The improved resume leaves it out." in s.items[0]
    assert any(i.startswith("Rewrote 'Worked on") for i in s.items[1:])
    # Without hidden text, nothing is said about it.
    plain = resume(entry("Worked on the billing service", prefix="p"))
    assert not any("hidden" in i for i in summarize(analyze(plain), None, out.changes).items)


def test_hidden_text_comes_first_for_analyze_jobs_once_within_the_limit():
    a = analyze(_hidden_text_resume())
    s = summarize(a, None, None, limit=3)
    assert s.items[0].startswith("Ignored hidden text (72 characters)")
    assert "improved resume" not in s.items[0]
    assert len(s.items) == 3
    assert sum("hidden text" in i for i in s.items) == 1


def test_a_group_with_different_fixes_does_not_give_one_fix_for_all():
    r = resume(entry("Led 3 analysts", prefix="p"), experience_title="Work History")
    r.sections[0].title = "About Me"
    a = analyze(r)
    headings = [f for f in a.findings if f.code == "non_standard_heading"]
    assert len({f.fix for f in headings}) == 2, headings
    items = [i for i in summarize(a, None, None).items if "heading" in i.lower()]
    assert len(items) == 2, items
    assert not any(i.startswith("2×") for i in items)
    about = next(i for i in items if "'About Me'" in i)
    history = next(i for i in items if "'Work History'" in i)
    assert "Rename it 'Summary'" in about and "'Experience'" not in about
    assert "Rename it 'Experience'" in history and "'Summary'" not in history


def test_a_group_with_one_fix_keeps_one_line_and_many_fixes_get_a_generic_line():
    from pipeline.model import Analysis, Finding

    def finding(i: int, fix: str) -> Finding:
        return Finding(
            code="odd_thing", category="content", message=f"Odd {i}.", fix=fix, points=1.0
        )

    same = summarize(
        Analysis(score=90, findings=[finding(i, "Fix it.") for i in range(3)]), None, None
    )
    assert same.items == ["3× odd thing: Fix it. (−3.0 points)"]
    many = [finding(i, f"Fix it {i}.") for i in range(5)]
    generic = summarize(Analysis(score=90, findings=many), None, None)
    assert generic.items == [
        "5× odd thing, each with its own fix; e.g. Odd 0. Fix it 0. (−5.0 points)"
    ]


def test_a_rewrite_is_quoted_where_it_changes():
    from pipeline.summary import quote_pair

    before = "Established a core architecture for the payments platform that was used by all teams"
    after = "Established a core architecture for the payments platform used by all teams"
    b, a = quote_pair(before, after)
    assert b != a
    assert "that was used" in b and "that" not in a
    # A change within the first words is quoted from the start, as before.
    assert quote_pair("Responsible for the billing service", "Owned the billing service") == (
        "Responsible for the billing…",
        "Owned the billing service",
    )
