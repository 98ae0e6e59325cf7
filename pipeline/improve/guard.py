"""The fact guard every improver passes through.

A rewrite is rejected when it

- adds a fact (number, percentage, currency amount, date, proper noun such as an employer or a
  title, degree, skill, e-mail or URL) found neither in the resume nor in the job description;
- drops a fact the text held before;
- or, at resume level, changes the contact details, an entry's title / organisation / location
  / dates, or the sections' structure.

Usage::

    verdict = check_rewrite(before, after, allowed_text=resume.plain_text() + jd)
    violations = guard_resume(original, improved, job_description)
    resume, changes = enforce(original, improved, changes, job_description)  # reverts offenders

Facts are extracted by :mod:`pipeline.improve.facts`. Proper nouns and degree words compare by
word, any case ("python" in the resume allows "Python" in a rewrite).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from pipeline.analyze.headings import is_standard_heading
from pipeline.improve.facts import extract_facts, verbal_forms, word_forms
from pipeline.model import Change, ChangeSet, Resume

_WORDISH = re.compile(r"[^\W_][\w&'+#.-]*", re.UNICODE)
_WORD_KINDS = ("proper", "degree")
# Facts that may reappear as another inflection of the same verb ("auditing" -> "audited").
_INFLECTED_KINDS = ("skill", "degree")


def _words(text: str) -> frozenset[str]:
    """Lower-cased words, with and without a trailing dot or possessive."""
    out: set[str] = set()
    for m in _WORDISH.finditer(text):
        w = m.group(0).lower().rstrip(".'-")
        out.add(w)
        out.add(w.replace(".", "").replace("'", ""))
        if w.endswith("'s"):
            out.add(w[:-2])
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Verdict:
    """Outcome of :func:`check_rewrite`. ``reasons`` are plain sentences, one per fact."""

    ok: bool
    reasons: tuple[str, ...] = ()
    added: tuple[str, ...] = ()  # "kind:value"
    dropped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Violation:
    location: str  # bullet id, "contact", "section:<i>", "section:<i>/entry:<j>"
    kind: str  # added | dropped | contact | entry | structure | heading
    detail: str


class Allowed:
    """The facts and words a rewrite may use: the whole resume plus the job description.

    Extracted lazily: most rewrites add no fact, and then the resume need not be scanned
    (about 1 ms per page of text).
    """

    def __init__(self, text: str) -> None:
        self.text = text

    @classmethod
    def from_text(cls, text: str) -> Allowed:
        return cls(text)

    @cached_property
    def facts(self) -> set[str]:
        return extract_facts(self.text)

    @cached_property
    def words(self) -> frozenset[str]:
        return _words(self.text)


def _describe(fact: str) -> str:
    kind, value = fact.split(":", 1)
    name = {
        "proper": "name",
        "number": "number",
        "date": "date",
        "skill": "skill",
        "degree": "degree",
        "contact": "contact detail",
    }.get(kind, kind)
    return f"{name} '{value}'"


def _check(before: str, after: str, allowed: Allowed) -> Verdict:
    before_facts = extract_facts(before)
    after_facts = extract_facts(after)
    after_words = _words(after)
    before_words = _words(before)
    added = []
    for fact in sorted(after_facts - before_facts):
        kind, value = fact.split(":", 1)
        if fact in allowed.facts:
            continue
        if kind in _WORD_KINDS and (value in allowed.words or value in before_words):
            continue
        if kind in _INFLECTED_KINDS and verbal_forms(value) & before_words:
            continue  # "Audited X" -> "Auditing X": the same verb, no new claim
        added.append(fact)
    dropped = []
    for fact in sorted(before_facts - after_facts):
        kind, value = fact.split(":", 1)
        if kind in _WORD_KINDS and value in after_words:
            continue
        if kind in _INFLECTED_KINDS and word_forms(value) & after_words:
            continue  # "Responsible for auditing X" -> "Audited X" keeps the skill
        dropped.append(fact)
    reasons = tuple(
        [f"adds {_describe(f)} not in the resume or job description" for f in added]
        + [f"drops {_describe(f)}" for f in dropped]
    )
    return Verdict(not reasons, reasons, tuple(added), tuple(dropped))


def check_rewrite(before: str, after: str, *, allowed_text: str) -> Verdict:
    """Is ``after`` a faithful rewrite of ``before``?

    Args:
        before: the original text (a bullet, a summary paragraph, a skills line).
        after: the proposed rewrite.
        allowed_text: where new facts may come from: the whole resume and the job description.
    Returns:
        ``Verdict(ok, reasons, added, dropped)``; ``ok`` is False when any fact is added or lost.
    """
    return _check(before, after, Allowed.from_text(f"{before}\n{allowed_text}"))


def guard_resume(
    original: Resume, improved: Resume, job_description: str | None = None
) -> list[Violation]:
    """Every way ``improved`` is not a faithful rewrite of ``original`` (empty = faithful)."""
    allowed = Allowed.from_text(f"{original.plain_text()}\n{job_description or ''}")
    return _violations(original, improved, allowed)


def _violations(original: Resume, improved: Resume, allowed: Allowed) -> list[Violation]:
    out: list[Violation] = []
    if improved.contact != original.contact:
        out.append(Violation("contact", "contact", "contact details changed"))
    if len(improved.sections) != len(original.sections):
        out.append(Violation("resume", "structure", "sections added or removed"))
        return out
    for si, (old_s, new_s) in enumerate(zip(original.sections, improved.sections, strict=True)):
        where = f"section:{si}"
        if new_s.kind != old_s.kind:
            out.append(Violation(where, "structure", "section kind changed"))
        if new_s.title != old_s.title and not is_standard_heading(new_s.title, new_s.kind):
            verdict = _check(old_s.title, new_s.title, allowed)
            if not verdict.ok:
                out.append(Violation(where, "heading", "; ".join(verdict.reasons)))
        if len(new_s.entries) != len(old_s.entries):
            out.append(Violation(where, "structure", "entries added or removed"))
            continue
        for ei, (old_e, new_e) in enumerate(zip(old_s.entries, new_s.entries, strict=True)):
            ewhere = f"{where}/entry:{ei}"
            for name in ("title", "organization", "location", "dates", "start", "end"):
                if getattr(old_e, name) != getattr(new_e, name):
                    out.append(Violation(ewhere, "entry", f"{name} changed"))
            if (old_e.text or "") != (new_e.text or ""):
                out += _text_violations(ewhere, old_e.text or "", new_e.text or "", allowed)
            old_b = {b.id: b.text for b in old_e.bullets}
            new_b = {b.id: b.text for b in new_e.bullets}
            for bid, text in old_b.items():
                if bid not in new_b:
                    out.append(Violation(bid, "dropped", "bullet removed"))
                elif new_b[bid] != text:
                    out += _text_violations(bid, text, new_b[bid], allowed)
            for bid, text in new_b.items():
                if bid not in old_b:
                    out += _text_violations(bid, "", text, allowed)
    return out


def _text_violations(where: str, before: str, after: str, allowed: Allowed) -> list[Violation]:
    verdict = _check(before, after, allowed)
    return [
        Violation(where, "added" if r.startswith("adds") else "dropped", r) for r in verdict.reasons
    ]


@dataclass(slots=True)
class Enforced:
    resume: Resume
    changes: ChangeSet
    violations: list[Violation] = field(default_factory=list)


def enforce(
    original: Resume,
    improved: Resume,
    changes: ChangeSet,
    job_description: str | None = None,
) -> Enforced:
    """Revert every unfaithful part of ``improved`` to ``original`` and drop its changes.

    Bullets, entry texts and headings are reverted one by one, so one bad rewrite costs only
    itself; a changed contact block is restored; a changed structure reverts everything.
    ``changes.rejected`` counts the changes refused.
    """
    allowed = Allowed.from_text(f"{original.plain_text()}\n{job_description or ''}")
    violations = _violations(original, improved, allowed)
    if not violations:
        return Enforced(improved, changes, [])
    if any(v.kind == "structure" for v in violations):
        kept: list[Change] = []
        result = original.model_copy(deep=True)
    else:
        result = improved.model_copy(deep=True)
        bad = {v.location for v in violations}
        if "contact" in bad:
            result.contact = original.contact.model_copy(deep=True)
        for si, section in enumerate(result.sections):
            old_s = original.sections[si]
            if f"section:{si}" in bad:
                section.title = old_s.title
            for ei, entry in enumerate(section.entries):
                old_e = old_s.entries[ei]
                if f"section:{si}/entry:{ei}" in bad:
                    section.entries[ei] = old_e.model_copy(deep=True)
                    continue
                # Original bullets in their order (removed ones come back), then good additions.
                new_by_id = {b.id: b for b in entry.bullets}
                old_ids = {b.id for b in old_e.bullets}
                entry.bullets = [
                    new_by_id[b.id] if b.id in new_by_id and b.id not in bad else b.model_copy()
                    for b in old_e.bullets
                ] + [b for b in entry.bullets if b.id not in old_ids and b.id not in bad]
        kept = [c for c in changes.changes if not _touches(c.location, bad)]
    rejected = len(changes.changes) - len(kept)
    new_changes = changes.model_copy(
        update={"changes": kept, "rejected": changes.rejected + rejected}
    )
    return Enforced(result, new_changes, violations)


def _touches(location: str, bad: set[str]) -> bool:
    return location in bad or any(location.startswith(b + "/") for b in bad)
