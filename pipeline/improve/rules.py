"""The offline, deterministic rule improver.

Rules (English resumes, i.e. ``language`` "en" or unknown; other languages are left as
written, since the verb and pronoun rules are English, and ``ChangeSet.notes`` says so:
pipeline.summary.language_note):

- weak openers ("Responsible for managing X", "Helped the team complete Y", "Worked on Z")
  become action verbs: the verb hidden in the phrase when there is one ("Managed X"; every
  -ing verb coordinated with it is re-inflected too, or no rewrite is made), else an honest one
  that never claims more than the original and fits its object ("Owned/Handled X" for
  "responsible for X" and "duties included X", "Coordinated a team" for people, "Used
  Kubernetes" but "Collaborated with the design team", "Handled 40 tickets" for work items,
  "Supported the team in completing Y", "Contributed to Z" or "Assisted in building Z";
  "Supported efforts to audit Z" when the gerund "auditing" would name a skill the bullet never
  claimed), in the entry's tense, except that a past tense the opener states ("I was
  responsible for hiring", "Helped build") is kept in a current role, as "Built" is. A
  substitute verb opens at most two bullets (REPEAT_LIMIT: the analysis flags a third as a
  repeated opener); when none is free, when no verb fits the object ("Worked on weekends",
  "Worked in retail", "Involved in a team of 5"), or when the rules cannot build a grammatical
  sentence (an -ing word they cannot re-inflect), the bullet stays as written and gets a
  suggestion instead. These rules apply in every section of roles: Experience, Projects,
  Volunteering and "Leadership"/"Activities" sections (pipeline.analyze.bullets);
- noun-phrase bullets that name their own work open with its verb (pipeline.improve.nominal):
  "Development of X" -> "Developed X", "Responsibility for X" -> the weak-opener rule, "Lead
  engineer on X" -> "Served as lead engineer on X"; other noun phrases ("ICML 2022 paper") and
  template placeholders ("Achievement 1;") stay as written with a suggestion;
- a leading "I"/"We" goes only before an action verb ("I am the go-to person" stays), and so
  does the "I" of each coordinated clause ("I built X and I shipped Y" -> "Built X and shipped
  Y"); a bullet that would keep a pronoun ("I built the API that I designed") stays as written
  with a suggestion. "My team and I designed X" becomes "Co-designed X" (the shared credit
  stays) for verbs that take "co-", else it stays as written;
- summary sentences lose "I am (a)", "I have" and "I" where the rest is a grammatical fragment
  ("I am a backend developer with ..." -> "Backend developer with ...", "I am looking for ..."
  -> "Looking for ..."); others ("I like working on APIs") stay as written;
- the opening verb takes the tense of the role: present for the current role (gerunds and
  third person become the base form; a past tense is kept, it states a finished result, and a
  past-tense clause such as "while the GM was on leave" marks a finished episode: past), simple
  past for past roles; every verb coordinated with the opener ("..., hire staff and lead
  reviews") takes the same tense, or the bullet stays as written;
- first-person pronouns and filler go ("successfully", "in order to" -> "to", "utilized" ->
  "used"), which also tightens long bullets;
- the first letter is capitalised and terminal full stops follow the resume's majority;
- headings become the standard word for their section ("Work History" -> "Experience");
- with a job description, skills the job names move to the front of each skills line (none is
  ever added).

Missing metrics and bullets still over two lines become suggestions, never invented numbers.
The result passes through the fact guard like every improver's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from pipeline.analyze import bullets as b
from pipeline.analyze.findings import is_english
from pipeline.analyze.headings import standard_heading
from pipeline.analyze.keywords import extract_terms, stem
from pipeline.analyze.skills import find_skills, tokens
from pipeline.analyze.verbs import ACTION_VERBS, Form, VerbForm, inflect, lookup, match_case
from pipeline.improve import nominal
from pipeline.improve.base import Improvement
from pipeline.improve.guard import check_rewrite, enforce
from pipeline.model import Change, ChangeSet, Entry, Resume, SectionKind
from pipeline.summary import language_note

NAME = "rules"
VERSION = "rules-7"
# rules-2: no overstated or ungrammatical rewrites. rules-3: noun-phrase bullets ("Development
# of X", "Lead engineer on X") open with their own verb; coordinated verbs share one tense; a
# past tense the weak opener states ("I was responsible for", "Helped") is kept in a current role.
# rules-4: a substitute verb ("Contributed to", "Assisted in", "Supported") opens at most two
# bullets and fits its object ("Worked on tickets" -> "Handled tickets"; "Worked on weekends",
# "Worked in retail" stay); "My team and I designed" -> "Co-designed"; a first-person summary
# loses "I am (a)"/"I have" where the rest is grammatical; British -ise verbs are verbs;
# "Leadership"/"Activities" sections get the bullet rules; a non-English resume gets a note.
# rules-5: "In charge of scheduling for X" -> "Managed scheduling for X" (an -ing noun before a
# preposition is not a verb); "Worked on the espresso bar" (a place or station) stays and is no
# weak opener; "We reduced X" is team credit like "My team and I": "Co-<verb>" or as written with
# a suggestion; a summary sentence loses every first-person pronoun or stays as written, and the
# change says how many sentences changed; "<X> Projects"/"<X> Experience" get the bullet rules.
# rules-6: a bullet loses every first-person pronoun ("I built X and I shipped Y" -> "Built X
# and shipped Y") or stays as written with a suggestion; a past-tense subordinate clause ("while
# the GM was on leave", "during Sam's leave") keeps the past tense in a current role.
# rules-7: a summary label with one sentence left says "the other stays" (grammar).

# Verbs a weak opener can honestly become, least specific claim first.
# "Responsible for" / "duties included" / "tasked with" say the work was the person's, not that
# they managed or led it: only neutral verbs, never a stronger claim than the original.
_OWNERSHIP = ("own", "handle", "maintain", "administer")
_NEUTRAL = ("handle", "perform")
_SUPPORT = ("support", "assist")
# A substitute verb opens at most this many bullets: the analysis flags a third as a repeated
# opener (pipeline.analyze.findings), so a third "Contributed to" trades one finding for another.
REPEAT_LIMIT = 2
# Objects of "worked on" that are work items someone handles, not a thing one contributes to:
# "Worked on 40 tickets a day" -> "Handled 40 tickets a day" ("resolved" would claim the outcome).
_WORK_ITEMS = frozenset(
    "ticket tickets issue issues bug bugs defect defects incident incidents case cases request "
    "requests query queries inquiry inquiries enquiry enquiries complaint complaints escalation "
    "escalations claim claims order orders return returns refund refunds call calls account "
    "accounts".split()
)
# Objects after "worked on" / "involved in" that nothing can be contributed to: when, where or
# how the work was done, or a pronoun ("Worked on weekends", "on site", "on a contract basis").
_NO_OBJECT = frozenset(
    "weekend weekends night nights shift shifts site sites location locations call basis "
    "contract commission holiday holidays saturday saturdays sunday sundays time it them this "
    "that these those everything something anything things stuff myself ourselves skill skills "
    "myself various several".split()
)
_DETERMINERS = frozenset({"a", "an", "the", "per", "each", "every"})
_CLAUSE_WORDS = frozenset(
    "and or & that which who whom whose so where when while because of with as than".split()
)
_OPENER_VERBS = {
    "responsible for": _OWNERSHIP,
    "duties included": _NEUTRAL,
    "tasked with": _NEUTRAL,
    "in charge of": ("manage", "oversee", "lead"),
}
# "In charge of a team of five" -> "Led a team of five"; "in charge of the scorecard" -> "Managed".
_IN_CHARGE_OF_PEOPLE = ("lead", "manage")
# Words after an -ing word that show it is a noun ("in charge of scheduling for 22 baristas"):
# "Scheduled for 22 baristas" would be wrong, "Managed scheduling for 22 baristas" is not.
_GERUND_NOUN_NEXT = frozenset({"for", "of", "at", "during", "across", "within", "throughout"})
# Words naming people or groups: "worked with the design team" is collaboration, "responsible
# for a team of five" is coordination, while "worked with Kubernetes" is using a tool.
_PEOPLE = frozenset(
    "team teams staff people person colleagues colleague stakeholders stakeholder customers "
    "customer clients client users user engineers engineer designers designer developers "
    "developer managers manager analysts analyst partners partner vendors vendor suppliers "
    "supplier executives executive leadership director directors department departments group "
    "groups committee board students student volunteers volunteers peers peer members member "
    "researchers scientists teachers nurses doctors officers agents representatives founders "
    "ceo cto cfo coo vp vps i we you he she they".split()
)
_ARTICLES = frozenset({"a", "an", "the", "this", "that", "these", "those", "our", "my", "their"})
# Forms of be/have/do: "I am the go-to person" has no action verb to keep after "I".
_NOT_ACTION = frozenset("am is are was were be been being have has had do does did 'm".split())
_ADVERBS = frozenset({"also", "then", "often", "always", "recently", "very", "really"})
_FILLER: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), r)
    for p, r in (
        (r"\bsuccessfully\s+", ""),
        (r"\bin order to\b", "to"),
        (r"\bfor the purpose of\b", "for"),
        (r"\bdue to the fact that\b", "because"),
        (r"\bon a (daily|weekly|monthly|yearly) basis\b", r"\1"),
        (r"\bon a regular basis\b", "regularly"),
        (r"\bin a timely manner\b", "promptly"),
        (r"\bprior to\b", "before"),
        (r"\bas well as\b", "and"),
        # Not before a number: "a range of 30 tests" would become "many 30 tests".
        (r"\ba (?:wide )?(?:variety|range) of\b(?!\s+\$?\d)", "many"),
        (r"\ba (?:large )?number of\b(?!\s+\$?\d)", "many"),
        (r"\bwhich (?:is|was|are|were) based on\b", "based on"),
        (r"\bat the same time\b", "simultaneously"),
        (r"\ba total of\s+(?=\$?\d)", ""),
        (r"\b(?:very|really|basically|actually)\s+", ""),
        (r"\butilized\b", "used"),
        (r"\butilize\b", "use"),
        (r"\butilizes\b", "uses"),
        (r"\butilizing\b", "using"),
    )
)
# One pass to skip the common case (no filler) before the per-pattern substitutions.
_ANY_FILLER = re.compile("|".join(f"(?:{p.pattern})" for p, _r in _FILLER), re.IGNORECASE)
_SPACES = re.compile(r"\s{2,}")
_LEADING_SUBJECT = re.compile(r"^I\s+(?=[a-z])")
# A team as the subject ("We reduced", "Our team shipped", "My team and I"): the credit is
# shared, so the bullet keeps it ("Co-designed") or stays as written with a suggestion.
_TEAM_SUBJECT = re.compile(
    r"^(?:we\b|our\s+(?:[a-z-]+\s+)?(?:team|group|lab|squad|department)\b|"
    r"(?:my|our)\s+(?:[a-z-]+\s+)?(?:team|colleagues?|co-?founders?|partners?|classmates?|"
    r"teammates?)\s+and\s+I\b|I\s+and\s+my\b|(?:together\s+)?with\s+my\s+\w+,?\s+I\b)",
    re.IGNORECASE,
)
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")
# Final consonant pairs after which a gerund's stem is the whole base ("talk-ing", "mend-ing");
# pairs such as "ng"/"rg"/"ns"/"rs" are left out: "chang-ing" needs an e, "hang-ing" does not.
_SAFE_PAIRS = frozenset(
    "lk rk nk sk ck nd nt st ld rd rm rn lp mp sh ch ft pt ct xt lt rt wn ss ff gh sp".split()
)
# Verbs outside the lexicon whose past is not "-ed": an unknown gerund of these is not put in
# the past tense (the bullet stays as written instead).
_IRREGULAR = frozenset(
    "read feed seek mean hear sleep catch fight throw blow fly lay tell sell stand deal feel "
    "sweep bleed breed bend lend sink drink dwell spell withstand sing ring swing sting hang "
    "shoot light bind wind grind strike stick sling spread shed spit split quit hit let set "
    "reset upset bet input output spin swim dig forget sit broadcast cost burst rid shut bid "
    "leave lose bear tear wear swear ride rise drive shake wake forgive sew sow mow".split()
)
_COORDINATED_ING = re.compile(
    r"(?:\band|\bor|&|,)\s+(?P<word>[a-z]+ing)\b(?:\s+(?P<next>[A-Za-z]+))?"
)
# Nouns that an -ing word modifies ("reporting tools", "testing framework"): after "and", such
# an -ing word is part of a noun phrase, not a second verb, and stays as written.
_COMPOUND_HEADS = frozenset(
    "tool tools system systems process processes pipeline pipelines platform platforms software "
    "data framework frameworks infrastructure service services materials budget budgets costs "
    "requirements standards strategy strategies operations campaign campaigns function functions "
    "activities solutions environment environments workflow workflows scripts suite suites plan "
    "plans schedule schedules records documentation guide guides procedures policies metrics "
    "reports report jobs tasks events sessions programs programmes equipment facilities rules "
    "logic layer module modules api apis stack infrastructure features teams team".split()
)
# "My team and I designed", "I and my colleague wrote", "Together with my team, I built".
_SHARED_SUBJECT = re.compile(
    r"^(?:(?:my|our)\s+(?:[a-z-]+\s+)?(?:team|colleagues?|co-?founders?|partners?|manager|"
    r"supervisor|advisor|lab|group|classmates?|teammates?)\s+and\s+I|"
    r"I\s+and\s+my\s+(?:[a-z-]+\s+)?(?:team|colleagues?|co-?founders?|partners?|manager|"
    r"supervisor|advisor|classmates?|teammates?)|"
    r"(?:together\s+)?with\s+my\s+(?:team|colleagues?|co-?founders?|teammates?),?\s+I|we)"
    r"\s+(?P<verb>[a-z]+)\b",
    re.IGNORECASE,
)
# Verbs whose "co-" form says "did it together" ("Co-designed", "Co-authored", "Co-founded").
_CO_VERBS = frozenset(
    "design author found lead organize organise write create develop manage host teach present "
    "chair edit invent architect establish supervise moderate produce own maintain direct "
    "instruct coordinate sponsor publish".split()
)
_POSSESSIVE = re.compile(r"\b(?:my|our)\b(?=\s+[a-z])")
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:etc|inc|ltd|co|corp|jr|sr|llc|e\.g|i\.e)|\b[A-Z])\.$", re.IGNORECASE
)
_SEPARATORS = (",", ";", "|", "•", "·")
_MISSING_METRIC_HINTS: tuple[tuple[frozenset[str], str], ...] = (
    (
        frozenset(
            {
                "lead",
                "manage",
                "supervise",
                "mentor",
                "coach",
                "train",
                "hire",
                "recruit",
                "direct",
                "head",
                "oversee",
            }
        ),
        "add how many people, or the budget, this covered",
    ),
    (
        frozenset({"reduce", "cut", "decrease", "lower", "minimize", "eliminate", "save"}),
        "add by how much (%, hours, or money) this reduced",
    ),
    (
        frozenset(
            {
                "increase",
                "improve",
                "boost",
                "grow",
                "accelerate",
                "optimize",
                "enhance",
                "expand",
                "raise",
                "maximize",
                "double",
            }
        ),
        "add by how much this improved (%, or before and after)",
    ),
    (
        frozenset({"sell", "upsell", "negotiate", "close", "win", "secure", "acquire", "market"}),
        "add the revenue or number of deals involved",
    ),
    (
        frozenset(
            {
                "build",
                "develop",
                "design",
                "create",
                "launch",
                "deploy",
                "implement",
                "ship",
                "engineer",
                "architect",
                "automate",
                "migrate",
            }
        ),
        "add how many users this served, or how much faster or cheaper it made things",
    ),
    (
        frozenset(
            {
                "prepare",
                "compute",
                "process",
                "reconcile",
                "audit",
                "review",
                "analyze",
                "analyse",
                "record",
                "maintain",
                "monitor",
                "update",
            }
        ),
        "add how many (accounts, reports, clients) or how often",
    ),
)


# A past-tense subordinate clause marks a finished episode ("while the GM was on leave",
# "when the team were short-staffed", "during Sam's parental leave"): the bullet's verb stays
# in the past even in a current role, as a past tense the bullet states does.
_PAST_EPISODE = re.compile(
    r"\b(?:while|whilst|when)\s+(?:[\w'’.&-]+\s+){0,5}?(?:was|were)\b"
    r"|\bduring\s+(?:[\w'’.&-]+\s+){0,4}?[\w.&-]+['’]s?\s+(?:[\w-]+\s+){0,2}?"
    r"(?:leave|absence|sabbatical)\b",
    re.IGNORECASE,
)


def past_episode(text: str) -> bool:
    """True when ``text`` has a past-tense subordinate clause that marks a finished episode
    ("while the GM was on leave", "during the manager's leave")."""
    return _PAST_EPISODE.search(text) is not None


def _tense(entry: Entry) -> Form:
    """Present (base form) for a current role, past otherwise (unknown dates read as past)."""
    return Form.BASE if b.is_current(entry) else Form.PAST


def _cap_first(text: str) -> str:
    word = b.first_word(text)
    if not word or not word.islower():
        return text
    if (
        lookup(word) is None
        and word.lower() not in {"a", "an", "the", "and", "over", "with"} | _ADVERBS
        and not word.endswith("ly")  # "I quickly built" -> "Quickly built"
    ):
        return text  # e.g. "npm", "iOS": lower case on purpose
    i = text.index(word)
    return text[:i] + word[:1].upper() + text[i + 1 :]


class _Rewriter:
    """Rewrites the bullets of one resume; keeps the opener counts to vary replacement verbs."""

    def __init__(self, resume: Resume) -> None:
        self.openers: Counter[str] = Counter()
        for _s, entry, bullet in resume.iter_bullets():
            del entry
            op = b.opener(bullet.text)
            if op is not None and op.verb is not None and not b.weak_opener(bullet.text):
                self.openers[op.verb.base] += 1

    def _take(self, choices: tuple[str, ...]) -> str | None:
        """The least used of ``choices`` (earlier first on a tie), or None when each already
        opens REPEAT_LIMIT bullets: a substitute verb never opens a third bullet, which the
        analysis would flag as a repeated opener (the bullet stays as written instead)."""
        verb = min(choices, key=lambda v: (self.openers[v], choices.index(v)))
        if self.openers[verb] >= REPEAT_LIMIT:
            return None
        self.openers[verb] += 1
        return verb

    def weak(self, text: str, current: bool | None) -> tuple[str, str] | None:
        """Rewrite a weak opener; returns (text, reason) or None.

        The new verb takes the role's tense, except that a past tense the bullet states ("I
        was responsible for", "Helped") is kept in a current role, as the tense rule keeps
        "Built": it tells of a finished result. Every verb coordinated with the opener takes
        the same tense ("... and helped hire 3 engineers"), or no rewrite is made.
        """
        name = b.weak_opener(text)
        if name is None:
            return None
        pattern = dict(b.WEAK_OPENERS)[name]
        lead = len(text) - len(text.lstrip(" \t-–—•*·"))
        m = pattern.match(text[lead:])
        assert m is not None
        form, verb = _opener_verb(m.group(0))
        tense = (
            Form.PAST
            if current is not True or form is Form.PAST or past_episode(text)
            else Form.BASE
        )
        rest = text[lead + m.end() :].lstrip(" :,")
        if verb is not None and form is not None:
            # "Help reduce X and help hire Y": the repeated weak verb, and for other openers
            # every verb in the opener's form, takes the new verb's tense. A base form after
            # "helped" is its object ("helped reduce X and increase Y"): _helped handles it.
            only = verb if name == "helped" and form is Form.BASE else None
            agreed = _agree(rest, form, tense, only=only)
            if agreed is None:
                return None
            rest = agreed
        return self._weak(text, name, m, rest, tense)

    def _weak(
        self, text: str, name: str, m: re.Match[str], rest: str, tense: Form
    ) -> tuple[str, str] | None:
        if re.fullmatch(r"\W*(?:(?:to|with|on|for|in|of|the|a|an)\b\W*)*", rest, re.IGNORECASE):
            return None  # the opener is all there is ("I helped"): no sentence to build on
        reason = f"weak opener '{_phrase(m.group(0)) if name in _NAMED_BY_TEXT else name}'"
        nxt = b.first_word(rest)
        nxt_verb = lookup(nxt) if nxt else None
        if name in _OPENER_VERBS and nxt and nxt_verb is None and nxt.islower():
            if nxt.endswith("ing"):
                base = gerund_base(nxt)
                if base is None:
                    return None  # an -ing word the rules cannot re-inflect: leave it as written
                nxt_verb = VerbForm(base, Form.GERUND, strong=False)
        if name in _OPENER_VERBS:
            after = b.first_word(rest[rest.index(nxt) + len(nxt) :]) if nxt else None
            if (
                nxt
                and nxt_verb is not None
                and nxt_verb.form is Form.GERUND
                and (after or "").lower() not in _GERUND_NOUN_NEXT
            ):
                tail = _reinflect_gerunds(rest[rest.index(nxt) + len(nxt) :], tense)
                first = gerund_as(nxt, tense)
                if tail is None or first is None:
                    return None  # "fixing X and <unknown>ing Y": no half-parallel sentence
                new = _join(first, tail)
                if not check_rewrite(text, new, allowed_text="").ok:
                    return None
                self.openers[nxt_verb.base] += 1
                return new, reason
            if any(
                (m.group("next") or "").lower() not in _COMPOUND_HEADS
                for m in _COORDINATED_ING.finditer(rest)
            ):
                # "Duties included on-call, reviews and writing runbooks": a verb before the
                # list would leave "writing" unparallel.
                return None
            if rest.strip(" .;").lower() in _NO_OBJECT:
                return None  # "Responsible for it": nothing to own or handle by name
            if _names_people(rest) and name == "responsible for":
                verb = self._take(("coordinate",))
            elif _names_people(rest) and name == "in charge of":
                verb = self._take(_IN_CHARGE_OF_PEOPLE)
            else:
                verb = self._take(_OPENER_VERBS[name])
            return (_join(inflect(verb, tense), rest), reason) if verb else None
        if name == "helped":
            helped = self._helped(rest, tense)
            return (helped, reason) if helped is not None else None
        if name == "worked on":
            prep = m.group(0).split()[-1].lower()
            if prep in ("with", "in"):
                tool = _names_tool(rest)
                if tool is None or (prep == "in" and not tool):
                    # "Worked with Sarah": a person or a product? "Worked in retail", "in a
                    # team of 5": no verb says the same. Left; the analysis still suggests one.
                    return None
                verb = self._take(("use",) if tool else ("collaborate",))
                if verb is None:
                    return None
                return _join(inflect(verb, tense) + ("" if tool else " with"), rest), reason
        done = self._contributed(rest, tense, name)
        return (done, reason) if done is not None else None

    def _contributed(self, rest: str, tense: Form, name: str) -> str | None:
        """ "Worked on X" / "Involved in X" with a verb that fits X: "Handled" for work items
        ("Worked on 40 tickets a day"), else "Contributed to X" (or, after "involved in",
        "Assisted in <-ing> ..." once "Contributed" opens two bullets); None when no verb fits
        ("Worked on weekends", "Involved in a team of 5"): the bullet stays as written."""
        kind = _object_kind(rest)
        if kind is None or (kind == "item" and name != "worked on"):
            return None  # "Involved in tickets": neither "handled" nor "contributed to" fits
        if kind == "item":
            verb = self._take(("handle",))
            return _join(inflect(verb, tense), rest) if verb else None
        choices = ("contribute", "assist") if kind == "gerund" and name != "worked on" else None
        verb = self._take(choices or ("contribute",))
        if verb is None:
            return None
        return _join(inflect(verb, tense) + (" to" if verb == "contribute" else " in"), rest)

    def _helped(self, rest: str, tense: Form) -> str | None:
        # "helped to hire X and to onboard Y": the second "to" goes with the first, so the
        # verbs agree ("Contributed to hiring X and onboarding Y", never "... and to onboard").
        rest = _AND_TO.sub(lambda m: m.group(1) if _is_base(m.group("verb")) else m.group(0), rest)
        words = rest.split()
        to_verb = bool(words) and words[0].lower() == "to" and len(words) > 1
        if to_verb:
            words = words[1:]
        if words and words[0].lower() == "with":
            # "Helped with code reviews" -> "Assisted with ..." or "Supported code reviews";
            # "with moving the servers" only -> "Assisted with moving ...".
            obj = " ".join(words[1:])
            activity = _object_kind(obj) == "gerund"
            with_verb = self._take(("assist",) if activity else _SUPPORT[::-1])
            if with_verb is None:
                return None
            prep = " with" if with_verb == "assist" else ""
            return _join(inflect(with_verb, tense) + prep, obj)
        first = lookup(words[0]) if words else None
        plain = " ".join(words)
        if (
            first is None
            and words[0].islower()
            and words[0] not in _ARTICLES
            and (to_verb or (len(words) > 1 and words[1].lower() in _ARTICLES))
        ):
            # "helped (to) move the workstations": a verb the lexicon does not know. Its base
            # form after "efforts to" stays grammatical without re-inflecting it.
            return self._efforts(plain, tense)
        if first is not None and first.form is Form.BASE:
            # "helped reduce X and increase Y" -> "Contributed to reducing X and increasing Y".
            tail = _agree(" " + " ".join(words[1:]), Form.BASE, Form.GERUND)
            gerund = inflect(first.base, Form.GERUND) + (tail or "")
            # A gerund can read as a new fact ("audit" -> the skill "auditing"): then the
            # base form stays, after a verb that takes it.
            if check_rewrite(plain, gerund, allowed_text="").ok:
                # "Contributed to building X" or "Assisted in building X", whichever opens
                # fewer bullets: the same honest claim as "helped build X".
                substitute = self._take(("contribute", "assist"))
                if substitute is None:
                    return None
                prep = " to" if substitute == "contribute" else " in"
                return _join(inflect(substitute, tense) + prep, gerund)
            return self._efforts(plain, tense)
        # "helped <someone> <verb> ..." -> "Supported <someone> in <verb>ing ...". A verb-like
        # word followed by another verb form is a noun modifier ("quarterly budget reviews").
        for i in range(1, min(6, len(words))):
            verb = lookup(words[i])
            nxt = lookup(words[i + 1]) if i + 1 < len(words) else None
            if (
                verb is not None
                and verb.form is Form.BASE
                and words[i].islower()
                and nxt is None
                and (i + 1 >= len(words) or words[i + 1].lower() not in b.NOUN_NEXT)
                and (words[i - 1].lower() not in {"a", "an", "the", "and", "of", "for"})
                and (words[i - 1].lower() != "to" or i >= 2)
            ):
                # "helped the team to reduce X" -> "Supported the team in reducing X".
                head = words[: i - 1] if words[i - 1].lower() == "to" else words[:i]
                tail = _agree(" " + " ".join(words[i + 1 :]), Form.BASE, Form.GERUND) or ""
                candidate = " ".join([*head, "in " + inflect(verb.base, Form.GERUND)]) + tail
                # The gerund must not read as a new fact ("budget" -> the skill "budgeting").
                if check_rewrite(plain, candidate, allowed_text="").ok:
                    support = self._take(_SUPPORT)
                    return _join(inflect(support, tense), candidate) if support else None
                break
        support = self._take(_SUPPORT)
        return _join(inflect(support, tense), plain) if support else None

    def _efforts(self, plain: str, tense: Form) -> str | None:
        """ "Supported efforts to <base form> ...", unless "Supported" opens two bullets."""
        verb = self._take(("support",))
        return _join(inflect(verb, tense) + " efforts to", plain) if verb else None

    def noun_phrase(self, text: str, entry: Entry) -> tuple[str, str] | None:
        """A noun-phrase bullet turned verb-led from its own words (pipeline.improve.nominal):
        "Development of X" -> "Developed X", "Responsibility for X" -> the weak-opener rules,
        "Lead engineer on X" -> "Served as lead engineer on X"; None when no rule applies."""
        lead = len(text) - len(text.lstrip(" \t-–—•*·"))
        head, body = text[:lead], text[lead:]
        weak = nominal.as_weak_opener(body)
        if weak is not None:
            done = self.weak(weak[0], b.is_current(entry))
            if done is None or not check_rewrite(text, head + done[0], allowed_text="").ok:
                return None
            return head + done[0], f"weak opener '{weak[1]}'"
        tense = Form.PAST if past_episode(body) else _tense(entry)
        new = nominal.verb_led(body, tense)
        if new is not None and any(
            m.group(0)[:1] != "," and (m.group("next") or "").lower() not in _COMPOUND_HEADS
            for m in _COORDINATED_ING.finditer(new)
        ):
            # "Coordination of vendors and reporting to the CFO": "Coordinated vendors and
            # reporting" would mix a verb and a gerund.
            new = None
        reason = "noun phrase opened with the verb it names"
        if new is None:
            new = nominal.role_led(body, tense)
            if new is not None and b.starts_with_action_verb(body):
                return None  # "Volunteer at ...", "Mentor to ...": already a verb
            reason = "noun phrase opened with the role it names"
        if new is None or not b.starts_with_action_verb(new):
            return None
        if not check_rewrite(text, head + new, allowed_text="").ok:
            return None
        op = b.opener(new)
        if op is not None and op.verb is not None:
            self.openers[op.verb.base] += 1
        return head + new, reason

    def tense(self, text: str, entry: Entry) -> str | None:
        current = b.is_current(entry)
        if not b.wrong_tense(text, current):
            return None
        op = b.opener(text)
        assert op is not None and op.verb is not None
        start = text.index(op.word)
        rest = text[start + len(op.word) :]
        if op.verb.form is Form.GERUND and (b.first_word(rest) or "").lower() == "of":
            return None  # "Auditing of the accounts ...": a noun, never "Audited of"
        # "Managing 4 leads while the GM was on leave": a finished episode, past even now.
        target = Form.BASE if current and not past_episode(text) else Form.PAST
        agreed = _agree(rest, op.verb.form, target)
        if agreed is None:
            return None  # "Managing X and frobnicating Y": no half-changed tense
        # A hyphenated prefix stays: "Co-author" -> "Co-authored", never "Authored".
        cut = op.word.rfind("-") + 1 if lookup(op.word.rsplit("-", 1)[-1]) is not None else 0
        prefix, word = op.word[:cut], op.word[cut:]
        new = inflect(op.verb.base, target)
        return text[:start] + prefix + match_case(word or op.word, new) + agreed


def _opener_verb(matched: str) -> tuple[Form | None, str | None]:
    """The tense a weak opener states and its verb: "I was responsible for" -> (past, None),
    "Helps" -> (third person, "help"), "Responsible for" -> (None, None)."""
    for word in matched.lower().rstrip(":").split():
        if word in {"was", "were"}:
            return Form.PAST, None
        if word in {"am", "is", "are"}:
            return Form.BASE, None
        verb = lookup(word)
        if verb is not None and verb.base in {"help", "work", "participate"}:
            return verb.form, verb.base
    return None, None


# Words after a coordinated verb form that show it is a noun ("and reports for the CFO",
# "and test scripts"), beside the compound heads.
_NOUN_AFTER = frozenset({"and", "or", "of", "for", "nor", "but", "as", "&"})
_PREPOSITIONS = frozenset("to for of on in at with from into by via across".split())
_COORDINATED_VERB = re.compile(
    r"(?:\band|\bor|&|,|;)\s+(?:(?:also|then)\s+)?(?P<word>[a-z][a-z-]*)"
    r"(?=\s+(?P<next>[\w$#.+-]+)|[^\w\s]|$)"
)


def _agree(rest: str, form: Form, tense: Form, *, only: str | None = None) -> str | None:
    """``rest`` with every verb coordinated with the opener ("..., hire staff and lead
    reviews") moved from ``form`` to ``tense``; None when one cannot be re-inflected.

    A word in ``form`` followed by a noun-like head ("and test scripts", "and reporting
    tools"), a conjunction, "of"/"for" or nothing is read as a noun and left alone, as is a
    third-person form before a preposition ("and reports to the board"). ``only``: the one
    verb (base) to re-inflect.
    """
    if form is tense:
        return rest
    if form is Form.GERUND and only is None:
        return _reinflect_gerunds(rest, tense)
    out, pos = [], 0
    chain = 0  # where a verb directly after the opener, or after such a verb, would start
    in_list = False  # a coordinated verb was re-inflected: the list is one of verbs
    for m in _COORDINATED_VERB.finditer(rest):
        word = m.group("word")
        verb = lookup(word)
        if verb is None or verb.form is not form or (only is not None and verb.base != only):
            continue
        if inflect(verb.base, form) == inflect(verb.base, tense):
            continue  # "set", "cut": the same word in both
        nxt = (m.group("next") or "").lower()
        # "Design and build data pipelines", "Support, train and coach": verbs, whatever follows.
        chained = not rest[chain : m.start()].strip()
        if (
            only is None
            and not chained
            and (
                not nxt
                or nxt in _NOUN_AFTER
                or (nxt in _COMPOUND_HEADS and not in_list)
                or (form is Form.THIRD and nxt in _PREPOSITIONS)
            )
        ):
            continue
        out += [rest[pos : m.start("word")], inflect(verb.base, tense)]
        pos = chain = m.end("word")
        in_list = in_list or not chained
    return "".join(out) + rest[pos:]


def _join(verb: str, rest: str) -> str:
    return f"{verb[:1].upper()}{verb[1:]} {rest.strip()}".strip()


_NAMED_BY_TEXT = frozenset({"worked on", "involved in", "helped"})


def _phrase(matched: str) -> str:
    """The weak opener as written, for the change reason ("worked with", "participated in")."""
    words = matched.lower().rstrip(":").split()
    while words and words[0] in {"i", "we", "was", "were", "am", "is", "are"}:
        words = words[1:]
    return " ".join(words)


def _object_words(rest: str) -> list[str]:
    """The words of the object phrase, up to the first preposition or clause break."""
    head = re.split(
        r"[,;:(]|\s(?:on|to|for|in|at|across|during|by|from|into|via)\s", rest, maxsplit=1
    )[0]
    return re.findall(r"[\w+#.'-]+", head)


def _names_people(rest: str) -> bool:
    """True when the head noun of the object names people ("a team of five", "the VP")."""
    head = re.split(r"\s(?:of|that|which|who|with|whose|used)\s", " ".join(_object_words(rest)))
    words = head[0].split()
    return bool(words) and words[-1].lower().strip(".") in _PEOPLE


def _names_tool(rest: str) -> bool | None:
    """True when the object of "worked with" is a known technology or skill, False when it
    names people, None when it cannot tell ("Worked with Sarah" or "with Terraform"?)."""
    words = _object_words(rest)
    if not words or _names_people(rest):
        return False
    if find_skills(" ".join(words)):
        return True
    first = words[0]
    if len(words) > 1 and words[1][:1].isupper() and words[1].isalpha() and first.isalpha():
        return False  # "Worked with Priya Shah": two capitalised words read as a person's name
    if first[:1].isupper() and first.lower() not in _ARTICLES:
        return None  # one unknown capitalised word: a person or a product; don't guess
    return False


_AND_TO = re.compile(r"(\s(?:and|or)\s+)to\s+(?=(?P<verb>[a-z]+)\b)")


def _is_base(word: str) -> bool:
    verb = lookup(word)
    return verb is not None and verb.form is Form.BASE


def _object_kind(rest: str) -> str | None:
    """What the object of "worked on" / "involved in" is: "gerund" ("building a REST API"),
    "item" (a work item: "40 support tickets"), "thing" (anything one contributes to: "the CI
    pipeline", "a lawsuit review"), or None (people, a time or place, a pronoun, nothing)."""
    words = _object_words(rest)
    if not words or _names_people(rest):
        return None
    first = words[0].lower()
    nxt = words[1].lower() if len(words) > 1 else ""
    verb = lookup(first)
    if (
        (verb is not None and verb.form is Form.GERUND) or gerund_base(first) is not None
    ) and nxt not in _COMPOUND_HEADS:
        return "gerund"
    chunk: list[str] = []
    for word in words:
        if word.lower() in _CLAUSE_WORDS or (chunk and word.lower() in _DETERMINERS):
            break  # "40 tickets a day", "the API that ...": the head noun came before
        chunk.append(word)
    head = (chunk[-1] if chunk else words[0]).lower().strip(".'\"")
    if head in _NO_OBJECT or not any(c.isalpha() for c in head):
        return None
    return "item" if head in _WORK_ITEMS else "thing"


def gerund_base(word: str) -> str | None:
    """The base of an -ing form the lexicon does not know, or None when the spelling is not
    conclusive ("talking" -> "talk", "resetting" -> "reset"; "visiting"/"making" alone cannot
    say whether an e went: None unless the lexicon knows the base)."""
    w = word.lower()
    if not w.endswith("ing") or len(w) < 6 or not w.isalpha():
        return None
    known = lookup(w)
    if known is not None:
        return known.base if known.form is Form.GERUND else None
    stem = w[:-3]
    for candidate in (stem + "e", stem, stem[:-1]):
        verb = lookup(candidate)
        if verb is not None and verb.form is Form.BASE and inflect(verb.base, Form.GERUND) == w:
            return verb.base
    a, c = stem[-2], stem[-1]
    if c == "y" and a not in "aeiou":
        return None  # "copying": copy or copi?
    if a == c and c in _CONSONANTS and c not in "lsfz":
        return stem[:-1]  # doubled consonant: "resetting" -> "reset"
    if stem.endswith(("ach", "ast")):
        return None  # "caching"/"reaching", "tasting"/"casting": the e is not conclusive
    if stem[-2:] in _SAFE_PAIRS:
        return stem
    if c in "wxy" or (a in "aeiou" and stem[-3:-2] in set("aeiou") and c not in "svzcg"):
        return stem  # "fixing", "playing", "cleaning", "repairing"
    return None


def gerund_as(word: str, tense: Form) -> str | None:
    """The -ing form ``word`` in ``tense`` ("resetting" -> "reset"/"resetted" is refused: an
    unknown verb gets a regular past only when it is not a common irregular one), or None."""
    known = lookup(word)
    if known is not None:
        return inflect(known.base, tense) if known.form is Form.GERUND else None
    base = gerund_base(word)
    if base is None:
        return None
    if tense is Form.BASE:
        return base
    if base in _IRREGULAR or (base[-1] == base[-2] and base[-1] != "s"):
        return None  # "reset", "read", "feed": an -ed past would be wrong
    return word.lower()[:-3] + "ed"  # the stem keeps its doubling: "mopping" -> "mopped"


def _reinflect_gerunds(rest: str, tense: Form) -> str | None:
    """``rest`` with every -ing verb coordinated with the first ("..., and resetting Y") put in
    ``tense``; None when one of them cannot be re-inflected with confidence."""
    out, pos = [], 0
    for m in _COORDINATED_ING.finditer(rest):
        if (m.group("next") or "").lower() in _COMPOUND_HEADS:
            continue  # "and reporting tools": a noun phrase
        word = gerund_as(m.group("word"), tense)
        if word is None:
            return None
        out += [rest[pos : m.start("word")], word]
        pos = m.end("word")
    return "".join(out) + rest[pos:]


def _shared(text: str) -> str:
    """ "My team and I designed X" -> "Co-designed X": the pronouns go and the shared credit
    stays, for verbs that read well with "co-"; any other verb leaves the bullet as written
    ("My team and I cut costs": "Cut costs" would claim the team's work alone)."""
    m = _SHARED_SUBJECT.match(text)
    if m is None:
        return text
    verb = lookup(m.group("verb"))
    if verb is None or verb.base not in _CO_VERBS or verb.form is Form.GERUND:
        return text
    return "Co-" + m.group("verb").lower() + text[m.end("verb") :]


def _pronouns(text: str) -> str:
    """Drops a leading "I" only before an action verb ("I built" -> "built"), never before a
    form of be/have/do ("I am the go-to person" stays: no verb to open with). A team subject
    ("We designed", "My team and I designed") becomes "Co-designed" or stays as written."""
    text = text.lstrip()
    shared = _shared(text)
    if shared == text and _TEAM_SUBJECT.match(text):
        return text  # "We cut costs": the team's credit is not made personal; a suggestion asks
    return _POSSESSIVE.sub("the", _drop_coordinated(_drop_subject(shared)))


# "..., and I shipped Y", "; I wrote": a first-person subject of a coordinated clause.
_COORDINATED_I = re.compile(r"((?:\band|\bor|\bbut|\bthen|,|;)\s+(?:then\s+)?)I\s+(?=\S)")


def _drop_coordinated(text: str) -> str:
    """ "Built X and I shipped Y" -> "Built X and shipped Y": the "I" of each coordinated
    clause goes before an action verb, as the leading one does. A bullet that keeps any
    pronoun after every rule stays as written (RuleImprover._bullets)."""

    def drop(m: re.Match[str]) -> str:
        clause = text[m.end(1) :]
        return m.group(1) if _drop_subject(clause) != clause else m.group(0)

    return _COORDINATED_I.sub(drop, text)


def _drop_subject(text: str) -> str:
    m = _LEADING_SUBJECT.match(text)
    if m is not None:
        words = text[m.end() :].split(maxsplit=2)
        verb = words[0] if words else ""
        if (verb.lower().endswith("ly") or verb.lower() in _ADVERBS) and len(words) > 1:
            verb = words[1]
        if verb.lower() not in _NOT_ACTION and lookup(verb) is not None:
            text = text[m.end() :]
    return text


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])(\s+)(?=[A-Z])")
_I_AM = re.compile(r"^(?:I\s+am|I'm|I’m)\s+(?:(?:a|an)\s+(?=\S))?", re.IGNORECASE)
_I_HAVE = re.compile(r"^(?:I\s+have|I've|I’ve)\s+", re.IGNORECASE)
# Words after "I am" that make a summary fragment on their own ("Passionate about ...").
_SELF_DESCRIPTIONS = frozenset(
    "passionate experienced skilled interested comfortable fluent proficient dedicated motivated "
    "eager keen excited driven enthusiastic familiar available open certified confident curious "
    "committed focused reliable detail-oriented results-driven self-motivated based".split()
)
# Words after "I have" that make a summary fragment ("Seven years of ...", "Extensive ...").
_HAVE_OBJECTS = frozenset(
    "experience extensive strong solid broad deep hands-on proven over more nearly almost "
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty several "
    "many a an".split()
)


# First-person words of a summary sentence ("I", "I'm", "my", "me"); lower-case "i" is left out.
_FIRST_PERSON = re.compile(r"(?<![\w'’])(?:I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)(?!\w)")


def summary_sentences(text: str) -> list[str]:
    """The sentences of a summary, as summary_voice splits them."""
    return _SENTENCE_BREAK.split(text)[0::2]


def first_person(sentence: str) -> bool:
    """True when ``sentence`` has a first-person pronoun ("I", "my", "me", "I'm")."""
    return _FIRST_PERSON.search(sentence) is not None


def summary_voice(text: str) -> str:
    """``text`` (a summary) with each sentence's leading "I am (a)"/"I have"/"I" dropped where
    the rest is a grammatical fragment with no first-person pronoun left in it; any other
    sentence stays as written (never half de-personalised). See RuleImprover._summary."""
    parts = _SENTENCE_BREAK.split(text)
    return "".join(part if i % 2 else _whole_voice(part) for i, part in enumerate(parts))


def _whole_voice(sentence: str) -> str:
    """``sentence`` in the summary voice, or as written when a pronoun would remain in it
    ("I completed X and I have run Y": dropping the first "I" alone reads half-changed)."""
    new = _sentence_voice(sentence)
    return sentence if new != sentence and first_person(new) else new


def _summary_reason(before: str, after: str) -> str:
    """What happened to a summary: every first-person sentence changed, or how many did."""
    had = [s for s in summary_sentences(before) if first_person(s)]
    left = [s for s in summary_sentences(after) if first_person(s)]
    if not left:
        return "first-person pronoun removed"
    done = len(had) - len(left)
    rest = (
        "the other stays as written (it would"
        if len(left) == 1
        else "the others stay as written (they would"
    )
    return (
        f"first-person pronoun removed from {done} of {len(had)} sentences; "
        f"{rest} not read grammatically without it)"
    )


def _sentence_voice(sentence: str) -> str:
    lead = len(sentence) - len(sentence.lstrip())
    head, body = sentence[:lead], sentence[lead:]
    m = _I_AM.match(body)
    if m is not None:
        rest = body[m.end() :]
        words = rest.split(maxsplit=2)
        if not words:
            return sentence
        first = words[0].lower().strip(",")
        if m.group(0).lower().rstrip().endswith((" a", " an")):
            # "I am a backend developer with ..." -> "Backend developer with ..."
            return head + rest[:1].upper() + rest[1:]
        if first.endswith("ly") and len(words) > 1:
            first = words[1].lower().strip(",")  # "I am currently looking for ..."
        verb = lookup(first)
        if (
            first in _SELF_DESCRIPTIONS
            or (verb is not None and verb.form is Form.GERUND)
            or (first.endswith("ing") and first in {"looking", "seeking", "hoping", "aiming"})
        ):
            return head + rest[:1].upper() + rest[1:]
        return sentence
    m = _I_HAVE.match(body)
    if m is not None:
        rest = body[m.end() :]
        first = (rest.split(maxsplit=1) or [""])[0].lower().strip(",")
        verb = lookup(first)
        if (first in _HAVE_OBJECTS or first[:1].isdigit()) or (
            verb is not None
            and verb.form in (Form.PAST, Form.PARTICIPLE)
            and verb.base in ACTION_VERBS
        ):
            parts = rest.split(maxsplit=1)
            if first in {"a", "an"}:
                rest = parts[1] if len(parts) > 1 else ""
            elif verb is not None and first not in _HAVE_OBJECTS:
                # "I have written 3 books" -> "Wrote 3 books" (simple past, not "Written").
                rest = " ".join([inflect(verb.base, Form.PAST), *parts[1:]])
            return head + rest[:1].upper() + rest[1:] if rest else sentence
        return sentence
    if body.startswith("I "):
        step = _drop_subject(body)  # "I led 4 teams." -> "Led 4 teams."; "I like X" stays
        if step != body:
            return head + step[:1].upper() + step[1:]
    return sentence


def _filler(text: str) -> str:
    if not _ANY_FILLER.search(text):
        return text
    for pattern, repl in _FILLER:
        text = pattern.sub(repl, text)
    return _SPACES.sub(" ", text).strip()


def _metric_hint(text: str) -> str:
    op = b.opener(text)
    base = op.verb.base if op is not None and op.verb is not None else None
    for verbs, hint in _MISSING_METRIC_HINTS:
        if base in verbs:
            return hint
    return "add a number: how many, how much, how often, or by how much"


class RuleImprover:
    """Offline rule engine; see the module docstring. Deterministic: same input, same output."""

    name = NAME
    version = VERSION

    def improve(self, resume: Resume, job_description: str | None = None) -> Improvement:
        improved, changes = self.rewrite(resume, job_description)
        checked = enforce(resume, improved, changes, job_description)
        return Improvement(resume=checked.resume, changes=checked.changes, usage=None)

    def rewrite(
        self, resume: Resume, job_description: str | None = None
    ) -> tuple[Resume, ChangeSet]:
        """The rules' raw output, before the fact guard (tests prove it needs no guard)."""
        out = resume.model_copy(deep=True)
        changes = ChangeSet(improver=self.name)
        if is_english(resume):
            self._headings(out, changes)
            self._summary(out, changes)
            self._bullets(out, changes)
        else:
            note = language_note(resume.language)
            if note is not None:
                changes.notes.append(note)
        if job_description and job_description.strip():
            self._skills(out, job_description, changes)
        return out, changes

    @staticmethod
    def _headings(resume: Resume, changes: ChangeSet) -> None:
        for si, section in enumerate(resume.sections):
            new = standard_heading(section.title, section.kind)
            if new is not None and new != section.title:
                changes.changes.append(
                    Change(
                        location=f"section:{si}",
                        before=section.title,
                        after=new,
                        reason="standard heading",
                        kind="heading",
                    )
                )
                section.title = new

    @staticmethod
    def _summary(resume: Resume, changes: ChangeSet) -> None:
        """First-person sentences of the summary in the resume's usual voice, where the result
        stays grammatical: "I am a backend developer with ..." -> "Backend developer with ...",
        "I am looking for ..." -> "Looking for ...", "I have seven years of ..." -> "Seven
        years of ...", "I led ..." -> "Led ...". Others ("I like working on APIs") stay."""
        for si, section in enumerate(resume.sections):
            if section.kind != SectionKind.SUMMARY:
                continue
            for ei, entry in enumerate(section.entries):
                if entry.text:
                    new = summary_voice(entry.text)
                    if new != entry.text:
                        changes.changes.append(
                            Change(
                                location=f"section:{si}/entry:{ei}",
                                before=entry.text,
                                after=new,
                                reason=_summary_reason(entry.text, new),
                            )
                        )
                        entry.text = new
                for bullet in entry.bullets:
                    new = summary_voice(bullet.text)
                    if new != bullet.text:
                        changes.changes.append(
                            Change(
                                location=bullet.id,
                                before=bullet.text,
                                after=new,
                                reason=_summary_reason(bullet.text, new),
                            )
                        )
                        bullet.text = new

    def _bullets(self, resume: Resume, changes: ChangeSet) -> None:
        rewriter = _Rewriter(resume)
        action = [
            (entry, bullet)
            for section in resume.sections
            if b.is_action_section(section)
            for entry in section.entries
            for bullet in entry.bullets
        ]
        texts = [bullet.text.strip() for _e, bullet in action]
        with_stop = sum(1 for t in texts if t.endswith("."))
        # Full stops or none, whichever most bullets use (a tie means none: the ATS norm).
        full_stop = with_stop * 2 > len(texts)
        for entry, bullet in action:
            before = bullet.text
            text = before.strip()
            reasons: list[str] = []
            step = _pronouns(text)
            if step != text:
                reasons.append("first-person pronoun removed")
                text = step
            team = _TEAM_SUBJECT.match(text) is not None
            weak = None if team else rewriter.weak(text, b.is_current(entry))
            if weak is None and not team:
                weak = rewriter.noun_phrase(text, entry)
            if weak is not None:
                text, reason = weak
                reasons.append(reason)
            else:
                step = rewriter.tense(text, entry) or text
                if step != text:
                    reasons.append(
                        "present tense for the current role"
                        if b.is_current(entry)
                        else "past tense for a past role"
                    )
                    text = step
            step = _filler(text)
            if step != text:
                reasons.append("tightened" if len(text) > b.MAX_BULLET_CHARS else "filler removed")
                text = step
            step = _cap_first(text)
            if step != text:
                reasons.append("capitalised")
                text = step
            step = self._stop(text, full_stop)
            if step != text and reasons:
                text = step  # punctuation alone is too small to list, it rides along
            elif step != text:
                text = step
                reasons.append("consistent punctuation")
            left = b.pronouns(text)
            if left and left != b.pronouns(before):
                # "I built X that I designed" -> "Built X that I designed" reads half-changed:
                # a bullet loses every pronoun or stays as written (a suggestion asks).
                text = self._stop(before.strip(), full_stop)
                reasons = ["consistent punctuation"] if text != before.strip() else []
            if len(text) > b.MAX_BULLET_CHARS >= len(before.strip()):
                text, reasons = before, []  # never make a bullet overlong
            if reasons and text != before:
                changes.changes.append(
                    Change(location=bullet.id, before=before, after=text, reason="; ".join(reasons))
                )
                bullet.text = text
            self._suggest(bullet.id, text, changes)

    @staticmethod
    def _stop(text: str, full_stop: bool) -> str:
        if full_stop:
            return text + "." if text and (text[-1].isalnum() or text[-1] in ")%") else text
        if text.endswith(".") and not text.endswith("..") and not _ABBREVIATION_END.search(text):
            return text[:-1]
        return text

    @staticmethod
    def _suggest(bullet_id: str, text: str, changes: ChangeSet) -> None:
        reasons: list[str] = []
        if b.is_placeholder(text):
            # A metric or a shorter sentence is beside the point for template filler.
            reasons.append("replace the template placeholder with what you did and its result")
        else:
            if _TEAM_SUBJECT.match(text.lstrip(" \t-–—•*·")):
                # "We reduced waste by 20%": the rules keep the team's credit; only the author
                # knows their own part in it.
                reasons.append(
                    "say what you did yourself in this team result (Proposed, Ran, Built...)"
                )
            elif b.pronouns(text):
                # "I like APIs and I built 3": no grammatical sentence without the pronouns.
                reasons.append(
                    "rewrite without first-person pronouns: open with an action verb "
                    "saying what you did (Built, Led, Wrote...)"
                )
            elif not b.starts_with_action_verb(text):
                # The rules do not guess what a noun-phrase bullet's author did.
                reasons.append(
                    "open with an action verb saying what you did (Built, Led, Wrote...)"
                )
            if not b.has_metric(text):
                reasons.append(_metric_hint(text))
            if len(text) > b.MAX_BULLET_CHARS:
                reasons.append("split this bullet in two or cut it: it runs over two lines")
        changes.suggestions.extend(
            Change(location=bullet_id, before=text, after="", kind="suggestion", reason=r)
            for r in reasons
        )

    @staticmethod
    def _skills(resume: Resume, job_description: str, changes: ChangeSet) -> None:
        wanted_skills = find_skills(job_description)
        wanted_stems = {t.key[0] for t in extract_terms(job_description) if len(t.key) == 1}

        def wanted(item: str) -> bool:
            if find_skills(item) & wanted_skills:
                return True
            return any(stem(w) in wanted_stems for w in tokens(item))

        for si, section in enumerate(resume.sections):
            if section.kind != SectionKind.SKILLS:
                continue
            for ei, entry in enumerate(section.entries):
                where = f"section:{si}/entry:{ei}"
                if entry.text:
                    new = _reorder_line(entry.text, wanted)
                    if new != entry.text:
                        changes.changes.append(
                            Change(
                                location=where,
                                before=entry.text,
                                after=new,
                                kind="reorder",
                                reason="skills the job asks for first",
                            )
                        )
                        entry.text = new
                if len(entry.bullets) > 1:
                    order = sorted(entry.bullets, key=lambda x: not wanted(x.text))
                    if order != entry.bullets:
                        changes.changes.append(
                            Change(
                                location=where,
                                kind="reorder",
                                before=" | ".join(x.text for x in entry.bullets),
                                after=" | ".join(x.text for x in order),
                                reason="skills the job asks for first",
                            )
                        )
                        entry.bullets = order


def _reorder_line(text: str, wanted: Callable[[str], bool]) -> str:
    """Reorder the items of each "Label: a, b, c" line, wanted ones first (stable)."""
    lines = []
    for line in text.split("\n"):
        label, colon, items = line.partition(":") if ":" in line[:40] else ("", "", line)
        sep = max(_SEPARATORS, key=items.count)
        if items.count(sep) == 0:
            lines.append(line)
            continue
        parts = [p.strip() for p in items.split(sep)]
        if not all(parts):
            lines.append(line)
            continue
        ordered = sorted(parts, key=lambda p: not wanted(p))
        if ordered == parts:
            lines.append(line)
            continue
        joiner = f"{sep} " if sep in ",;" else f" {sep} "
        lead = items[: len(items) - len(items.lstrip())]
        lines.append(f"{label}{colon}{lead}{joiner.join(ordered)}")
    return "\n".join(lines)


__all__ = ["RuleImprover", "NAME", "VERSION"]
