"""The change summary every channel shows (Telegram, Slack, e-mail, API, CLI).

``summarize(before, after, changes)`` returns plain text pieces; channels only format them::

    Summary(headline="ATS score 62 → 81",
            items=["Rewrote 'Responsible for managing the…' → 'Managed the…': weak opener", ...],
            suggestions=["add how many users this served: 'Built the billing…'", ...],
            keywords="Job keywords: matched 7 of 12 (coverage 64%); missing: Kubernetes, Go")

Items are most important first: rewrites that fix weak openers, tense and pronouns, then
tightening, headings, reordering, and finally one line for the small fixes (punctuation,
capitals). Quoted resume text is cut to a few words: the summary repeats only what the person
sent, and never their contact details (improvers do not change contact details).

A resume in another language than English gets no rewrites from the rule engine (its verb, tense
and pronoun rules are English): the engine says so in a note (:func:`language_note`), and when
no text changed the summary says that rewriting is only available for English resumes and what
was still checked, instead of an empty list that reads as "nothing needed changing".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, Field

from pipeline.model import Analysis, Change, ChangeSet, Finding

QUOTE_CHARS = 32
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ().-]{7,}\d")

# Higher first. Matched against the start of each "; "-separated reason.
_PRIORITY = (
    ("weak opener", 100),
    ("past tense", 80),
    ("present tense", 80),
    ("first-person", 70),
    ("tightened", 60),
    ("filler", 50),
    ("standard heading", 40),
    ("skills the job", 30),
    ("capitalised", 10),
    ("consistent punctuation", 5),
)
MISSING_SHOWN = 8  # missing keywords named in a summary; the rest are counted
_MINOR = 10  # at or below this priority, changes are counted in one line, not listed

# The note an improver adds to ``ChangeSet.notes`` when the resume is not in English; true of
# the analysis whatever the improver (its wording checks are English-only).
LANGUAGE_NOTE_START = "Wording checks are for English resumes"
STILL_CHECKED = "layout, sections, dates and contact details"
_LANGUAGE_NAMES = {
    "ar": "Arabic",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "es": "Spanish",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "th": "Thai",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "zh": "Chinese",
}


def language_name(code: str) -> str:
    """ "de" -> "German"; an unlisted code is shown as it is ("xx")."""
    return _LANGUAGE_NAMES.get(code.lower().split("-")[0], code)


def language_note(language: str | None) -> str | None:
    """The ``ChangeSet.notes`` line for a resume in ``language`` (ISO 639-1), or None when it
    is English or unknown (the English rules apply)."""
    if language is None or language.lower().startswith("en"):
        return None
    return (
        f"{LANGUAGE_NOTE_START} (this one is in {language_name(language)}); its "
        f"{STILL_CHECKED} were checked"
    )


def no_changes_text(changes: ChangeSet) -> str:
    """What to say where a change list is empty: English-only rewriting for another language."""
    language = [n for n in changes.notes if n.startswith(LANGUAGE_NOTE_START)]
    return _language_item(language[0]) + "." if language else "No text needed changing."


def _language_item(note: str) -> str:
    m = re.search(r"\(this one is in ([^)]+)\)", note)
    where = f" (this one is in {m.group(1)})" if m else ""
    return (
        f"No text was rewritten: rewriting is only available for English resumes{where}. "
        f"Still checked: {STILL_CHECKED}"
    )


class Summary(BaseModel):
    headline: str
    items: list[str] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
    keywords: str | None = None

    def as_text(self) -> str:
        """The summary as plain text lines (what the CLI and e-mail print)."""
        lines = [self.headline, *[f"- {i}" for i in self.items]]
        if self.suggestions:
            lines += ["Suggestions:", *[f"- {s}" for s in self.suggestions]]
        if self.keywords:
            lines.append(self.keywords)
        return "\n".join(lines)


def _reason_priority(reason: str) -> int:
    return next((p for key, p in _PRIORITY if reason.startswith(key)), 20)


def _priority(change: Change) -> int:
    return max(_reason_priority(r) for r in change.reason.split("; "))


def ranked(changes: Sequence[Change]) -> list[Change]:
    """``changes`` most important first (ties keep the resume's order): the order every
    channel's summary and the change report list them in."""
    order = sorted(enumerate(changes), key=lambda ic: (-_priority(ic[1]), ic[0]))
    return [c for _i, c in order]


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """``text`` cut at a word boundary to about ``limit`` characters, with an ellipsis; e-mail
    addresses and phone numbers inside are masked (summaries travel through chat and mail)."""
    text = _PHONE.sub("[phone]", _EMAIL.sub("[email]", " ".join(text.split())))
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(",;:") + "…"


def quote_pair(before: str, after: str, limit: int = QUOTE_CHARS) -> tuple[str, str]:
    """:func:`quote` of both sides of a rewrite, starting a couple of words before the first
    word that differs when that lies past the cut: a tightened bullet whose first 32 characters
    did not change would otherwise read "'X…' → 'X…'", as if nothing had."""
    b = " ".join(before.split()).split(" ")
    a = " ".join(after.split()).split(" ")
    same = 0
    while same < min(len(b), len(a)) and b[same] == a[same]:
        same += 1
    if len(" ".join(b[:same])) < limit - 8:
        return quote(before, limit), quote(after, limit)
    start = max(0, same - 2)  # two words of context before the change
    return "…" + quote(" ".join(b[start:]), limit), "…" + quote(" ".join(a[start:]), limit)


def _item(change: Change) -> str:
    reason = change.reason.split("; ")[0] if _priority(change) > _MINOR else change.reason
    if change.kind == "heading":
        return f"Renamed heading '{change.before}' → '{change.after}': {reason}"
    if change.kind == "reorder":
        return f"Reordered skills: {reason}"
    reasons = sorted(change.reason.split("; "), key=lambda r: -_reason_priority(r))
    before, after = quote_pair(change.before, change.after)
    return f"Rewrote '{before}' → '{after}': {'; '.join(reasons)}"


HIDDEN_TEXT = "hidden_text"  # the finding code for text readers cannot see (dropped)
_DISTINCT_FIXES_LISTED = 3  # a group with more distinct fixes than this gets one generic line


def hidden_text_item(before: Analysis, *, improved: bool = False) -> str | None:
    """The line about hidden text in the original resume (white, tiny or invisible text the
    parser dropped), or None. It comes first everywhere: an ATS or a recruiter who finds it
    reads the whole resume as an attempt to game them. For an improve job it also says the
    improved resume leaves the text out (the original still has it)."""
    found = next((f for f in before.findings if f.code == HIDDEN_TEXT), None)
    if found is None:
        return None
    text = f"{found.message} {found.fix}"
    if improved:
        text += " The improved resume leaves it out."
    return f"{text} (−{found.points:.1f} points)"


def _finding_items(findings: Sequence[Finding], limit: int) -> list[str]:
    """The costliest findings, one line per kind (``code``) with its points.

    A group's line states a fix only when it is true of every finding in it: findings of one
    kind with different fixes (headings to rename to different names) are listed by fix, each
    with its own message when alone; more distinct fixes than ``_DISTINCT_FIXES_LISTED`` get
    one line saying each has its own fix.
    """
    ranked_findings = [
        f for _i, f in sorted(enumerate(findings), key=lambda i: (-i[1].points, i[0]))
    ]
    by_code: dict[str, list[Finding]] = {}
    for f in ranked_findings:
        by_code.setdefault(f.code, []).append(f)
    groups: list[tuple[float, str]] = []
    for code, group in by_code.items():
        label = code.replace("_", " ")
        by_fix: dict[str, list[Finding]] = {}
        for f in group:
            by_fix.setdefault(f.fix, []).append(f)
        lost = sum(f.points for f in group)
        if len(by_fix) > _DISTINCT_FIXES_LISTED:
            first = group[0]
            text = f"{len(group)}× {label}, each with its own fix; e.g. {first.message} {first.fix}"
            groups.append((lost, f"{text} (−{lost:.1f} points)"))
            continue
        for fix, same in by_fix.items():
            # One message quotes one place; for a group only the shared fix is true of all.
            text = f"{len(same)}× {label}: {fix}" if len(same) > 1 else f"{same[0].message} {fix}"
            points = sum(f.points for f in same)
            groups.append((points, f"{text} (−{points:.1f} points)"))
    ordered = sorted(enumerate(groups), key=lambda ig: (-ig[1][0], ig[0]))
    return [text for _i, (_points, text) in ordered[:limit]]


def _score_line(before: Analysis, after: Analysis | None) -> str:
    if after is None:
        return f"ATS score {before.score}"
    return f"ATS score {before.score} → {after.score}"


def summarize(
    before: Analysis,
    after: Analysis | None,
    changes: ChangeSet | None,
    *,
    limit: int = 10,
) -> Summary:
    """Headline, the most important ``limit`` items, suggestions and the keyword line.

    With ``after``/``changes`` None (an analyze-only job) the items are the costliest findings
    and their fixes. Hidden text in the original (the ``hidden_text`` finding of ``before``)
    comes first in either case: the parser dropped it, and the person must hear why.
    """
    headline = _score_line(before, after)
    items: list[str] = []
    suggestions: list[str] = []
    if changes is not None:
        by_importance = ranked(changes.changes)
        major = [c for c in by_importance if _priority(c) > _MINOR]
        minor = [c for c in by_importance if _priority(c) <= _MINOR]
        items = [_item(c) for c in major[:limit]]
        if len(major) > limit:
            items.append(f"…and {len(major) - limit} more rewrites")
        if minor:
            n = len(minor)
            items.append(
                f"Fixed capitals or punctuation in {n} bullet{'s' if n > 1 else ''} for consistency"
            )
        if changes.rejected:
            n = changes.rejected
            items.append(
                f"Kept {n} original bullet{'s' if n > 1 else ''} where a rewrite changed a fact"
            )
        seen: Counter[str] = Counter()
        for s in changes.suggestions:
            seen[s.reason] += 1
            if seen[s.reason] == 1 and len(suggestions) < limit:
                suggestions.append(f"{s.reason}: '{quote(s.before)}'")
        language = [n for n in changes.notes if n.startswith(LANGUAGE_NOTE_START)]
        headline += "".join(f" ({n})" for n in changes.notes if n not in language)
        rewrites = [c for c in changes.changes if c.kind not in ("heading", "reorder")]
        if language and not rewrites and changes.improver == "rules":
            items.insert(0, _language_item(language[0]))
    hidden = hidden_text_item(before, improved=changes is not None)
    if changes is None:
        others = [f for f in before.findings if f.code != HIDDEN_TEXT]
        items = _finding_items(others, limit - (hidden is not None))
    if hidden is not None:
        items.insert(0, hidden)
    analysis = after or before
    keywords = None
    if analysis.keywords is not None and analysis.keywords.total:
        k = analysis.keywords
        keywords = f"Job keywords: {k.summary} (coverage {round(k.coverage * 100)}%)"
        if k.missing:
            keywords += "; missing: " + ", ".join(k.missing[:MISSING_SHOWN])
            if len(k.missing) > MISSING_SHOWN:
                keywords += f" and {len(k.missing) - MISSING_SHOWN} more"
        if k.stuffing:
            keywords += "; some terms are repeated so often it reads as keyword stuffing"
    return Summary(headline=headline, items=items, suggestions=suggestions, keywords=keywords)
