"""Main language of a resume as ISO 639-1, from scripts and stopwords (no model, no deps).

Scripts decide first: kana -> ja, Hangul -> ko, Han without kana -> zh, Cyrillic -> ru,
Arabic -> ar, Hebrew -> he, Greek -> el, Thai -> th. Latin text is scored by counting common
function words of en, es, fr, de, pt, it, nl; ties or too few words give None.
"""

from __future__ import annotations

import re
from collections import Counter

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in for with on at by from as is an a our my i".split()),
    "es": frozenset("el la los las de del y en con por para un una que se al su".split()),
    "fr": frozenset("le la les de des du et en pour avec sur un une au aux dans que".split()),
    "de": frozenset("der die das und mit von für im in den dem ein eine zu auf bei".split()),
    "pt": frozenset("o a os as de do da dos das e em com para um uma no na que".split()),
    "it": frozenset("il lo la gli le di del della e con per un una che nel".split()),
    "nl": frozenset("de het een en van met voor op in bij aan te".split()),
}
_WORD = re.compile(r"[^\W\d_]+")


_SCRIPTS = {
    "kana": re.compile("[\u3040-\u30ff]"),
    "han": re.compile("[\u3400-\u4dbf\u4e00-\u9fff]"),
    "hangul": re.compile("[\uac00-\ud7af]"),
    "cyrillic": re.compile("[\u0400-\u04ff]"),
    "arabic": re.compile("[\u0600-\u06ff]"),
    "hebrew": re.compile("[\u0590-\u05ff]"),
    "greek": re.compile("[\u0370-\u03ff]"),
    "thai": re.compile("[\u0e00-\u0e7f]"),
    "latin": re.compile("[A-Za-z\u00c0-\u024f]"),
}


def _script_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for name, pattern in _SCRIPTS.items():
        n = len(pattern.findall(text))
        if n:
            counts[name] = n
    return counts


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the main language of ``text``, or None when unsure."""
    scripts = _script_counts(text)
    if not scripts:
        return None
    letters = sum(scripts.values())
    if scripts["kana"] >= 5 or (scripts["kana"] and scripts["kana"] >= 0.05 * scripts["han"]):
        return "ja"
    for script, code in (
        ("han", "zh"),
        ("hangul", "ko"),
        ("cyrillic", "ru"),
        ("arabic", "ar"),
        ("hebrew", "he"),
        ("greek", "el"),
        ("thai", "th"),
    ):
        # Non-Latin scripts are dense: a fifth of the letters means the text is in that script.
        if scripts[script] >= 0.2 * letters:
            return code
    words = Counter(w.lower() for w in _WORD.findall(text))
    scores = Counter(
        {lang: sum(words[w] for w in sw if w in words) for lang, sw in STOPWORDS.items()}
    )
    ranked = scores.most_common(2)
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]
