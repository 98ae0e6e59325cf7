"""Job-description keyword match: which of the job's terms the resume supports.

Terms come from the job description: known skills (any alias), capitalised names and acronyms
("Terraform", "SOX"), and content words or two-word phrases the description repeats. A posting's
boilerplate is never a term: section labels and calls to action ("Requirements", "Benefits",
"Apply"), and words in capitals for emphasis ("IMPORTANT:", "NOTE", "URGENT", "MUST HAVE", a
shouted line) rather than acronyms. Each term
is weighted (skills 3, names 2, repeated phrases 1.5, repeated words 1, plus 0.5 per extra
mention up to +1.5). Matching compares light stems ("services" ~ "service", "managing" ~
"management") and resolves aliases (js/javascript, k8s/kubernetes, postgres/postgresql).

A two-word phrase the description uses once ("survey design") is a term too when the resume
uses it as well (lower case in the description, no stop words): an ATS matches such phrases as
written, and only a shared phrase is added, so a posting's one-off wording never shows as missing.

The result is reported beside the score, never folded into it. Keyword stuffing is flagged only
for repetition far beyond natural use: one term making up a quarter of a line with at least four
mentions there (a padded skills list), three mentions in a row with at most one other word
between them ("Python, Python, Python", hidden-text-like runs), or more than 5% of the resume's
words with at least 12 mentions. ATS vendors and recruiters discount such resumes, while a
profession word used naturally ("UX" three times in a UX researcher's summary, "accounting"
nine times in an accountant's resume) is not stuffing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.analyze.skills import alias_index, find_skills, tokens
from pipeline.analyze.verbs import lookup
from pipeline.model import KeywordMatch, Resume

MAX_TERMS = 25
STUFFING_PER_LINE = 4  # mentions in one line, when they are STUFFING_LINE_SHARE of its words
STUFFING_LINE_SHARE = 0.25
STUFFING_RUN = 3  # mentions in a row with at most one other word between them
STUFFING_SHARE = 0.05
STUFFING_MIN = 12

_STOP = frozenset(
    """
a about above across after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each either etc few for
from further had has have having he her here hers him his how i if in into is it its itself just
least less like more most must my no nor not of off on once only or other our ours out over own
per plus same shall she should so some such than that the their them then there these they this
those through to too under until up upon us very via was we well were what when where which while
who whom why will with within without would yet you your yours
ability able across advantage apply applicants benefits bonus candidate candidates company
compensation competitive culture day days degree desired equal etc excellent experience
experienced familiarity familiar flexible environment good great help high ideal including join
knowledge looking make new nice opportunity opportunities plus position preferred proficiency
proficient qualifications related required requirements responsibilities role salary seeking
skills strong team teams understanding work working world year years you'll we're who'll
clear care comfort attention detail plus fictional
""".split()
)
# Job-posting boilerplate: section labels, calls to action, emphasis and filler. Never a term in
# any case ("Benefits", "IMPORTANT", "asap").
_BOILERPLATE = frozenset(
    """
about additional apply applying asap attention bonus benefit benefits closing deadline
description details duties eeo eoe essential faq fyi hiring hot immediate immediately important
info information mandatory must n/a na nb note notes now offer optional overview perks please
ps qualification qualifications read reminder requirement requirements responsibilities
responsibility role salary summary tba tbc tbd update urgent urgently wanted welcome what who
why
""".split()
)
# Three or more words in capitals separated by single spaces, none of them a known skill, are a
# shouted sentence ("PLEASE READ CAREFULLY"); a list of acronyms has commas ("SOX, HIPAA, PCI").
_SHOUTED = re.compile(r"\b[A-Z][A-Z']+(?: [A-Z][A-Z']+){2,}\b")

_SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ers",
    "er",
    "ies",
    "ied",
    "ed",
    "es",
    "s",
)


def stem(word: str) -> str:
    """A light suffix-stripping stem ("services" -> "servic", "managing" -> "manag")."""
    w = word.lower().strip(".,;:'\"()")
    if len(w) <= 4 or not w.isalpha():
        return w
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    return w[:-1] if w.endswith("e") and len(w) > 4 else w


@dataclass(frozen=True, slots=True)
class Term:
    label: str  # as printed in the job description (or the canonical skill)
    key: tuple[str, ...]  # stems, or ("skill:<canonical>",)
    weight: float


def _stems(text: str) -> list[list[str]]:
    return [[stem(w) for w in tokens(line)] for line in text.splitlines()]


def extract_terms(job_description: str, limit: int = MAX_TERMS) -> list[Term]:
    """The job's terms, heaviest first (ties: first mention first)."""
    words = tokens(job_description)
    lower = [w.lower() for w in words]
    order: dict[tuple[str, ...], int] = {}
    terms: dict[tuple[str, ...], Term] = {}
    mentions: Counter[tuple[str, ...]] = Counter()

    def add(label: str, key: tuple[str, ...], weight: float, pos: int) -> None:
        mentions[key] += 1
        order.setdefault(key, pos)
        if key not in terms or terms[key].weight < weight:
            terms[key] = Term(label, key, weight)

    skill_words: set[int] = set()
    index = alias_index()
    for i in range(len(lower)):
        for n in (3, 2, 1):
            canonical = index.get(tuple(lower[i : i + n]))
            if canonical and canonical in find_skills(" ".join(words[i : i + n])):
                add(canonical, (f"skill:{canonical}",), 3.0, i)
                skill_words.update(range(i, i + n))
                break
    skip = _emphasis(job_description, words, lower, skill_words)
    stems = [stem(w) for w in words]
    word_count = Counter(
        s
        for i, (s, w) in enumerate(zip(stems, lower, strict=True))
        if w not in _STOP and i not in skip
    )
    pair_count = Counter(
        (stems[i], stems[i + 1])
        for i in range(len(words) - 1)
        if lower[i] not in _STOP
        and lower[i + 1] not in _STOP
        and not {i, i + 1} & (skill_words | skip)
        and lower[i].isalpha()
        and lower[i + 1].isalpha()
    )
    # A pair never written in lower case is a name (the employer's, a product's), not a term.
    lower_pairs = {
        (stems[i], stems[i + 1])
        for i in range(len(words) - 1)
        if words[i].islower() and words[i + 1].islower()
    }
    sentence_start = _sentence_starts(job_description, words)
    breaks = _list_breaks(job_description, words)
    for i, w in enumerate(words):
        if i in skill_words or i in skip or lower[i] in _STOP or not w[:1].isalpha():
            continue
        acronym = (w.isupper() and len(w) > 1) or any(c.isupper() or c.isdigit() for c in w[1:])
        capitalised = w[:1].isupper() and i not in sentence_start
        if acronym or (capitalised and not _in_name(words, i, sentence_start | breaks)):
            add(w, (stems[i],), 2.0, i)
        elif not w[:1].isupper() and word_count[stems[i]] >= 2 and len(w) > 3 and lookup(w) is None:
            add(lower[i], (stems[i],), 1.0, i)
        pair = (stems[i], stems[i + 1]) if i + 1 < len(words) else None
        if pair and pair_count[pair] >= 2 and pair in lower_pairs:
            add(f"{lower[i]} {lower[i + 1]}", pair, 1.5, i)
    # A word inside a repeated phrase is not a term of its own.
    in_pairs = {s for k in terms if len(k) == 2 for s in k}
    result = [
        Term(t.label, t.key, t.weight + min(1.5, 0.5 * (mentions[t.key] - 1)))
        for t in terms.values()
        if not (len(t.key) == 1 and t.key[0] in in_pairs and t.weight < 2)
    ]
    result.sort(key=lambda t: (-t.weight, order[t.key]))
    return result[:limit]


def _emphasis(text: str, words: list[str], lower: list[str], skill_words: set[int]) -> set[int]:
    """Indices of boilerplate words and of capitals used for emphasis, not as acronyms.

    A word in capitals is emphasis when it is posting boilerplate ("IMPORTANT", "NOTE"), a verb
    ("APPLY", "BUILD"), a stop word ("MUST", "THE"), or part of a run of capitalised words with
    no known skill in it ("PLEASE READ CAREFULLY"); "SOX", "HIPAA" and "AWS" stay terms.
    """
    skip = {i for i, w in enumerate(lower) if w in _BOILERPLATE}
    caps = [w.isupper() and w.isalpha() and len(w) > 1 for w in words]
    for i, w in enumerate(lower):
        if caps[i] and i not in skill_words and (w in _STOP or lookup(w) is not None):
            skip.add(i)
    for m in _SHOUTED.finditer(text):
        if not find_skills(m.group(0)):
            shouted = set(m.group(0).split())
            skip.update(i for i, w in enumerate(words) if w in shouted)
    return skip


def _in_name(words: list[str], i: int, sentence_start: set[int]) -> bool:
    """Is ``words[i]`` part of a run of capitalised words (a company or product name such as
    "Lakeshore Freight Labs", or a heading)? Such names are the employer's, not skills."""

    def cap(j: int) -> bool:
        return 0 <= j < len(words) and words[j][:1].isupper()

    return (cap(i - 1) and i not in sentence_start) or (cap(i + 1) and i + 1 not in sentence_start)


def _list_breaks(text: str, words: list[str]) -> set[int]:
    """Indices of words after a list separator ("Figma, Miro & Dovetail"): capitalised list
    items are separate terms, not the words of one name."""
    breaks: set[int] = set()
    pos = 0
    for i, w in enumerate(words):
        at = text.find(w, pos)
        if i and _LIST_SEPARATOR.search(text[pos:at]):
            breaks.add(i)
        pos = at + len(w)
    return breaks


_LIST_SEPARATOR = re.compile(r"[,;&|·•]")


def _sentence_starts(text: str, words: list[str]) -> set[int]:
    starts: set[int] = set()
    pos = 0
    prev_end = 0
    for i, w in enumerate(words):
        at = text.find(w, pos)
        gap = text[prev_end:at]
        if i == 0 or re.search(r"[.!?:;\n•*-]\s*$", gap) or "\n" in gap:
            starts.add(i)
        pos = prev_end = at + len(w)
    return starts


def _line_positions(
    key: tuple[str, ...], text_lines: list[str], lines: list[list[str]]
) -> list[list[int]]:
    """Token positions of the term's mentions in each line."""
    if key[0].startswith("skill:"):
        skill = key[0][6:]
        return [
            _alias_positions(skill, line) if skill in find_skills(line) else []
            for line in text_lines
        ]
    n = len(key)
    return [
        [i for i in range(len(line) - n + 1) if tuple(line[i : i + n]) == key] for line in lines
    ]


def _stuffed_line(positions: list[int], words: int, n: int) -> bool:
    """Repetition no natural sentence has: a quarter of the line's words with at least
    STUFFING_PER_LINE mentions, or STUFFING_RUN mentions in a row with at most one word between
    them ("Python, Python, Python")."""
    if len(positions) >= STUFFING_PER_LINE and len(positions) * n >= STUFFING_LINE_SHARE * words:
        return True
    run = 1
    for a, b in zip(positions, positions[1:], strict=False):
        run = run + 1 if b - a <= n + 1 else 1
        if run >= STUFFING_RUN:
            return True
    return False


# Words after which a verb form is the verb, not part of a noun phrase ("and run usability").
_VERB_BEFORE = frozenset({"", "and", "or", "&", "to", "will", "can", "you", "we", "must"})


def _shared_phrases(
    job_description: str, lines: list[list[str]], known: set[tuple[str, ...]]
) -> list[Term]:
    """Two-word phrases the description writes in lower case once ("survey design") that the
    resume uses too: terms an ATS matches as written. Stop words, boilerplate and skill names
    (already terms of their own) are left out."""
    in_resume = {(line[i], line[i + 1]) for line in lines for i in range(len(line) - 1)}
    found: dict[tuple[str, ...], Term] = {}
    for line in job_description.splitlines():
        found.update(_line_phrases(tokens(line), in_resume, known | set(found)))
    return list(found.values())


def _line_phrases(
    words: list[str], in_resume: set[tuple[str, str]], known: set[tuple[str, ...]]
) -> dict[tuple[str, ...], Term]:
    found: dict[tuple[str, ...], Term] = {}
    for i, (a, b) in enumerate(zip(words, words[1:], strict=False)):
        if not (a.islower() and b.islower() and a.isalpha() and b.isalpha()):
            continue
        prev = words[i - 1].lower() if i else ""
        if lookup(a) is not None and prev in _VERB_BEFORE:
            continue  # "plan and run usability studies": "run usability" is no phrase
        if {a, b} & (_STOP | _BOILERPLATE) or min(len(a), len(b)) < 3:
            continue
        key = (stem(a), stem(b))
        if key in known or key in found or key not in in_resume or find_skills(f"{a} {b}"):
            continue
        found[key] = Term(f"{a} {b}", key, 1.5)
    return found


def match_keywords(resume: Resume, job_description: str) -> KeywordMatch:
    """Which of the job's terms the resume supports; see the module docstring."""
    terms = extract_terms(job_description)
    text = resume.plain_text()
    text_lines = text.splitlines()
    lines = _stems(text)
    terms += _shared_phrases(job_description, lines, {t.key for t in terms})
    matched: list[str] = []
    missing: list[str] = []
    got = total = 0.0
    word_total = max(1, sum(len(line) for line in lines))
    stuffing = False
    for term in terms:
        total += term.weight
        per_line = _line_positions(term.key, text_lines, lines)
        count = sum(len(p) for p in per_line)
        if count:
            matched.append(term.label)
            got += term.weight
            n = 1 if term.key[0].startswith("skill:") else len(term.key)
            if any(
                _stuffed_line(p, len(words), n) for p, words in zip(per_line, lines, strict=True)
            ) or (count >= STUFFING_MIN and count / word_total > STUFFING_SHARE):
                stuffing = True
        else:
            missing.append(term.label)
    return KeywordMatch(
        matched=matched,
        missing=missing,
        total=len(terms),
        coverage=round(got / total, 4) if total else 0.0,
        stuffing=stuffing,
    )


def _alias_positions(skill: str, line: str) -> list[int]:
    lower = [w.lower() for w in tokens(line)]
    keys = [k for k, v in alias_index().items() if v == skill]
    return sorted(
        i for k in keys for i in range(len(lower) - len(k) + 1) if tuple(lower[i : i + len(k)]) == k
    )
