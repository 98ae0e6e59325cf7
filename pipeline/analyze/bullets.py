"""Bullet-level checks shared by the analysis, the rule improver and bench/quality.py.

All checks are English-only regexes (precompiled, microseconds per bullet); callers decide
whether the resume's language allows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.analyze.verbs import PARTICIPLES, Form, VerbForm, lookup, past
from pipeline.model import Entry, Section, SectionKind

# Sections whose bullets describe what the person did, so verb rules apply.
ACTION_SECTIONS = frozenset(
    {SectionKind.EXPERIENCE, SectionKind.PROJECTS, SectionKind.VOLUNTEERING}
)

# "Other" sections that list roles like Experience does ("Leadership", "Extracurricular
# Activities", "Community Involvement"), and projects or experience under another name ("UX
# Projects", "Teaching Experience", "Portfolio") when the parser did not map the title to a kind:
# their bullets say what the person did, too.
_ROLE_SECTION_TITLE = re.compile(
    r"leadership|activit|extracurricular|involvement|community|volunteer|societ|clubs?\b|"
    r"\bprojects?\b|\bexperience\b|\bportfolio\b|\bcase\s+stud",
    re.IGNORECASE,
)


def is_action_section(section: Section) -> bool:
    """Experience, Projects, Volunteering, and "Leadership"/"Activities"-like other sections:
    the sections whose bullets the verb rules check and rewrite."""
    if section.kind in ACTION_SECTIONS:
        return True
    return section.kind is SectionKind.OTHER and bool(_ROLE_SECTION_TITLE.search(section.title))


# About 100 characters fit on a line of a one-column resume at 10-11 pt on Letter/A4 with
# 0.75-1 in margins; "over two lines" is therefore over 200 characters.
LINE_CHARS = 100
MAX_BULLET_CHARS = 2 * LINE_CHARS

WEAK_OPENERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "responsible for",
            r"^(?:(?:i|we)\s+)?(?:(?:was|were|am|is|are)\s+)?"
            r"(?:primarily\s+|mainly\s+|solely\s+)?responsible\s+for\b",
        ),
        (
            "duties included",
            r"^(?:my\s+|main\s+|key\s+)?duties\s+(?:included|include|were|"
            r"consisted\s+of)\b:?",
        ),
        ("tasked with", r"^(?:(?:i|we)\s+)?(?:was\s+|were\s+)?tasked\s+with\b"),
        ("in charge of", r"^(?:(?:i|we)\s+)?(?:was\s+|were\s+|am\s+|is\s+)?in\s+charge\s+of\b"),
        ("helped", r"^(?:(?:i|we)\s+)?(?:helped|help|helps|helping)\b"),
        ("worked on", r"^(?:(?:i|we)\s+)?(?:worked|work|works|working)\s+(?:on|with|in)\b"),
        (
            "involved in",
            r"^(?:(?:i|we)\s+)?(?:was\s+|were\s+)?(?:involved|participated|"
            r"participating)\s+in\b",
        ),
    )
)

# Lower-case "i" is left out: in resumes it is a roman numeral far more often than a pronoun.
_PRONOUN = re.compile(r"(?<![\w'])(?:I|me|my|mine|myself|we|our|ours|ourselves|us)(?![\w'])")
_PASSIVE = re.compile(
    r"\b(?:was|were|is|are|been|being|be)\s+(?:\w+ly\s+)?(?P<verb>[a-z]+)\b", re.IGNORECASE
)
_METRIC = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|dozen|"
    r"dozens|half|double|doubled|doubles|doubling|triple|tripled|triples|tripling|twice|"
    r"percent)\b",
    re.IGNORECASE,
)
_FIRST_WORD = re.compile(r"^[\W_]*(?P<word>[^\W\d_][\w'-]*)", re.UNICODE)
_PRESENT_WORDS = re.compile(
    r"present|current|now|today|ongoing|heute|actual|aujourd|presente|attuale|сейчас|"
    r"настоящее|至今|现在|現在",
    re.IGNORECASE,
)


# Template filler left in a resume: "Achievement 1;", "Sub-sub-achievement ii;", "Lorem ipsum",
# "Describe your responsibilities here", "[Your achievement]". Not the person's words at all:
# no rule can give them an action verb without inventing what the person did.
_FILLER_NOUN = (
    r"(?:sub-)*(?:achievement|accomplishment|responsibility|duty|task|bullet(?:\s+point)?)"
)
_PLACEHOLDER = re.compile(
    r"^[\W_]*(?:"
    rf"{_FILLER_NOUN}\s*(?:\d{{1,2}}|[ivx]{{1,4}}|\(?[a-z0-9]\))"
    rf"(?:\s*,?\s*with\s+{_FILLER_NOUN}s?\b.*)?[\s.,;:!]*"
    r"|lorem\s+ipsum\b.*"
    r"|(?:describe|list|add|insert|enter|write|type)\s+(?:your|the|an?)\s+[\w\s]{0,40}?"
    r"(?:here|achievements?|accomplishments?|responsibilit(?:y|ies)|duties|results?)\b[\W_]*"
    r"|\[(?=[^\]]*\b(?:your|insert|describe|add|enter|company|achievement|responsibilit))"
    r"[^\]]{1,60}\][\W_]*"
    r")$",
    re.IGNORECASE | re.DOTALL,
)


def is_placeholder(text: str) -> bool:
    """True for template filler ("Achievement 1;", "Lorem ipsum ...", "[Describe the role]")."""
    return _PLACEHOLDER.match(text.strip()) is not None


def first_word(text: str) -> str | None:
    m = _FIRST_WORD.match(text)
    return m.group("word") if m else None


# Places and stations one works on or at ("Worked on the espresso bar", "Worked the front
# desk"): "worked" there is the plain verb, not a weak opener, and no substitute says the same.
STATIONS = frozenset(
    "bar counter floor desk line register registers till tills shift shifts kitchen grill "
    "station stations reception checkout checkouts drive-thru drive-through window "
    "dock docks ward wards unit units stockroom warehouse site sites phones hotline helpdesk "
    "help-desk pass fryer oven ovens".split()
)
_STATION_OBJECT = re.compile(
    r"^(?:(?:i|we)\s+)?(?:worked|work|works|working)\s+(?:on|in|at)\s+(?P<object>[^,;:(]*)",
    re.IGNORECASE,
)
_OBJECT_END = re.compile(
    r"\s(?:during|for|on|in|at|to|with|from|across|by|and|or|while|when|as|of|under)\s",
    re.IGNORECASE,
)


def _station(text: str) -> bool:
    """True for "Worked on the espresso bar during the morning rush": the object's head noun
    (before its first preposition) is a place or station."""
    m = _STATION_OBJECT.match(text)
    if m is None:
        return False
    head = _OBJECT_END.split(" " + m.group("object") + " ", maxsplit=1)[0].split()
    return bool(head) and head[-1].lower().strip(".'\"") in STATIONS


def weak_opener(text: str) -> str | None:
    """The weak opener ``text`` starts with ("responsible for", "helped", ...), or None.
    "Worked on the espresso bar" (a place or station) is the plain verb, not a weak opener."""
    stripped = text.lstrip(" \t-–—•*·")
    for name, pattern in WEAK_OPENERS:
        if pattern.match(stripped):
            return None if name == "worked on" and _station(stripped) else name
    return None


@dataclass(frozen=True, slots=True)
class Opener:
    word: str
    verb: VerbForm | None


# Words after an opening verb form that show it is a noun ("Lead engineer for ...", "Reports
# were prepared ...", "Research integrated into ...").
NOUN_NEXT = frozenset(
    "of is are was were has have had engineer engineers developer developers designer role "
    "position member intern team teams manager managers analyst analysts department staff "
    "group committee".split()
)


def opener(text: str) -> Opener | None:
    """The first word and its verb reading; "I managed" reads as "managed".

    The verb reading is None when the next word shows the first is a noun ("Reports were
    prepared", "Lead engineer on ...", "Research integrated into ...").
    """
    word = first_word(text)
    if word is None:
        return None
    rest = text.lstrip()
    rest = rest[rest.index(word) + len(word) :]
    # "I managed" reads as "managed", "Continuously improved" as "improved".
    if word in {"I", "We", "we", "i"} or (word.lower().endswith("ly") and lookup(word) is None):
        nxt = first_word(rest)
        if nxt is not None:
            word = nxt
            rest = rest[rest.index(nxt) + len(nxt) :]
    verb = lookup(word)
    if verb is not None and verb.form in (Form.BASE, Form.THIRD):
        nxt = first_word(rest)
        nxt_verb = lookup(nxt) if nxt else None
        if nxt is not None and (
            nxt.lower() in NOUN_NEXT
            or (
                nxt_verb is not None
                and nxt_verb.form in (Form.PAST, Form.PARTICIPLE)
                and rest.lstrip()[:1].isalpha()
            )
        ):
            verb = None
    return Opener(word, verb)


def starts_with_action_verb(text: str) -> bool:
    """True when the bullet opens with a verb (any tense) and not with a weak opener."""
    if weak_opener(text):
        return False
    op = opener(text)
    return op is not None and op.verb is not None and op.verb.form is not Form.PARTICIPLE


def pronouns(text: str) -> list[str]:
    """First-person pronouns in ``text`` ("I", "my", "we", ...)."""
    return [m.group(0) for m in _PRONOUN.finditer(text) if m.group(0) != "US"]


def is_passive(text: str) -> bool:
    """A form of "to be" followed by a past participle ("was built", "were reduced")."""
    for m in _PASSIVE.finditer(text):
        verb = m.group("verb").lower()
        if verb in PARTICIPLES:
            return True
    return False


def has_metric(text: str) -> bool:
    """True when the bullet quantifies something (a digit or a number word)."""
    return _METRIC.search(text) is not None


def is_current(entry: Entry) -> bool | None:
    """True for a current role, False for a past one, None when the dates do not say."""
    if entry.end:
        return entry.end.lower() == "present" or bool(_PRESENT_WORDS.search(entry.end))
    if entry.dates:
        if _PRESENT_WORDS.search(entry.dates):
            return True
        if re.search(r"\d{4}.*\d{4}|\d{4}\s*[-–—]\s*\S", entry.dates):
            return False
    return None


def wrong_tense(text: str, current: bool | None) -> bool:
    """A past role whose bullet is not in the past tense, or a current role that opens with a
    gerund or third-person verb ("Managing", "Manages" instead of "Manage")."""
    if current is None:
        return False
    op = opener(text)
    if op is None or op.verb is None or weak_opener(text):
        return False
    form = op.verb.form
    if current:
        return form in (Form.GERUND, Form.THIRD)
    if form in (Form.PAST, Form.PARTICIPLE):
        return False
    # A base form that is also the past form ("set", "cut") is fine.
    return op.word.lower() != past(op.verb.base)
