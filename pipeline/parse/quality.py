"""Quality gate: refuse extracted text that is not the text a person sees on the page.

Fonts embedded without a ToUnicode map (and without standard glyph names) make PDF text
extractors return the raw character codes: U+FFFD, private-use code points, or letters shifted
by a constant ("+HOOR" for "Hello" when codes are glyph ids, GID = code - 29 in many TrueType
subsets). Improving such text would produce nonsense, so it is refused as ``unreadable_text``.

The Caesar test only looks at ASCII letters: it compares their statistics as extracted with the
same letters shifted by every other code-point offset (glyph ids are offset from Unicode by a
constant, so the shift is on code points, not a rotation within the alphabet). Real text in any
Latin-script language scores best unshifted; CJK, Cyrillic, Greek, Arabic or Hebrew text has
too few ASCII letters to be judged and is never refused by it. Short texts are not judged either.

DOCX text is stored as Unicode in the document XML (ECMA-376 w:t), with no font-to-character
mapping to lose, so only the share of U+FFFD/private-use/control characters is judged there:
the Caesar test would refuse real but unusual text (one word repeated 400 times).
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from pipeline.errors import UnreadableText

# Share of non-space characters that are U+FFFD, private-use or control characters above which
# the text is unreadable. Icon fonts leave a few private-use glyphs in real resumes (~1-3%).
MAX_BAD_SHARE = 0.30
# Below these counts the statistics are noise (a short resume, or mostly non-Latin text).
MIN_CHARS = 40
MIN_ASCII_LETTERS = 150
# Log-likelihood gain per ASCII letter of the best shift over the letters as extracted. On the
# corpus and on samples in 10 Latin-script languages, genuine text scores -0.1 (Vietnamese,
# whose accented vowels are not ASCII) to -0.8: no shift helps. The same texts shifted down by
# 1, 3, 29 or 31 code points (glyph ids sit below Unicode) score +0.11 to +1.17.
MIN_SHIFT_GAIN = 0.05

# Letter frequencies (%), a rounded average of English, Spanish, French, German and Portuguese.
_LETTER_FREQ = {
    "e": 13.0, "a": 9.0, "t": 7.0, "i": 7.5, "o": 7.0, "n": 7.0, "s": 6.5, "r": 6.5,
    "l": 4.5, "d": 4.2, "u": 4.0, "c": 3.5, "m": 3.0, "h": 2.8, "p": 2.5, "g": 1.6,
    "b": 1.3, "f": 1.2, "v": 1.1, "y": 1.0, "w": 0.8, "k": 0.6, "z": 0.6, "q": 0.5,
    "j": 0.4, "x": 0.3,
}  # fmt: skip
_DIGIT_WEIGHT = 1.0
_PUNCT_WEIGHT = 0.4  # . , - ( ) / : & + @ ...
_OFF_TABLE = 0.001  # a code that shifts outside printable ASCII


def _log_weights() -> list[float]:
    """Log weight of each code 0..255 (case-insensitive letters, so ALL CAPS is not "shifted")."""
    weights = [math.log(_OFF_TABLE)] * 256
    for code in range(33, 127):
        ch = chr(code)
        if ch.isalpha():
            weights[code] = math.log(_LETTER_FREQ[ch.lower()])
        elif ch.isdigit():
            weights[code] = math.log(_DIGIT_WEIGHT)
        else:
            weights[code] = math.log(_PUNCT_WEIGHT)
    return weights


_WEIGHTS = _log_weights()


@dataclass(frozen=True, slots=True)
class TextQuality:
    """Statistics of a text: counts of characters, the bad share, and the Caesar verdict."""

    chars: int  # non-whitespace characters
    bad: int  # U+FFFD + private-use + control characters
    ascii_letters: int
    shift_gain: float  # nats per ASCII letter the best shift gains over no shift
    best_shift: str  # e.g. "+29": the code-point offset that reads best; "" when none

    @property
    def bad_share(self) -> float:
        return self.bad / self.chars if self.chars else 0.0

    @property
    def garbled(self) -> bool:
        """Mostly U+FFFD, private-use or control characters (judged from ``MIN_CHARS`` on)."""
        return self.chars >= MIN_CHARS and self.bad_share > MAX_BAD_SHARE

    @property
    def shifted(self) -> bool:
        """ASCII letters that read better shifted by a constant: glyph ids, not characters."""
        return (
            self.chars >= MIN_CHARS
            and self.ascii_letters >= MIN_ASCII_LETTERS
            and self.shift_gain >= MIN_SHIFT_GAIN
        )

    @property
    def unreadable(self) -> bool:
        """Unreadable as PDF text: garbled or shifted."""
        return self.garbled or self.shifted


def measure(texts: Iterable[str]) -> TextQuality:
    """Measure the quality of ``texts`` (e.g. the extracted lines). Pure, O(characters)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(text)
    chars = bad = 0
    ascii_counts: Counter[int] = Counter()
    for ch, n in counts.items():
        if ch.isspace():
            continue
        chars += n
        if _is_bad(ch):
            bad += n
        # Only letters are judged: digit-heavy text (dates, phone numbers) would otherwise
        # "improve" when digits shift onto letters.
        if ch.isascii() and ch.isalpha():
            ascii_counts[ord(ch)] += n
    letters = sum(ascii_counts.values())
    gain, best = _best_shift(ascii_counts)
    return TextQuality(chars, bad, letters, gain, best)


_DOCX_MESSAGE = (
    "The text in this Word document cannot be read: most of its characters are symbols or "
    "placeholders rather than letters. Please save it again from your editor with ordinary "
    "fonts, and send it again."
)


def check_quality(texts: Iterable[str], *, source: str = "pdf") -> TextQuality:
    """Raise :class:`UnreadableText` when ``texts`` are garbage; else return the measurement.

    Args:
        texts: the extracted lines' text.
        source: ``"pdf"`` (garbled or shifted text is refused) or ``"docx"`` (only garbled
            text: DOCX text is real Unicode, see the module docstring).
    """
    quality = measure(texts)
    if source == "docx":
        if quality.garbled:
            raise UnreadableText(_DOCX_MESSAGE)
    elif quality.unreadable:
        raise UnreadableText()
    return quality


def _is_bad(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    category = unicodedata.category(ch)
    return category in ("Co", "Cc", "Cs")


_SHIFTS = np.array([s for s in range(-94, 95) if s not in (0, 32, -32)])
# Weight of code (c + shift) for every code c in 0..127 and every shift, as one matrix: the score
# of all shifts is then one matrix-vector product (this check runs on every PDF).
_SHIFTED = np.array(
    [[_WEIGHTS[c + s] if 0 <= c + s < 256 else _WEIGHTS[0] for c in range(128)] for s in _SHIFTS]
)
_UNSHIFTED = np.array(_WEIGHTS[:128])


def _best_shift(counts: Counter[int]) -> tuple[float, str]:
    """Gain (nats per letter) of the best code-point shift over none, and that shift.

    ``counts`` holds ASCII letter codes; +-32 only swaps letter case, which the case-insensitive
    weights cannot (and need not) tell, so those shifts are not tried.
    """
    n = sum(counts.values())
    if n == 0:
        return 0.0, ""
    vector = np.zeros(128)
    for code, k in counts.items():
        vector[code] = k
    scores = _SHIFTED @ vector
    best = int(np.argmax(scores))
    return float(scores[best] - _UNSHIFTED @ vector) / n, f"{int(_SHIFTS[best]):+d}"
