"""The checks behind the score. Each returns :class:`Finding` objects with their cost.

Locations: ``contact``; ``section:<i>`` (index in ``Resume.sections``);
``section:<i>/entry:<j>``; a bullet's id. Messages never quote contact details.
English-only checks (verbs, pronouns, passive voice, headings) run only when
``resume.language`` is "en" or unknown, so a Spanish or Japanese resume is not marked down
for not being English.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pipeline.analyze import bullets as b
from pipeline.analyze.headings import STANDARD, is_standard_heading
from pipeline.analyze.score import BUDGET, COST
from pipeline.model import (
    HIDDEN_TEXT_WARNING,
    Bullet,
    Entry,
    Finding,
    Resume,
    Section,
    SectionKind,
)

MIN_WORDS = 150  # below this a resume reads as a stub
MAX_WORDS = 1200  # about three dense pages; recruiters skim, ATS ranks dilute
MAX_PAGES = 2  # recruiter norm outside academia


def is_english(resume: Resume) -> bool:
    return resume.language is None or resume.language.lower().startswith("en")


def _finding(
    code: str, category: str, message: str, fix: str, location: str | None, points: float
) -> Finding:
    return Finding(
        code=code,
        category=category,
        message=message,
        fix=fix,
        location=location,
        points=round(points, 3),
    )


def checked_bullets(resume: Resume) -> Iterator[tuple[int, int, Entry, Bullet]]:
    """(section index, entry index, entry, bullet) for bullets in action sections."""
    for si, section in enumerate(resume.sections):
        if not b.is_action_section(section):
            continue
        for ei, entry in enumerate(section.entries):
            for bullet in entry.bullets:
                yield si, ei, entry, bullet


def _warning_finding(warning: str) -> Finding:
    """A parse warning as a finding; hidden text has its own code and fix (it is not a layout
    problem, and a single-column layout would not cure it)."""
    if warning.startswith(HIDDEN_TEXT_WARNING):
        message, _, fix = warning.partition(" Remove it: ")
        return _finding(
            "hidden_text",
            "parseability",
            message.rstrip(".") + ".",
            f"Remove it: {fix}" if fix else "Remove the hidden text.",
            None,
            COST["hidden_text"],
        )
    return _finding(
        "parser_warning",
        "parseability",
        f"Layout problem: {warning}",
        "Use a single-column layout with plain text headings.",
        None,
        COST["parser_warning"],
    )


def parseability(resume: Resume) -> list[Finding]:
    out = [_warning_finding(w) for w in resume.warnings]
    if not resume.sections:
        out.append(
            _finding(
                "no_sections",
                "parseability",
                "No sections were recognised.",
                "Use standard headings such as Experience, Education and Skills.",
                None,
                COST["no_sections"],
            )
        )
    return out


def sections(resume: Resume) -> list[Finding]:
    out: list[Finding] = []
    kinds = {s.kind for s in resume.sections}
    if not resume.sections:
        return out
    if SectionKind.EXPERIENCE not in kinds:
        cost = COST["missing_experience"] / (2 if SectionKind.PROJECTS in kinds else 1)
        out.append(
            _finding(
                "missing_experience",
                "sections",
                "No Experience section.",
                "Add an Experience section listing your roles, newest first.",
                None,
                cost,
            )
        )
    if SectionKind.EDUCATION not in kinds:
        out.append(
            _finding(
                "missing_education",
                "sections",
                "No Education section.",
                "Add an Education section (degree, school, year).",
                None,
                COST["missing_education"],
            )
        )
    if SectionKind.SKILLS not in kinds:
        out.append(
            _finding(
                "missing_skills",
                "sections",
                "No Skills section.",
                "Add a Skills section listing tools and methods you use.",
                None,
                COST["missing_skills"],
            )
        )
    if is_english(resume):
        for si, section in enumerate(resume.sections):
            if section.kind in STANDARD and not is_standard_heading(section.title, section.kind):
                out.append(
                    _finding(
                        "non_standard_heading",
                        "sections",
                        f"Heading '{section.title}' is not a standard heading.",
                        f"Rename it '{STANDARD[section.kind]}' so ATS software files it correctly.",
                        f"section:{si}",
                        COST["non_standard_heading"],
                    )
                )
    return out


def contact(resume: Resume) -> list[Finding]:
    c = resume.contact
    checks = (
        (
            "missing_name",
            c.name,
            "No name found at the top.",
            "Put your full name on the first line.",
        ),
        (
            "missing_email",
            c.email,
            "No e-mail address found.",
            "Add a professional e-mail address.",
        ),
        (
            "missing_phone",
            c.phone,
            "No phone number found.",
            "Add a phone number with its country code.",
        ),
        (
            "missing_location",
            c.location,
            "No location found.",
            "Add your city and country (or region).",
        ),
    )
    return [
        _finding(code, "contact", msg, fix, "contact", COST[code])
        for code, value, msg, fix in checks
        if not value
    ]


def dates(resume: Resume) -> list[Finding]:
    dated: list[tuple[int, int, Entry]] = [
        (si, ei, e)
        for si, s in enumerate(resume.sections)
        if s.kind in (SectionKind.EXPERIENCE, SectionKind.EDUCATION)
        for ei, e in enumerate(s.entries)
        if e.title or e.organization
    ]
    if not dated:
        return []
    share = BUDGET["missing_dates"] / len(dated)
    out: list[Finding] = []
    for si, ei, e in dated:
        where = f"section:{si}/entry:{ei}"
        if not e.dates and not e.start:
            out.append(
                _finding(
                    "missing_dates",
                    "dates",
                    "Entry has no dates.",
                    "Add start and end dates (month and year).",
                    where,
                    share,
                )
            )
        elif not e.start:
            out.append(
                _finding(
                    "unclear_dates",
                    "dates",
                    "Entry dates could not be read.",
                    "Write dates as 'Jan 2020 – Mar 2023' or '2020 – present'.",
                    where,
                    share / 2,
                )
            )
    return out


def content(resume: Resume) -> list[Finding]:
    items = list(checked_bullets(resume))
    out: list[Finding] = []
    has_roles = any(s.kind == SectionKind.EXPERIENCE and s.entries for s in resume.sections)
    if not items and has_roles:
        out.append(
            _finding(
                "no_bullets",
                "content",
                "Roles have no bullet points.",
                "Under each role add 3-5 bullets: what you did and its result.",
                None,
                COST["no_bullets"],
            )
        )
    out += _length(resume)
    if not items:
        return out
    share = {code: budget / len(items) for code, budget in BUDGET.items()}
    english = is_english(resume)
    openers: Counter[str] = Counter()
    for _si, _ei, entry, bullet in items:
        text, bid = bullet.text, bullet.id
        if not b.has_metric(text):
            out.append(
                _finding(
                    "no_metric",
                    "content",
                    "Bullet has no number or result.",
                    "Add a number: how many, how much, how often or by how much.",
                    bid,
                    share["no_metric"],
                )
            )
        if len(text) > b.MAX_BULLET_CHARS:
            out.append(
                _finding(
                    "long_bullet",
                    "content",
                    f"Bullet runs over two lines ({len(text)} characters).",
                    "Cut it to one or two lines, or split it in two.",
                    bid,
                    share["long_bullet"],
                )
            )
        if not english:
            continue
        weak = b.weak_opener(text)
        if weak:
            out.append(
                _finding(
                    "weak_opener",
                    "content",
                    f"Bullet opens with '{weak}'.",
                    "Open with a strong action verb (Led, Built, Reduced...).",
                    bid,
                    share["weak_opener"],
                )
            )
        elif b.is_placeholder(text):
            # Template filler: the fix is new text, not a verb (same cost as no action verb).
            out.append(
                _finding(
                    "placeholder",
                    "content",
                    "Bullet is template placeholder text.",
                    "Replace the template placeholder with what you did and its result.",
                    bid,
                    share["no_action_verb"],
                )
            )
        elif not b.starts_with_action_verb(text):
            out.append(
                _finding(
                    "no_action_verb",
                    "content",
                    "Bullet does not open with an action verb.",
                    "Start with what you did: an action verb such as Built or Led.",
                    bid,
                    share["no_action_verb"],
                )
            )
        found = b.pronouns(text)
        if found:
            out.append(
                _finding(
                    "first_person",
                    "content",
                    f"First-person pronoun ({', '.join(sorted(set(found)))}).",
                    "Drop I/my/we: resume bullets are written without a subject.",
                    bid,
                    share["first_person"],
                )
            )
        if b.is_passive(text):
            out.append(
                _finding(
                    "passive_voice",
                    "content",
                    "Bullet uses the passive voice.",
                    "Say who did it: 'Built X' rather than 'X was built'.",
                    bid,
                    share["passive_voice"],
                )
            )
        if b.wrong_tense(text, b.is_current(entry)):
            current = b.is_current(entry)
            out.append(
                _finding(
                    "wrong_tense",
                    "content",
                    "Current role not in the present tense."
                    if current
                    else "Past role not in the past tense.",
                    "Use the present tense for your current role and the past "
                    "tense for earlier ones.",
                    bid,
                    share["wrong_tense"],
                )
            )
        op = b.opener(text)
        if op is not None and op.verb is not None and not weak:
            openers[op.verb.base] += 1
            if openers[op.verb.base] > 2:
                out.append(
                    _finding(
                        "repeated_opener",
                        "content",
                        f"'{op.word}' opens more than two bullets.",
                        "Vary the opening verbs.",
                        bid,
                        share["repeated_opener"],
                    )
                )
    return out


def _length(resume: Resume) -> list[Finding]:
    words = len(resume.plain_text().split())
    if words < MIN_WORDS:
        return [
            _finding(
                "too_short",
                "content",
                f"The resume is short ({words} words).",
                "Describe each role with 3-5 bullets of results.",
                None,
                COST["too_short"],
            )
        ]
    if words > MAX_WORDS or resume.pages > MAX_PAGES + 1:
        return [
            _finding(
                "too_long",
                "content",
                f"The resume is long ({words} words, {resume.pages} pages).",
                "Keep to two pages: cut older roles to one or two lines.",
                None,
                COST["too_long"],
            )
        ]
    return []


def all_findings(resume: Resume) -> list[Finding]:
    return (
        parseability(resume) + sections(resume) + contact(resume) + dates(resume) + content(resume)
    )


__all__ = ["all_findings", "checked_bullets", "is_english", "Section"]
