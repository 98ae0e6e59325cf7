"""Date ranges as printed on resumes, normalised to ``YYYY-MM``, ``YYYY`` or ``present``.

Understands month names and abbreviations in en, es, fr, de, pt, ru (zh/ja months are
numeric); numeric ``MM/YYYY``, ``YYYY.MM``, ``YYYY-MM``; CJK ``2018年6月``; masked years
(``20XX``) and template placeholders (``year``, ``año``) that count as dates but normalise to
None; open ends (``Present``,
``н.в.``, ``actualidad``, ``aujourd'hui``, ``heute``, ``atual``, ``至今``, ``現在``...: see
:data:`OPEN_WORDS`). Separators: hyphen, en/em dash, ``to``, ``until``, ``bis``,
``a``, ``hasta``, ``à``, ``~``, ``〜``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MONTHS: dict[str, int] = {}
# Full names, abbreviations and (ru) genitive forms: en, es, fr, de, pt, ru. CJK months are
# numeric ("2018年6月"), handled by the patterns below.
for _num, _names in enumerate(
    [
        "january jan janvier janv januar jän enero ene janeiro январь января янв",
        "february feb févr fevr fév febr février fevrier februar febrero fevereiro fev "
        "февраль февраля фев февр",
        "march mar mars märz marz mär marzo março marco март марта мар",
        "april apr avril avr abril abr апрель апреля апр",
        "may mai mayo maio май мая",
        "june jun juin juni junio junho июнь июня июн",
        "july jul juillet juil juli julio julho июль июля июл",
        "august aug août aout agosto ago август августа авг",
        "september sep sept septembre septiembre setiembre setembro set сентябрь сентября сен сент",
        "october oct octobre oktober okt octubre outubro out октябрь октября окт",
        "november nov novembre noviembre novembro ноябрь ноября ноя",
        "december dec déc décembre decembre dez dezember diciembre dic dezembro декабрь "
        "декабря дек",
    ],
    start=1,
):
    for _n in _names.split():
        MONTHS[_n] = _num

# Open ends ("still there"), longest first so "по настоящее время" wins over "настоящее время".
OPEN_WORDS = (
    # en
    "present", "current", "currently", "now", "today", "ongoing", "to date", "till date",
    # es / pt
    "actual", "actualidad", "actualmente", "presente", "hoy", "la fecha", "atual",
    "atualmente", "o momento", "hoje",
    # fr
    "aujourd'hui", "aujourd’hui", "présent", "ce jour", "en cours", "actuel", "actuelle",
    # de
    "heute", "aktuell", "jetzt", "laufend", "dato",
    # ru
    "настоящее время", "по настоящее время", "наст. время", "наст. вр.", "наст. вр",
    "наст.вр.", "н.в.", "н. в.", "н.в", "сейчас", "по сей день", "текущее время",
    # zh / ja
    "至今", "现在", "現在", "目前", "今", "現職", "在職中", "現在にいたる", "現在に至る",
)  # fmt: skip
_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_YEAR = r"(?:19|20)(?:\d{2}|XX)"
_POINT = (
    rf"(?:(?:exp\.?\s*)?(?:(?:{_MONTH_RE})\.?,?\s*{_YEAR}"  # Mar. 2021, March 2021
    rf"|\d{{1,2}}\s*[/.]\s*{_YEAR}"  # 03/2021
    rf"|{_YEAR}\s*[./-]\s*\d{{1,2}}(?!\d)"  # 2021.06, 2021-06
    rf"|{_YEAR}\s*年\s*(?:\d{{1,2}}\s*月)?"  # 2018年6月
    rf"|{_YEAR}"
    r"|year|año|année|jahr))"
)
_OPEN = (
    "(?:"
    + "|".join(
        re.escape(w).replace(r"\ ", r"\s*") for w in sorted(OPEN_WORDS, key=len, reverse=True)
    )
    + ")"
)
_SEP = r"\s*(?:-|–|—|‒|−|~|〜|～|to|until|till|bis|a|hasta|à|au|até|по)\s*"
# A date is a token of its own: never inside a word or an identifier such as a DOI, version or
# path ("10.1234/icml.2022.9012", "v2.2021.1", "x/2021"): no word character, and no "." or "/"
# joined to one, on either side.
_RANGE = re.compile(
    rf"(?i)(?<![\w])(?<!\w[./])(?P<start>{_POINT})(?:{_SEP}(?P<end>{_POINT}|{_OPEN}))?"
    r"(?![\w])(?![./]\w)"
)
_OPEN_RE = re.compile(rf"(?i)^{_OPEN}$")
# Every range starts with a point, and every point holds a year or a placeholder word: text
# without one is answered without running _RANGE (most lines are bullets with no date).
_MAY_HOLD_DATE = re.compile(rf"(?i){_YEAR}|year|año|année|jahr")


@dataclass(frozen=True, slots=True)
class DateRange:
    """A date range found in a line: the printed text and its normalised ends."""

    text: str
    start: str | None
    end: str | None
    begin: int  # index of the match in the searched string
    stop: int


def normalize_point(text: str) -> str | None:
    """``"Mar. 2021"`` -> ``"2021-03"``; ``"2019"`` -> ``"2019"``; ``"Present"`` -> ``"present"``.

    Returns None for masked or placeholder dates (``"20XX"``, ``"year"``).
    """
    t = text.strip().lower()
    t = re.sub(r"^exp\.?\s*", "", t)
    if _OPEN_RE.match(t):
        return "present"
    year_m = re.search(r"(19|20)(\d{2}|xx)", t)
    if not year_m or "xx" in year_m.group(0):
        return None
    year = year_m.group(0)
    month: int | None = None
    name = re.match(r"([^\W\d_]+)", t)
    if name and name.group(1) in MONTHS:
        month = MONTHS[name.group(1)]
    else:
        num = re.search(r"年\s*(\d{1,2})\s*月", t) or re.match(r"^(\d{1,2})\s*[/.]", t)
        if num is None:
            num = re.search(r"(?:19|20)\d{2}\s*[./-]\s*(\d{1,2})$", t)
        if num:
            month = int(num.group(1))
    if month and 1 <= month <= 12:
        return f"{year}-{month:02d}"
    return year


@lru_cache(maxsize=4096)
def find_range(text: str) -> DateRange | None:
    """The first date or date range in ``text``; None when there is none.

    A lone year inside a longer sentence also counts (``"Finalist, 2014"``), so callers that
    need an entry's dates should look at short lines and right-aligned segments first. Results
    are cached: the builder asks about the same lines several times.
    """
    if not _MAY_HOLD_DATE.search(text):
        return None
    for m in _RANGE.finditer(text):
        start_txt = m.group("start")
        if start_txt.lower() in {"year", "año", "année", "jahr"} and not m.group("end"):
            continue  # the bare word "year" is not a date
        end_txt = m.group("end")
        if not end_txt:
            # "Sep. 2013, Mar. 2011 - Oct. 2011": a list of dates ending in a range.
            nxt = _RANGE.match(text, m.end() + 2) if text[m.end() : m.end() + 2] == ", " else None
            if nxt is not None and nxt.group("end"):
                return DateRange(
                    text=text[m.start() : nxt.end()].strip(),
                    start=normalize_point(nxt.group("start")),
                    end=normalize_point(nxt.group("end")),
                    begin=m.start(),
                    stop=nxt.end(),
                )
        return DateRange(
            text=m.group(0).strip(),
            start=normalize_point(start_txt),
            end=normalize_point(end_txt) if end_txt else None,
            begin=m.start(),
            stop=m.end(),
        )
    return None


def find_ranges(text: str) -> list[DateRange]:
    """Every date and date range in ``text``, in order: ``"Sep. 2013, Mar. 2011 - Oct. 2011"``
    holds two (``2013-09`` alone, then ``2011-03``..``2011-10``).

    Unlike :func:`find_range`, a list of dates is not folded into its range: renderers use
    this to print every date of an entry's ``dates``, not only the range kept as start/end.
    """
    if not _MAY_HOLD_DATE.search(text):
        return []
    out: list[DateRange] = []
    for m in _RANGE.finditer(text):
        start_txt, end_txt = m.group("start"), m.group("end")
        if start_txt.lower() in {"year", "año", "année", "jahr"} and not end_txt:
            continue  # the bare word "year" is not a date
        out.append(
            DateRange(
                text=m.group(0).strip(),
                start=normalize_point(start_txt),
                end=normalize_point(end_txt) if end_txt else None,
                begin=m.start(),
                stop=m.end(),
            )
        )
    return out


def is_open_end(text: str) -> bool:
    """True for a bare open end such as "Present" or "現在にいたる" (still there)."""
    return bool(_OPEN_RE.match(text.strip()))
