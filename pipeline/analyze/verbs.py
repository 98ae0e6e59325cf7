"""English action-verb lexicon with tenses.

Resume bullets open with a verb in the base form for the current role ("Lead a team of 5") and
in the simple past for past roles ("Led a team of 5"). The lexicon maps every inflected form
(base, past, third person, gerund, past participle) back to its base form, so a bullet's opener
can be recognised and re-inflected without an NLP library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# Strong action verbs, base form. Kept to verbs that read well as a bullet's first word.
_BASE = """
accelerate achieve acquire adapt add address adjust administer advance advise advocate align
allocate analyze analyse anticipate apply appraise approve arbitrate architect arrange assemble
assess assign attain audit augment author authorize automate award balance benchmark boost brief
broker budget build calculate calibrate campaign capture catalog categorize centralize chair
champion chart clarify classify close coach code collaborate collect combine command commission
communicate compile complete compose compute conceive conceptualize conduct configure consolidate
construct consult contract contribute control convert convince coordinate correct counsel craft
create cultivate curate customize cut debug decrease define delegate deliver demonstrate deploy
design detect determine develop devise diagnose direct discover dispatch distribute document
double draft drive edit educate eliminate enable encourage engineer enhance enlarge ensure
establish estimate evaluate examine exceed execute expand expedite experiment explore extend
extract facilitate finalize fix forecast forge form formulate foster found generate govern grow
guide handle harmonize head hire host identify illustrate implement improve increase influence
initiate innovate inspect install institute instruct integrate interpret interview introduce
invent investigate launch lead lecture leverage liaise license load lower maintain manage map
market master maximize measure mediate mentor merge migrate minimize mobilize model moderate
modernize monitor motivate navigate negotiate onboard operate optimize orchestrate organize
originate outperform overhaul oversee own partner perform pilot pioneer plan port predict prepare
present prevent prioritize process produce program promote propose prototype provide publish
purchase qualify quantify raise rank reach rebuild recommend reconcile record recruit redesign
reduce refactor refine regulate rehabilitate reinforce release remodel render reorganize repair
replace report represent research resolve restore restructure revamp review revise revitalize
rewrite run safeguard save scale schedule score screen secure select sell serve service set
shape ship simplify solve source spearhead specify sponsor stabilize standardize steer
streamline strengthen structure submit succeed supervise supply support survey sustain
synthesize systematize tailor target teach test track train transform translate triage
troubleshoot tutor uncover undertake unify update upgrade upsell validate verify win write
adopt answer coauthor earn feature file gain interact invite join obtain persuade pitch provision
receive recognize reform respond volunteer visualize
localize internationalize containerize digitize deprecate upskill
"""

# Irregular simple past; the past participle is the same unless listed in _PARTICIPLE.
_IRREGULAR_PAST = {
    "build": "built",
    "drive": "drove",
    "lead": "led",
    "rebuild": "rebuilt",
    "rewrite": "rewrote",
    "run": "ran",
    "sell": "sold",
    "set": "set",
    "teach": "taught",
    "undertake": "undertook",
    "upsell": "upsold",
    "win": "won",
    "write": "wrote",
    "cut": "cut",
    "oversee": "oversaw",
    "forecast": "forecast",
    "grow": "grew",
    "make": "made",
    "take": "took",
    "give": "gave",
    "meet": "met",
    "hold": "held",
    "keep": "kept",
    "find": "found",
    "begin": "began",
    "draw": "drew",
    "spend": "spent",
    "send": "sent",
    "bring": "brought",
    "think": "thought",
    "buy": "bought",
    "speak": "spoke",
    "become": "became",
    "do": "did",
    "see": "saw",
    "choose": "chose",
    "pay": "paid",
    "put": "put",
    "know": "knew",
    "show": "showed",
    "go": "went",
    "say": "said",
    "get": "got",
    "understand": "understood",
    "reset": "reset",
}
_PARTICIPLE = {
    "drive": "driven",
    "rewrite": "rewritten",
    "run": "run",
    "undertake": "undertaken",
    "write": "written",
    "oversee": "overseen",
    "grow": "grown",
    "take": "taken",
    "give": "given",
    "begin": "begun",
    "draw": "drawn",
    "speak": "spoken",
    "become": "become",
    "do": "done",
    "see": "seen",
    "choose": "chosen",
    "know": "known",
    "show": "shown",
    "go": "gone",
}
# Verbs whose final consonant doubles before -ed/-ing (stress on the last syllable).
_DOUBLE = {
    "plan",
    "ship",
    "run",
    "set",
    "cut",
    "begin",
    "map",
    "scan",
    "log",
    "win",
    "put",
    "control",
    "program",
    "commit",
    "submit",
    "chat",
    "drop",
    "stop",
    "format",
    "reset",
}

# Frequent verbs that are not strong openers but are verbs all the same (tense and passive
# checks need them); weak ones are handled by findings.WEAK_OPENERS.
_OTHER = (
    "help assist work participate make take give meet hold keep find begin draw spend "
    "send bring think buy speak become do see choose pay put know show go say get understand "
    "use handle utilize involve task attend learn study talk move reset visit greet"
)

ACTION_VERBS: frozenset[str] = frozenset(_BASE.split())
_ALL_BASES = ACTION_VERBS | frozenset(_OTHER.split())


class Form(StrEnum):
    BASE = "base"  # "lead" (also first-person present)
    THIRD = "third"  # "leads"
    PAST = "past"  # "led"
    PARTICIPLE = "participle"  # "led", "written"
    GERUND = "gerund"  # "leading"


def _stem_for_suffix(base: str) -> str:
    if base in _DOUBLE:
        return base + base[-1]
    return base


def past(base: str) -> str:
    """Simple past of ``base`` ("lead" -> "led", "plan" -> "planned", "apply" -> "applied")."""
    if base in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[base]
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and len(base) > 1 and base[-2] not in "aeiou":
        return base[:-1] + "ied"
    return _stem_for_suffix(base) + "ed"


def participle(base: str) -> str:
    return _PARTICIPLE.get(base, past(base))


def third(base: str) -> str:
    if base.endswith("y") and base[-2] not in "aeiou":
        return base[:-1] + "ies"
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        return base + "es"
    return base + "s"


def gerund(base: str) -> str:
    """``base`` + -ing ("manage" -> "managing", "plan" -> "planning", "see" -> "seeing")."""
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        return base[:-1] + "ing"
    return _stem_for_suffix(base) + "ing"


def inflect(base: str, form: Form) -> str:
    return {
        Form.BASE: base,
        Form.THIRD: third(base),
        Form.PAST: past(base),
        Form.PARTICIPLE: participle(base),
        Form.GERUND: gerund(base),
    }[form]


@dataclass(frozen=True, slots=True)
class VerbForm:
    base: str
    form: Form
    strong: bool  # in ACTION_VERBS


def _build_index() -> dict[str, VerbForm]:
    index: dict[str, VerbForm] = {}
    # Later forms do not overwrite earlier ones: "set"/"cut"/"put" stay BASE (ambiguous, and the
    # base reading needs no tense change in a current role).
    for form in (Form.BASE, Form.PAST, Form.PARTICIPLE, Form.THIRD, Form.GERUND):
        for base in sorted(_ALL_BASES):
            index.setdefault(inflect(base, form), VerbForm(base, form, base in ACTION_VERBS))
    return index


VERB_INDEX: dict[str, VerbForm] = _build_index()
PARTICIPLES: frozenset[str] = frozenset(participle(b) for b in _ALL_BASES)


_PREFIXES = ("co-", "re-", "pre-", "cross-", "self-")
# British -ise spellings of -ize verbs ("organising", "prioritised"): read through the -ize form,
# with the British base so that re-inflecting keeps the person's spelling ("organised").
_BRITISH = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing)$")


def lookup(word: str) -> VerbForm | None:
    """The verb form of ``word`` (any case, trailing punctuation ignored), or None.

    A hyphenated prefix is looked through: "Co-authored" reads as "authored". A British
    spelling reads as its -ize verb with a British base ("organised" -> organise, past).
    """
    w = word.lower().strip(".,;:!?")
    found = VERB_INDEX.get(w)
    if found is None and w.startswith(_PREFIXES):
        return lookup(w.split("-", 1)[1])
    if found is None and _BRITISH.search(w):
        us = VERB_INDEX.get(_BRITISH.sub(r"iz\1", w))
        if us is not None and us.base.endswith("ize"):
            found = VerbForm(us.base[:-3] + "ise", us.form, us.strong)
    return found


def match_case(template: str, word: str) -> str:
    """``word`` with the capitalisation of ``template`` ("Managing", "led" -> "Led")."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
