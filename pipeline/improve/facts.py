"""Fact extraction: the things a rewrite must neither invent nor lose.

A fact is a normalised token of one kind:

- ``number``: digits with their currency, scale and percent ("$18M" -> "$18m", "73 percent"
  -> "73%", "1,200" -> "1200", "three" -> "3"); a year is a number too.
- ``date``: a month followed by a day or year ("Jun 2023" -> "jun").
- ``proper``: a capitalised word that is not the ordinary first word of a sentence (names,
  employers, titles, products, places, acronyms): "Sequoia", "NeurIPS", "AWS".
- ``skill``: a known skill under its canonical name ("k8s" -> "kubernetes"), any case.
- ``degree``: degree words ("bachelor", "mba", "phd").
- ``contact``: e-mail addresses and URLs.

Comparison is on sets of ``kind:value`` strings. Extraction is regex-only (about 20 µs per
bullet) so every improver can afford to run it on every rewrite.
"""

from __future__ import annotations

import re

from pipeline.analyze.skills import SKILLS, find_skills
from pipeline.analyze.verbs import Form, inflect, lookup
from pipeline.improve.nominal import ORDINARY_OPENERS

_NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "hundred": "100",
    "thousand": "1000",
    "dozen": "12",
    "million": "1000000",
    "billion": "1000000000",
    "half": "0.5",
    "twice": "2",
    "double": "2",
    "triple": "3",
}
# "doubled", "doubling", "triples" state the same number as "double" / "triple": a rewrite that
# re-inflects the verb ("Responsible for doubling X" -> "Doubled X") keeps the fact.
_NUMBER_WORDS.update(
    {inflect(verb, form): _NUMBER_WORDS[verb] for verb in ("double", "triple") for form in Form}
)
_NUMBER = re.compile(
    r"(?P<cur>[$€£¥₹])?\s?(?P<num>\d+(?:[.,]\d+)*)\s?"
    r"(?P<scale>k|m|mm|b|bn|x|million|billion|thousand|%|percent|per\s?cent)?(?![A-Za-z])",
    re.IGNORECASE,
)
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_MONTH = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2}\b|\d{4}\b|'\d\d)",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|io|dev|me)(?:/\S*)?", re.IGNORECASE
)
_WORD = re.compile(r"(?<![\w$€£¥₹])[^\W\d_][\w&'+#.-]*", re.UNICODE)
_DEGREES = frozenset(
    {
        "bachelor",
        "bachelors",
        "bachelor's",
        "master",
        "masters",
        "master's",
        "phd",
        "ph.d",
        "doctorate",
        "doctoral",
        "mba",
        "msc",
        "bsc",
        "b.sc",
        "m.sc",
        "ba",
        "bs",
        "ms",
        "ma",
        "b.a",
        "b.s",
        "m.s",
        "m.a",
        "associate's",
        "diploma",
        "licence",
        "llb",
        "llm",
        "md",
        "jd",
    }
)
# Capitalised words that are ordinary at the start of a sentence or a heading: not proper nouns.
COMMON_WORDS = frozenset(
    """
a an the and or but for with to of in on at by from as into over under this that these those
i we my our me us it its he she they their his her you your
responsible duties duty included include includes including tasked involved participated
charge key main primary various several multiple many daily weekly monthly annual annually
new senior junior lead chief head team teams project projects client clients customer customers
successfully also additionally then currently primarily mainly solely
was were is are am be been being have has had do did does will would can could should might must
i'm i've i'd i'll we're we've i’m i’ve i’d i’ll we’re we’ve
""".split()
)
_SCALES = {
    "percent": "%",
    "percentage": "%",
    "million": "m",
    "mm": "m",
    "billion": "b",
    "bn": "b",
    "thousand": "k",
}
_SENTENCE_MARKS = frozenset(".!?:;•|\u2022")


def _number_fact(m: re.Match[str]) -> str:
    num = m.group("num")
    # "1,200" is one thousand two hundred; "3,5" (decimal comma) stays distinct from "35".
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", num):
        num = num.replace(",", "")
    scale = re.sub(r"\s", "", (m.group("scale") or "").lower())
    scale = _SCALES.get(scale, scale)
    return f"number:{m.group('cur') or ''}{num}{scale}"


def extract_facts(text: str) -> set[str]:
    """The facts in ``text`` as ``kind:value`` strings (see the module docstring)."""
    facts: set[str] = set()
    scrubbed = text
    for m in _EMAIL.finditer(text):
        facts.add(f"contact:{m.group(0).lower()}")
    scrubbed = _EMAIL.sub(" ", scrubbed)
    for m in _URL.finditer(scrubbed):
        facts.add(f"contact:{m.group(0).lower().rstrip('.,;)')}")
    scrubbed = _URL.sub(" ", scrubbed)
    for m in _MONTH.finditer(scrubbed):
        facts.add(f"date:{m.group(1).lower()[:3]}")
    for m in _NUMBER.finditer(scrubbed):
        facts.add(_number_fact(m))
    for m in _NUMBER_WORD.finditer(scrubbed):
        facts.add(f"number:{_NUMBER_WORDS[m.group(1).lower()]}")
    skills = find_skills(scrubbed)
    facts.update(f"skill:{s}" for s in skills)
    # A capitalised skill ("Kubernetes") is one skill fact, compared through its aliases, not
    # also a name that "k8s" could never match.
    skill_words = {w for s in skills for alias in (s, *SKILLS[s]) for w in alias.split()}
    facts.update(
        f for f in _proper_and_degree_facts(scrubbed) if f.split(":", 1)[1] not in skill_words
    )
    return facts


def _proper_and_degree_facts(text: str) -> set[str]:
    facts: set[str] = set()
    for line in text.splitlines():
        for m in _WORD.finditer(line):
            word = m.group(0).rstrip(".'-")
            lower = word.lower()
            if lower.endswith("'s"):
                lower = lower[:-2]
            j = m.start() - 1
            while j >= 0 and line[j].isspace():
                j -= 1
            sentence_start = j < 0 or line[j] in _SENTENCE_MARKS
            # "Masters the close process": a verb opening a sentence, not the degree.
            verb_first = sentence_start and lookup(lower) is not None
            if (
                lower in _DEGREES
                and not verb_first
                and (lower not in {"ba", "bs", "ms", "ma", "md", "jd"} or word.isupper())
            ):
                facts.add(f"degree:{lower.replace('.', '').replace(chr(39), '')}")
                continue
            if not any(c.isupper() for c in word) or word == "I":
                continue
            inner_caps = any(c.isupper() for c in word[1:])
            if sentence_start and not inner_caps:
                # The first word of a sentence is capitalised anyway: only a fact when it is
                # neither a verb nor an ordinary word (e.g. "Google engineers ...").
                if (
                    lookup(lower) is not None
                    or lower in COMMON_WORDS
                    or lower in ORDINARY_OPENERS
                    or len(lower) < 2
                ):
                    continue
            if lower in COMMON_WORDS and not inner_caps:
                continue
            facts.add(f"proper:{lower}")
    return facts


def word_forms(value: str) -> frozenset[str]:
    """The inflections of a one-word fact that is also a verb, the fact itself included.

    "auditing" (the skill) -> {"audit", "audits", "audited", "auditing"}; "master" (the degree
    word) -> {"master", "masters", "mastered", "mastering"}. A rewrite that re-inflects the verb
    ("Responsible for auditing X" -> "Audited X") still names the same thing, so a fact kept in
    any of these forms is not dropped. Words that are not verbs map to themselves only.
    """
    verb = lookup(value) if " " not in value else None
    if verb is None:
        return frozenset({value})
    return frozenset({value, *(inflect(verb.base, form) for form in Form)})


def verbal_forms(value: str) -> frozenset[str]:
    """The forms of :func:`word_forms` that can only be a verb: "-ed" and "-ing".

    The base and "-s" forms are left out: they are nouns as often ("an audit", "weekly
    forecasts"), and a noun does not make its gerund skill ("forecasting") a fact of the text.
    """
    verb = lookup(value) if " " not in value else None
    if verb is None:
        return frozenset()
    noun_like = {verb.base, inflect(verb.base, Form.THIRD)}
    forms = {inflect(verb.base, f) for f in (Form.PAST, Form.PARTICIPLE, Form.GERUND)}
    return frozenset(forms - noun_like)


def fact_values(facts: set[str]) -> list[str]:
    """Human-readable values, sorted ("number:$18m" -> "$18m")."""
    return sorted(f.split(":", 1)[1] for f in facts)
