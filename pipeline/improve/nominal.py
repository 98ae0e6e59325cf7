"""Noun-phrase bullets the rules can turn into verb-led ones from the bullet's own words.

Two shapes, both English-only and both keeping every content word:

- a nominalisation naming the work: "Development of the billing API" -> "Developed the billing
  API", "Design, implementation and testing of X" -> "Designed, implemented and tested X"; the
  noun becomes its own verb, nothing else changes. "Responsibility for X", "Participation in
  X", "Involvement in X", "Assistance with X", "Collaboration with X" and "Responsibilities
  included X" are weak openers in noun form: they are re-worded as the weak opener
  ("Responsible for X", ...) for the weak-opener rules, which never overstate;
- a role named with its work: "Lead engineer on the billing API" -> "Served as lead engineer on
  the billing API" ("served as" states the role the bullet names, no more).

Refused (the bullet stays as written and keeps its suggestion) when the noun is the subject of
a sentence ("Development of the API was delayed", "Implementation of SAP saved $2M"), when a
modifier sits before the noun ("Full development of ..."), or when a noun in a list has no verb
of its own. The caller passes every rewrite through the fact guard.
"""

from __future__ import annotations

import re

from pipeline.analyze.verbs import Form, inflect, lookup

# Noun -> the verb it names. Only verbs the lexicon knows, and only nouns whose verb says the
# same thing ("oversight" -> "oversee", never "management" -> "lead"). A noun that is itself a
# skill keyword ("reconciliation") is left out: the verb would lose the keyword.
NOMINALS: dict[str, str] = {
    "administration": "administer",
    "assessment": "assess",
    "audit": "audit",
    "auditing": "audit",
    "authoring": "author",
    "automation": "automate",
    "building": "build",
    "calculation": "calculate",
    "coaching": "coach",
    "coding": "code",
    "collection": "collect",
    "compilation": "compile",
    "configuration": "configure",
    "consolidation": "consolidate",
    "construction": "construct",
    "coordination": "coordinate",
    "creation": "create",
    "debugging": "debug",
    "definition": "define",
    "delivery": "deliver",
    "deployment": "deploy",
    "design": "design",
    "development": "develop",
    "distribution": "distribute",
    "documentation": "document",
    "drafting": "draft",
    "editing": "edit",
    "enhancement": "enhance",
    "establishment": "establish",
    "estimation": "estimate",
    "evaluation": "evaluate",
    "execution": "execute",
    "expansion": "expand",
    "facilitation": "facilitate",
    "formulation": "formulate",
    "generation": "generate",
    "handling": "handle",
    "hiring": "hire",
    "identification": "identify",
    "implementation": "implement",
    "improvement": "improve",
    "inspection": "inspect",
    "installation": "install",
    "integration": "integrate",
    "introduction": "introduce",
    "investigation": "investigate",
    "launch": "launch",
    "maintenance": "maintain",
    "management": "manage",
    "measurement": "measure",
    "mentoring": "mentor",
    "mentorship": "mentor",
    "migration": "migrate",
    "modernization": "modernize",
    "monitoring": "monitor",
    "negotiation": "negotiate",
    "onboarding": "onboard",
    "operation": "operate",
    "optimization": "optimize",
    "oversight": "oversee",
    "planning": "plan",
    "preparation": "prepare",
    "prioritization": "prioritize",
    "processing": "process",
    "programming": "program",
    "publication": "publish",
    "recruitment": "recruit",
    "recruiting": "recruit",
    "redesign": "redesign",
    "reduction": "reduce",
    "refactoring": "refactor",
    "reporting": "report",
    "resolution": "resolve",
    "restructuring": "restructure",
    "review": "review",
    "scheduling": "schedule",
    "selection": "select",
    "simplification": "simplify",
    "standardization": "standardize",
    "supervision": "supervise",
    "support": "support",
    "testing": "test",
    "tracking": "track",
    "training": "train",
    "transformation": "transform",
    "translation": "translate",
    "troubleshooting": "troubleshoot",
    "upgrade": "upgrade",
    "validation": "validate",
    "verification": "verify",
    "writing": "write",
}
# Nouns taking "for" as well as "of" ("Support for 40 users").
_FOR_NOUNS = frozenset({"support", "planning", "recruitment", "recruiting", "hiring"})
# Set phrases whose first word only looks like a nominalisation.
_SET_PHRASES = re.compile(
    r"^(?:design\s+of\s+experiments?|review\s+of\s+(?:the\s+)?literature|bill\s+of|"
    r"proof\s+of|development\s+of\s+(?:the\s+)?(?:team|teams|staff|people)\b)",
    re.IGNORECASE,
)
_NOUN = r"[A-Za-z]+"
_NOMINAL = re.compile(
    rf"^(?:the\s+)?(?P<nouns>{_NOUN}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*){_NOUN})*)"
    r"\s+(?P<prep>of|for)\s+(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_LATER_NOMINAL = re.compile(
    r"(?P<join>(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*))(?P<noun>"
    + "|".join(sorted(NOMINALS, key=len, reverse=True))
    + r")\s+of\s+",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"(\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)", re.IGNORECASE)

# Noun forms of weak openers, re-worded as the weak opener they are (in the present: the noun
# states no tense, so the role's tense applies).
_WEAK_NOUNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        (r"^(?:main\s+|key\s+)?responsibility\s+for\b", "Responsible for"),
        (
            r"^(?:main\s+|key\s+)?responsibilities\s+(?:included|include|were)\b:?",
            "Duties included",
        ),
        (r"^participation\s+in\b", "Involved in"),
        (r"^involvement\s+in\b", "Involved in"),
        (r"^assistance\s+with\b", "Help with"),
        (r"^collaboration\s+with\b", "Work with"),
    )
)

# A role named with its work: "Lead engineer on X", "Member of the hiring committee".
_ROLE_NOUNS = (
    "engineer|developer|designer|architect|analyst|consultant|researcher|scientist|"
    "maintainer|contributor|reviewer|editor|coordinator|liaison|representative|owner|"
    "member|mentor|tutor|instructor|organi[sz]er|volunteer|chair|treasurer|secretary|captain|"
    "lead|manager|advisor|adviser|author|co-author|speaker|presenter|judge|ambassador"
)
_ROLE_MODIFIERS = (
    "lead senior principal chief founding core sole primary technical tech staff junior "
    "associate assistant deputy co-lead colead main key active elected volunteer"
)
_ROLE = re.compile(
    rf"^(?P<role>(?:(?:{_ROLE_MODIFIERS.replace(' ', '|')})\s+)*(?:{_ROLE_NOUNS}))"
    r"\s+(?P<prep>on|of|for|at|to|in|with)\s+(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ROLE_SINGLE_OK = frozenset({"member", "volunteer", "mentor", "tutor", "liaison", "maintainer"})

# Nouns that open a noun-phrase bullet ("Development of", "Member of"): ordinary words at the
# start of a sentence, not names (pipeline.improve.facts).
ORDINARY_OPENERS: frozenset[str] = frozenset(
    [
        *NOMINALS,
        *"responsibility responsibilities participation involvement assistance".split(),
        "collaboration",
        *_ROLE_MODIFIERS.split(),
        *_ROLE_SINGLE_OK,
    ]
)

_AUXILIARIES = frozenset(
    "is are was were has have had will would can could should may might must been being "
    "gets got became becomes".split()
)
_FUNCTION = frozenset(
    "a an the of for to in on at by with from into via across and or & , its their our this "
    "that these those all each every new".split()
)
_CLAUSE_BREAK = frozenset({"that", "which", "who", "whose", "where", "when", "while", "because"})
_WORD = re.compile(r"[\w$%'&+#.-]+|,")


def as_weak_opener(text: str) -> tuple[str, str] | None:
    """(``text`` with a weak opener in noun form re-worded as the weak opener, the noun phrase
    as written, lower case), or None."""
    for pattern, replacement in _WEAK_NOUNS:
        m = pattern.match(text)
        if m is not None:
            rest = text[m.end() :].lstrip(" :")
            phrase = " ".join(m.group(0).lower().rstrip(":").split())
            return (f"{replacement} {rest}", phrase) if rest else None
    return None


def _is_subject(rest: str) -> bool:
    """True when ``rest`` has a predicate of its own, so the noun before it is a subject
    ("... of SAP saved $2M", "... of the API was delayed"): no verb may replace the noun."""
    words = _WORD.findall(rest)
    for i, word in enumerate(words):
        w = word.lower()
        if w in _CLAUSE_BREAK or w == ",":
            return False  # a relative clause or an appended phrase: its verbs are its own
        if w in _AUXILIARIES:
            return True
        verb = lookup(w)
        prev = words[i - 1].lower() if i else ""
        if verb is None or not prev or prev in _FUNCTION or prev.endswith("ly"):
            continue  # "of automated tests", "of fully automated tests": an adjective
        nxt = words[i + 1].lower() if i + 1 < len(words) else ""
        if verb.form in (Form.PAST, Form.PARTICIPLE) and nxt != "by":
            return True  # "of the API reduced latency"; "of APIs used by 3 teams" is fine
        if verb.form is Form.THIRD and (
            nxt in {"a", "an", "the"} or nxt[:1].isdigit() or nxt[:1] == "$"
        ):
            return True  # "of SAP saves $2M a year"
    return False


def verb_led(text: str, tense: Form) -> str | None:
    """ "Development of X" -> "Developed X" / "Develop X" (``tense``), or None."""
    if _SET_PHRASES.match(text):
        return None
    m = _NOMINAL.match(text)
    if m is None:
        return None
    parts = _LIST_SPLIT.split(m.group("nouns"))
    nouns, joins = parts[0::2], parts[1::2]
    bases = [NOMINALS.get(n.lower()) for n in nouns]
    if not all(bases):
        return None  # "Full development of", "Sales and development of": not every noun is work
    if m.group("prep").lower() == "for" and not all(n.lower() in _FOR_NOUNS for n in nouns):
        return None  # "Design for 3 clients" is not "Designed 3 clients"
    rest = m.group("rest")
    if _is_subject(rest):
        return None
    verbs = []
    for base in bases:
        assert base is not None
        if lookup(base) is None:
            return None
        verbs.append(inflect(base, tense))
    head = "".join(v + j for v, j in zip(verbs, [*joins, ""], strict=True))
    # "Design of X and testing of Y": every coordinated nominalisation becomes a verb too.
    rest = _LATER_NOMINAL.sub(
        lambda n: n.group("join") + inflect(NOMINALS[n.group("noun").lower()], tense) + " ", rest
    )
    return f"{head[:1].upper()}{head[1:]} {rest}"


def role_led(text: str, tense: Form) -> str | None:
    """ "Lead engineer on X" -> "Served as lead engineer on X" / "Serve as ...", or None."""
    m = _ROLE.match(text)
    if m is None:
        return None
    role = m.group("role")
    words = role.split()
    if len(words) == 1 and words[0].lower() not in _ROLE_SINGLE_OK:
        return None  # "Engineer on 2 launches" is rare; "Lead on X" / "Author of" are verbs
    # Sentence case ("Lead engineer") loses the sentence's capital; title case keeps it.
    if len(words) > 1 and words[1][:1].islower() and words[0][1:].islower():
        role = role[:1].lower() + role[1:]
    elif len(words) == 1 and words[0][1:].islower():
        role = role[:1].lower() + role[1:]
    verb = inflect("serve", tense)
    return f"{verb[:1].upper()}{verb[1:]} as {role} {m.group('prep')} {m.group('rest')}"


__all__ = ["NOMINALS", "as_weak_opener", "role_led", "verb_led"]
