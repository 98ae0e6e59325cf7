"""The change report: an overview page, then every change and suggestion in full."""

from __future__ import annotations

import re

import pymupdf
import pytest

from pipeline.model import (
    Analysis,
    Bullet,
    CategoryScore,
    Change,
    ChangeSet,
    Entry,
    KeywordMatch,
    Resume,
    Section,
    SectionKind,
)
from pipeline.render import render_report
from pipeline.summary import summarize

CATEGORIES = ("parseability", "sections", "contact", "dates", "content")
# Reasons as the rule engine writes them, least important first in document order below.
REASONS = (
    "consistent punctuation",
    "capitalised",
    "filler removed",
    "past tense for a past role",
    "weak opener 'responsible for'",
)


def _analysis(score: int, content: float, keywords: KeywordMatch | None = None) -> Analysis:
    cats = [CategoryScore(name=n, score=15, max_score=20) for n in CATEGORIES[:-1]]
    cats.append(CategoryScore(name="content", score=content, max_score=20))
    return Analysis(score=score, categories=cats, keywords=keywords)


def _open(pdf: bytes) -> pymupdf.Document:
    return pymupdf.open(stream=pdf, filetype="pdf")


def _flat(text: str) -> str:
    """Page text with line breaks and runs of spaces as single spaces (wrapped lines joined)."""
    return " ".join(text.split())


def _resume(changes: int) -> tuple[Resume, ChangeSet]:
    """A resume with ``changes`` rewritten bullets in two experience sections, each change
    longer than the overview shows (so cutting would be visible), plus two suggestions each
    for some bullets, and the most important change (a weak opener) last but one."""
    sections = [
        Section(kind=SectionKind.SUMMARY, title="Profile", entries=[Entry(text="Engineer.")]),
        Section(kind=SectionKind.EXPERIENCE, title="Work at Acme & Co <Zürich>", entries=[]),
        Section(kind=SectionKind.EXPERIENCE, title="Earlier roles", entries=[]),
    ]
    changeset = ChangeSet()
    for i in range(changes):
        si = 1 if i < changes // 2 else 2
        bid = f"s{si}-e0-b{i}"
        before = (
            f"Worked on migration number {i} of the billing platform from the old monolith to "
            f"services, coordinating with finance, support and R&D <team {i}> over many months"
        )
        after = f"Migrated billing platform part {i} to services with finance, support and R&D"
        reason = REASONS[4] if i == changes - 2 else REASONS[i % 4]
        sections[si].entries.append(Entry(bullets=[Bullet(id=bid, text=after)]))
        changeset.changes.append(Change(location=bid, before=before, after=after, reason=reason))
        if i % 3 == 0:
            for hint in ("add how many people this served", "open with an action verb"):
                changeset.suggestions.append(
                    Change(location=bid, before=after, after="", reason=hint, kind="suggestion")
                )
    return Resume(sections=sections), changeset


def test_forty_changes_are_all_listed_in_full_on_later_pages() -> None:
    resume, changes = _resume(40)
    pdf = render_report(_analysis(55, 5), _analysis(71, 17), changes, "Zoë Åström", resume=resume)
    doc = _open(pdf)
    assert doc.page_count > 1
    pages = [_flat(page.get_text()) for page in doc]
    text = " ".join(pages)
    for change in changes.changes:
        assert change.before in text, change.location  # escaped user text, never cut
        assert change.after in text
    for s in changes.suggestions:
        assert s.before in text
    assert "more changes" not in text and "more suggestions" not in text
    assert not re.search(r"and \d+ more", text)
    assert "ATS score 55 → 71" in pages[0] and "Resume review: Zoë Åström" in pages[0]
    assert "Most important changes (10 of 40)" in pages[0]
    assert (
        "All 40 changes and 28 suggestions, in full and grouped by section: from page 2."
        in pages[0]
    )
    for n, page in enumerate(pages, 1):
        assert page.endswith(f"Page {n} of {doc.page_count}")
    # The full list is grouped under the resume's section titles, in the resume's order.
    rest = " ".join(pages[1:])
    first, second = rest.index("Work at Acme & Co <Zürich>"), rest.index("Earlier roles")
    assert first < rest.index(changes.changes[0].before) < second
    assert second < rest.index(changes.changes[-1].before)
    # Two suggestions on one bullet print the bullet once, with both reasons.
    assert "add how many people this served; open with an action verb" in rest
    # Same input, same bytes.
    assert (
        render_report(_analysis(55, 5), _analysis(71, 17), changes, "Zoë Åström", resume=resume)
        == pdf
    )


def test_the_most_important_change_comes_first_as_in_the_summaries() -> None:
    resume, changes = _resume(40)
    doc = _open(render_report(_analysis(55, 5), _analysis(71, 17), changes, None, resume=resume))
    overview = doc[0].get_text()
    top = overview.split("Most important changes", 1)[1]
    shown = [line.split(":")[0] for line in top.splitlines() if line.startswith("• ")]
    assert shown[0] == f"• {REASONS[4]}"  # the weak opener, 39th in the resume
    # The same order as the chat/e-mail summary's items.
    items = summarize(_analysis(55, 5), _analysis(71, 17), changes).items
    summary_order = [i.rsplit(": ", 1)[1] for i in items if i.startswith("Rewrote")]
    assert [s[2:] for s in shown[: len(summary_order)]] == summary_order[: len(shown)]


def test_a_small_report_stays_one_page_with_everything_in_full() -> None:
    resume, changes = _resume(4)
    doc = _open(render_report(_analysis(60, 8), _analysis(66, 14), changes, None, resume=resume))
    assert doc.page_count == 1
    text = _flat(doc[0].get_text())
    for change in changes.changes:
        assert change.before in text and change.after in text
    assert f"Changes ({len(changes.changes)})" in text
    assert text.index(REASONS[4]) < text.index(REASONS[0])  # most important first
    assert "grouped by section" not in text
    assert text.endswith("Page 1 of 1")


def test_section_names_without_the_resume_come_from_renamed_headings() -> None:
    _resume_unused, changes = _resume(40)
    changes.changes.insert(
        0,
        Change(location="section:1", before="Jobs", after="Experience", reason="standard heading"),
    )
    changes.changes.append(Change(location="contact", before="x", after="y", reason="tidied"))
    doc = _open(render_report(_analysis(55, 5), _analysis(71, 17), changes))
    rest = " ".join(_flat(page.get_text()) for page in doc.pages(1))
    assert (
        rest.index("Experience") < rest.index("Section 3") < rest.index("Elsewhere in the resume")
    )


def test_hebrew_changes_in_the_full_list_read_back_in_logical_order() -> None:
    hebrew = "פיתחתי מערכת תשלומים"
    _unused, changes = _resume(40)
    changes.changes.append(
        Change(location="s2-e0-b99", before=hebrew, after=hebrew + " גדולה", reason="filler")
    )
    doc = _open(render_report(_analysis(55, 5), _analysis(71, 17), changes))
    text = " ".join(page.get_text() for page in doc.pages(1))
    assert hebrew + " גדולה" in text


def test_bar_chart_and_keywords() -> None:
    kw_before = KeywordMatch(
        matched=["python"], missing=["kubernetes", "go"], total=3, coverage=0.3
    )
    kw_after = KeywordMatch(matched=["python", "go"], missing=["kubernetes"], total=3, coverage=0.6)
    doc = _open(
        render_report(_analysis(60, 8, kw_before), _analysis(66, 14, kw_after), ChangeSet())
    )
    page = doc[0]
    text = page.get_text()
    for name in CATEGORIES:
        assert name.capitalize() in text  # category axis labels
    assert "matched 2 of 3 terms, weighted coverage 30% → 60%" in text
    assert "Missing: kubernetes" in text
    assert "No text needed changing." in text
    # the bars: filled rectangles in the before and after colours
    fills = {tuple(round(c, 2) for c in d["fill"]) for d in page.get_drawings() if d.get("fill")}
    assert (0.12, 0.44, 0.92) in fills and (0.6, 0.65, 0.69) in fills


def test_a_long_keyword_list_is_given_in_full_after_the_overview() -> None:
    missing = [f"term{i:02d}" for i in range(40)]
    kw = KeywordMatch(matched=["python"], missing=missing, total=41, coverage=0.1)
    _unused, changes = _resume(40)
    doc = _open(render_report(_analysis(60, 8, kw), _analysis(66, 14, kw), changes))
    assert "and 15 more" in _flat(doc[0].get_text())  # the overview line stays short
    rest = " ".join(_flat(page.get_text()) for page in doc.pages(1))
    assert "Missing: " + ", ".join(missing) in rest


@pytest.mark.parametrize("count", [0, 3, 40, 200])
@pytest.mark.parametrize(
    "text", ["short", "long " * 60, "长的句子" * 40], ids=["short", "long", "cjk"]
)
def test_nothing_is_ever_hidden(count: int, text: str) -> None:
    changes = ChangeSet(
        changes=[
            Change(location=f"s1-e0-b{i}", before=text, after=f"{text} {i}", reason=f"r{i}")
            for i in range(count)
        ],
        suggestions=[
            Change(location=f"s1-e0-b{i}", before=text, after="", reason=f"hint {i}")
            for i in range(count)
        ],
        notes=[text] * min(count, 5),
    )
    doc = _open(render_report(_analysis(40, 3), _analysis(44, 6), changes, text[:40]))
    listing = " ".join(page.get_text() for page in doc.pages(1 if doc.page_count > 1 else 0))
    for i in range(count):
        assert f"r{i}:" in listing and f"hint {i}:" in listing
    assert "more changes" not in listing and "more suggestions" not in listing
    if count <= 3 and text == "short":
        assert doc.page_count == 1
    if doc.page_count > 1:  # the overview ends on page 1
        assert "from page 2" in doc[0].get_text()


def test_a_resume_not_in_english_is_told_rewriting_is_english_only() -> None:
    from pipeline.summary import language_note

    note = language_note("de")
    assert note is not None
    changes = ChangeSet(notes=[note])
    pdf = render_report(_analysis(80, 15), _analysis(80, 15), changes, "Jürgen Müller")
    with _open(pdf) as doc:
        text = _flat("".join(page.get_text() for page in doc))
    assert "rewriting is only available for English resumes (this one is in German)" in text
    assert "No text needed changing" not in text


def test_an_english_resume_without_changes_says_so() -> None:
    pdf = render_report(_analysis(90, 18), _analysis(90, 18), ChangeSet(), "Casey Example")
    with _open(pdf) as doc:
        text = _flat("".join(page.get_text() for page in doc))
    assert "No text needed changing." in text


def _suggestion_items(text: str, heading: str) -> int:
    """Bulleted items between ``heading`` and the next heading-like line in page text."""
    lines = text.splitlines()
    start = lines.index(heading) + 1
    count = 0
    for line in lines[start:]:
        if line.startswith("• "):
            count += 1
        elif re.match(r"^(Notes|Changes|Suggestions|All \d|Page \d)", line):
            break
    return count


def test_suggestion_counts_match_the_items_listed_on_one_page() -> None:
    bullet = "Built the billing service"
    changes = ChangeSet(
        suggestions=[
            Change(location="s1-e0-b0", before=bullet, after="", reason="add a number"),
            Change(location="s1-e0-b0", before=bullet, after="", reason="name the tool"),
            Change(location="s1-e0-b1", before="Led a team", after="", reason="add a number"),
        ]
    )
    doc = _open(render_report(_analysis(60, 8), _analysis(66, 14), changes))
    assert doc.page_count == 1
    text = doc[0].get_text()
    assert "Suggestions (3)" not in text
    assert _suggestion_items(text, "Suggestions (3 on 2 bullets)") == 2
    # One suggestion per bullet: the plain count is the number of items.
    single = ChangeSet(suggestions=changes.suggestions[1:])
    text = _open(render_report(_analysis(60, 8), _analysis(66, 14), single))[0].get_text()
    assert _suggestion_items(text, "Suggestions (2)") == 2


def test_suggestion_counts_match_the_items_listed_in_a_long_report() -> None:
    resume, changes = _resume(40)  # 28 suggestions, two on each of 14 bullets, 7 per section
    doc = _open(render_report(_analysis(55, 5), _analysis(71, 17), changes, resume=resume))
    overview = doc[0].get_text()
    shown = "Suggestions (1 of 14 bullets; 28 suggestions in all)"
    assert _suggestion_items(overview, shown) == 1
    rest = "\n".join(page.get_text() for page in doc.pages(1))
    assert rest.count("Suggestions (14 on 7 bullets)") == 2
    assert "Suggestions (14)" not in rest
    merged = "add how many people this served; open with an action verb"
    assert _flat(rest).count(merged) == 14


def test_hidden_text_in_the_original_is_on_page_one() -> None:
    from pipeline.analyze import analyze
    from pipeline.parse.hidden import hidden_text_warning

    resume, changes = _resume(40)
    warning = hidden_text_warning(72)
    assert warning is not None
    original = resume.model_copy(update={"warnings": [warning]})
    before = analyze(original)
    assert any(f.code == "hidden_text" for f in before.findings)
    doc = _open(render_report(before, analyze(resume), changes, resume=resume))
    assert doc.page_count > 1
    first = _flat(doc[0].get_text())
    assert "Hidden text" in first
    assert "Ignored hidden text (72 characters)" in first
    assert "The improved resume leaves it out." in first
    assert "from page 2" in first  # the overview still ends on page 1
    # Without hidden text there is no such section.
    plain = _flat(_open(render_report(analyze(resume), analyze(resume), changes))[0].get_text())
    assert "hidden text" not in plain.lower()
