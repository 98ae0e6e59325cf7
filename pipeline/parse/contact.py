"""Contact details: name, email, phone (E.164 where possible), location and profile links.

Works on the lines of the contact zone (before the first section heading, page furniture read
once, and lines under a "Contact"/"Links" heading) and on the document's link annotations.
Icon fonts leak into the text (FontAwesome private-use glyphs, emoji, Marvosym letters such as
"B john@doe.org", FontAwesome5 Type1 glyphs such as "#", "ð", "§"): those are stripped, and each
value is taken by its own pattern so a glued icon cannot become part of it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import phonenumbers

from pipeline.model import Contact
from pipeline.parse.lines import Line

_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# A phone: optional "+CC" (maybe in brackets), then digit groups; 7 to 15 digits in total.
_PHONE = re.compile(r"(?:\(\s*\+?\d{1,3}\s*\)|\+\s*\d{1,3})?[\s.-]*(?:\(?\d[\d\s().-]{5,}\d)")
# A web address. It starts where no word, "@", "." or "-" touches it and a bare domain ends
# where no word character, "@", "-" or ".word" follows, so it is never a piece of an e-mail
# address ("sam.cooper@x.com" holds no "sam.co") or of a longer word or domain.
_URL = re.compile(
    r"(?i)(?<![\w@.+%-])(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|"
    r"net|io|dev|me|ai|co|app|info|de|fr|es|uk|ru|cn|jp|in)(?:/[\w./~%-]*|(?![\w@-]|\.[\w-]))"
)
_PROFILE_HOSTS = re.compile(
    r"(?i)(linkedin\.com|github\.com|gitlab\.com|twitter\.com|x\.com|stackoverflow\.com|"
    r"behance\.net|dribbble\.com|medium\.com|kaggle\.com|scholar\.google|orcid\.org)"
)
# Separators between contact items: "a | b", "a • b", "a ▪ ▪ b", wide gaps.
_SEPARATORS = re.compile(r"(?:\s+[|•·▪◦●■♦⋄]\s*)+\s+|\s{3,}")
_SEPARATOR_CHAR = re.compile(r"\s[|•·▪◦●■♦⋄]\s")
_SEPARATOR_GLYPHS = "|•·▪◦●■♦⋄"
_STRONG_DIGITS = 9  # a phone number without a country code has at least this many digits
_YEAR_RANGE = re.compile(r"^(19|20)\d{2}\s*[-–]\s*(19|20)\d{2}$")
_NAME_LABEL = re.compile(r"(?i)^(氏\s*名|姓\s*名|名\s*前|name|nombre|nom|имя|фио)\s*[:：]?$")


def strip_icons(text: str) -> str:
    """Remove private-use glyphs, emoji/symbols and control characters; squeeze spaces."""
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in {"Co", "Cs", "Cc", "So", "Sk"} and ch not in "\t":
            kept.append(" ")
        else:
            kept.append(ch)
    return " ".join("".join(kept).split())


def _segments(lines: Iterable[Line]) -> list[tuple[Line, str]]:
    out = []
    for ln in lines:
        for seg in ln.text.split("\t"):
            for part in _SEPARATORS.split(seg):
                part = strip_icons(part).strip(_SEPARATOR_GLYPHS + " ")
                if part:
                    out.append((ln, part))
    return out


def find_email(texts: Sequence[str], links: Sequence[str]) -> str | None:
    """First printed email; else the target of the first ``mailto:`` link."""
    for text in texts:
        m = _EMAIL.search(text)
        if m:
            return m.group(0).rstrip(".")
    for link in links:
        if link.lower().startswith("mailto:"):
            addr = link[7:].split("?")[0]
            if _EMAIL.fullmatch(addr):
                return addr
    return None


def normalize_phone(printed: str) -> str:
    """E.164 when the printed number carries a country code ("+82", "(+86)", "0082"); else the
    number as printed. Without a country code the country is unknown, and guessing one would
    change the digits the person wrote.
    """
    cleaned = re.sub(r"\(\s*(\+\d{1,3})\s*\)", r"\1", printed.strip())
    cleaned = re.sub(r"^00(?=[1-9])", "+", cleaned)
    if cleaned.startswith("+"):
        try:
            number = phonenumbers.parse(cleaned, None)
        except phonenumbers.NumberParseException:
            return printed.strip()
        if phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return printed.strip()


def find_phone(texts: Sequence[str], links: Sequence[str]) -> str | None:
    """First phone-like number (not a year range, a date or a postal code) in ``texts``.

    Numbers with a "+" country code or 9-15 digits are taken first; 7-8 digit ones (local
    numbers, but also street numbers like "246-1002") only when there is no other.
    """
    for min_digits in (9, 7):
        found = _first_phone(texts, min_digits)
        if found:
            return normalize_phone(found)
    for link in links:
        if link.lower().startswith("tel:"):
            return normalize_phone(link[4:])
    return None


def _first_phone(texts: Sequence[str], min_digits: int) -> str | None:
    for text in texts:
        for m in _PHONE.finditer(text):
            cand = m.group(0).strip(" .-")
            digits = re.sub(r"\D", "", cand)
            enough = len(digits) >= min_digits or "+" in cand
            if not enough or not 7 <= len(digits) <= 15 or _YEAR_RANGE.match(cand):
                continue
            if re.fullmatch(r"\d{4}[./-]\d{1,2}([./-]\d{1,2})?", cand):
                continue  # a date such as 2021.06 or 2021-06-01
            before = text[: m.start()]
            if before.endswith("〒"):
                continue  # a Japanese postal code
            return cand
    return None


def clean_link(url: str) -> str:
    """``https://www.x.com/in/y/`` -> ``www.x.com/in/y`` (no scheme, no trailing slash)."""
    url = re.sub(r"(?i)^[a-z][a-z0-9+.-]*://", "", url.strip())
    return url.rstrip("/")


def find_links(texts: Sequence[str], annotations: Sequence[str]) -> list[str]:
    """Profile and web links: printed URLs in the contact zone plus profile-site annotations."""
    found: list[str] = []
    seen: set[str] = set()

    def add(url: str) -> None:
        link = clean_link(url)
        key = re.sub(r"^www\.", "", link.lower())
        if link and key not in seen and "@" not in link:
            seen.add(key)
            found.append(link)

    for text in texts:
        for m in _URL.finditer(text):
            start = m.start()
            if start > 0 and text[start - 1] == "@":
                continue  # the domain of an e-mail address
            if "@" in text[max(0, start - 1) : m.end() + 1]:
                continue
            token = m.group(0)
            if "." in token and (
                "/" in token
                or token.lower().startswith("www.")
                or _PROFILE_HOSTS.search(token)
                or len(token.split(".")) == 2
            ):
                add(token)
    for url in annotations:
        if url.lower().startswith(("http://", "https://")) and (
            _PROFILE_HOSTS.search(url) or any(clean_link(url).lower() == f.lower() for f in found)
        ):
            add(url)
    return found


def _looks_like_name(text: str) -> bool:
    if any(ch.isdigit() for ch in text) or "@" in text or "/" in text or ":" in text:
        return False
    if _URL.search(text) or re.search(r"[a-z]\.[a-z]", text):
        return False  # a web address or a handle ("sam.cooper")
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 2 or len(letters) < 0.8 * len(text.replace(" ", "").replace(".", "")):
        return False
    words = text.split()
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return len(text.replace(" ", "")) <= 8
    return 1 <= len(words) <= 5


def find_name(zone: Sequence[Line], skip: Iterable[str] = ()) -> str | None:
    """The person's name: a labelled field ("氏名", "Name:") or the largest name-like line.

    The largest type in the contact zone is the name on nearly every layout; the first line is
    not (a "Last updated" line, a headline, or a contact block above the name).
    """
    skipped = {s.casefold() for s in skip}
    for ln in zone:
        parts = [strip_icons(p) for p in ln.text.split("\t")]
        for i, part in enumerate(parts[:-1]):
            if _NAME_LABEL.match(part) and _looks_like_name(parts[i + 1]):
                return parts[i + 1]
    best: tuple[float, int, str] | None = None
    for idx, ln in enumerate(zone):
        if "\t" in ln.text:
            continue
        text = strip_icons(ln.text)
        if not _looks_like_name(text) or text.casefold() in skipped:
            continue
        key = (ln.size, -idx, text)
        if best is None or key[:2] > best[:2]:
            best = key
    if best:
        return best[2]
    # No line of its own: "Priya Raman-Okafor | priya@x.org | +1 312 555 0177" (a one-line
    # page header) starts with the name; two words or more, not "London" or "Leeds, UK".
    for zl in _zone_lines(zone):
        first = zl.parts[0]
        if zl.strong and len(zl.parts) > 1 and "," not in first and len(first.split()) >= 2:
            if (
                _looks_like_name(first)
                and not _NOT_PLACE.search(first)
                and first.casefold() not in skipped
            ):
                return first
    return None


@dataclass(slots=True)
class _ZoneLine:
    line: Line
    parts: list[str]
    strong: bool  # carries an email, a phone number (9+ digits or "+") or a web link


def _zone_lines(zone: Sequence[Line]) -> list[_ZoneLine]:
    by_line: dict[int, _ZoneLine] = {}
    for ln, part in _segments(zone):
        by_line.setdefault(id(ln), _ZoneLine(ln, [], False)).parts.append(part)
    out = list(by_line.values())
    for zl in out:
        zl.strong = any(_is_strong_item(p) for p in zl.parts)
    return out


def _is_strong_item(text: str) -> bool:
    """An email, a web link or a phone number with a country code or 9+ digits."""
    return bool(
        _EMAIL.search(text) or find_links([text], []) or _first_phone([text], _STRONG_DIGITS)
    )


def _neighbours(lines: list[_ZoneLine], name: str | None) -> list[_ZoneLine]:
    """Single-item lines right above or below a line with an email/phone/link (a contact
    block written one item per line), not the name's line nor the line right under it (the
    headline's place)."""
    name_at = next(
        (i for i, zl in enumerate(lines) if name and zl.parts == [name]),
        None,
    )
    out: list[_ZoneLine] = []
    for i, zl in enumerate(lines):
        if zl.strong or len(zl.parts) != 1 or "\t" in zl.line.text:
            continue
        if name_at is not None and i in (name_at, name_at + 1):
            continue
        near = [lines[j] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        if any(n.strong for n in near):
            out.append(zl)
    return out


def find_location(zone: Sequence[Line], name: str | None = None) -> str | None:
    """Where the person lives, from the contact zone.

    In order: a "City, ST" / "City, Country" segment anywhere in the zone ("Oak Park, CA
    91377" too); a remaining place-like segment of a contact line (a line carrying an email,
    a phone number or a link): capitalised words without digits, "@" or a role ("London",
    "Toronto, Ontario", "Frankfurt am Main"), or, for non-Latin scripts, a short run of
    letters ("Москва", "北京") on a line split by a visible separator; else such a segment
    alone on a line right above or below a contact line (not the line under the name, which
    is the headline's place).

    Not taken: handles ("JaneDoe" beside a GitHub icon: CamelCase, or part of a link),
    labels ("E-MAIL", "携帯電話番号"), roles ("Senior Accountant") and phrases with lower-case
    words ("Open to relocation"); those are :func:`find_extras`' business.
    """
    segments = _segments(zone)
    for _, part in segments:
        if _EMAIL.search(part) or _URL.search(part) or sum(ch.isdigit() for ch in part) > 5:
            continue
        m = re.fullmatch(r"([A-Z][\w .'-]+),\s*([A-Z][A-Za-z .]+)(?:\s+\d{4,5}(?:-\d{4})?)?", part)
        if m and len(part.split()) <= 6:
            return part
    lines = _zone_lines(zone)
    skip = (name or "").casefold()
    for zl in lines:
        if zl.strong:
            for part in zl.parts:
                if part.casefold() != skip and _looks_like_latin_place(part):
                    return part
        if len(zl.parts) < 2 or not _SEPARATOR_CHAR.search(zl.line.text):
            continue
        if not any(_is_contact_item(p) for p in zl.parts):
            continue
        for part in zl.parts:
            if part.casefold() != skip and _looks_like_place(part):
                return part
    for zl in _neighbours(lines, name):
        part = zl.parts[0]
        if part.casefold() != skip and (_looks_like_latin_place(part) or _looks_like_place(part)):
            return part
    return None


def find_extras(zone: Sequence[Line], contact: Contact, links: Sequence[str]) -> list[str]:
    """Contact-line items that are none of the other fields, as printed ("Open to
    relocation", a second phone number, "Manchester | Remote"), so that nothing printed
    beside the email or phone is lost.

    Looked at: every segment of a line carrying an email, a phone number or a link, and a
    short line (at most 8 words, not a sentence or a quote) alone right above or below one.
    Left out: the name, headline, location, email, phone and links already read, labels
    ("Email:", "FAX", "携帯電話番号"), handles a link already holds ("posquit0" beside
    github.com/posquit0) and segments with fewer than two letters (page numbers, stray
    separators) unless they are a phone number.
    """
    lines = _zone_lines(zone)
    taken = {v.casefold() for v in (contact.name, contact.headline, contact.location) if v}
    link_keys = [_link_key(link) for link in links]
    candidates = [p for zl in lines if zl.strong for p in zl.parts]
    for zl in _neighbours(lines, contact.name):
        part = zl.parts[0]
        if len(part) <= 60 and len(part.split()) <= 8 and not _is_sentence(part):
            candidates.append(part)
    out: list[str] = []
    for part in candidates:
        if part.casefold() in taken or part in out:
            continue
        if _is_strong_item(part) or _is_contact_item(part):
            if not _holds_only(part, contact, link_keys):
                out.append(part)
            continue
        if _is_label(part) or sum(ch.isalpha() for ch in part) < 2:
            continue
        words = [w.strip(".,;()[]").casefold() for w in part.split()]
        if any(len(w) >= 3 and any(w in key for key in link_keys) for w in words):
            continue  # a handle printed beside its link's icon
        out.append(part)
    return out


def _link_key(link: str) -> str:
    return re.sub(r"^www\.", "", clean_link(link).casefold())


def _holds_only(part: str, contact: Contact, link_keys: Sequence[str]) -> bool:
    """True when every email, phone number and link in ``part`` is the one already read."""
    for m in _EMAIL.finditer(part):
        if m.group(0).rstrip(".").casefold() != (contact.email or "").casefold():
            return False
    rest = _EMAIL.sub(" ", part)
    for link in find_links([rest], []):
        if _link_key(link) not in link_keys:
            return False
    phone = _first_phone([_URL.sub(" ", rest)], 7)
    return phone is None or normalize_phone(phone) == contact.phone


def _is_sentence(text: str) -> bool:
    return text.endswith((".", "!", "?")) or any(ch in text for ch in '"“”«»„')


# Words that label a contact item ("Email:", "FAX", "携帯電話番号") rather than being one.
_LABEL = re.compile(
    r"(?i)^(e-?mail|mail|phone|tel|telephone|mobile|mob|cell|fax|address|web|website|homepage|"
    r"url|linkedin|github|gitlab|twitter|portfolio|blog|contact|contacts|skype|telegram|"
    r"whatsapp|location|teléfono|correo|dirección|téléphone|courriel|adresse|handy|anschrift|"
    r"телефон|почта|адрес|эл\.?\s*почта)\s*[:：.]?$"
)
_CJK_LABEL = re.compile(
    r"(電話|携帯|メール|住所|連絡先|ふりがな|生年月日|电话|手机|邮箱|地址|微信)"
)


def _is_label(text: str) -> bool:
    return bool(_LABEL.match(text) or (len(text) <= 8 and _CJK_LABEL.search(text)))


# Not in a place name: roles and availability phrases ("Senior Accountant", "Open To Work").
_NOT_PLACE = re.compile(
    r"(?i)\b(engineer|developer|programmer|manager|intern|researcher|director|analyst|"
    r"accountant|designer|scientist|consultant|lead|head|officer|specialist|architect|founder|"
    r"cto|ceo|cfo|president|associate|assistant|coordinator|administrator|technician|teacher|"
    r"professor|lecturer|student|writer|editor|owner|partner|freelance|freelancer|open|"
    r"available|availability|relocate|relocation|willing|citizen|citizenship|visa|permit|"
    r"work|hybrid|onsite|contract|immediately|clearance|resume|résumé|cv|curriculum|vitae)\b"
)
_PLACE_CONNECTORS = frozenset(
    "of de da do dos das del della di du des la le les am an im upon on the and y e en sur "
    "bei ob der den".split()
)


def _looks_like_latin_place(text: str) -> bool:
    """A short run of capitalised Latin-script words ("London", "Toronto, Ontario", "Rio de
    Janeiro"): no digits, "@", "/", ":", brackets, CamelCase word (a handle), label or role."""
    if not any(ch.isascii() and ch.isalpha() for ch in text) or len(text) > 40:
        return False
    if any(ch.isdigit() or ch in "@/:()#&+" for ch in text) or _is_contact_item(text):
        return False
    if _is_label(text) or _NOT_PLACE.search(text):
        return False
    words = text.replace(",", " ").split()
    if not 1 <= len(words) <= 6:
        return False
    for i, word in enumerate(words):
        core = word.strip(".'’-")
        if not core or not all(ch.isalpha() or ch in ".'’-" for ch in core):
            return False
        if i > 0 and core in _PLACE_CONNECTORS:
            continue
        if not core[0].isupper() or re.search(r"[a-z][A-Z]", core):
            return False
    return True


def _is_contact_item(text: str) -> bool:
    """An email, a link or a phone-like run of 7+ digits."""
    return bool(_EMAIL.search(text) or _URL.search(text) or sum(ch.isdigit() for ch in text) >= 7)


def _looks_like_place(text: str) -> bool:
    """A short run of non-Latin letters (1-3 words, at most 30 characters, or 8 CJK
    characters), not a contact item and not a label such as "Email:"."""
    if any(ch.isascii() and ch.isalpha() for ch in text):
        return False
    if _is_contact_item(text) or any(ch.isdigit() for ch in text) or ":" in text:
        return False
    if any(ch in "@/()" for ch in text):
        return False
    letters = sum(ch.isalpha() for ch in text)
    if letters < 2 or letters < 0.8 * len(text.replace(" ", "").replace("-", "").replace(".", "")):
        return False
    if any("\u3040" <= ch <= "\u9fff" for ch in text):
        return len(text.replace(" ", "")) <= 8
    return len(text) <= 30 and len(text.split()) <= 3 and text[0].isupper()


# Document titles that sit where a headline would: not the person's headline.
_DOC_TITLES = re.compile(
    r"(?i)^(r[ée]sum[ée]|cv|curriculum vitae|lebenslauf|резюме|履歴書|简历|個人簡歷|个人简历)$"
)


def find_headline(
    zone: Sequence[Line], name: str | None, location: str | None = None
) -> str | None:
    """The headline printed under the name ("Senior Software Engineer", "软件工程师"), or None.

    Only the line right after the name's line counts, and only when it is short (at most 10
    words and 80 characters), mostly letters, carries no contact item, label (":"), tab-separated
    cells or sentence end, and is not the location, a handle ("john.doe", "jdoe") or a document
    title ("Curriculum Vitae").
    """
    if not name:
        return None
    texts = [strip_icons(ln.text) for ln in zone]
    try:
        at = next(
            i
            for i, (ln, t) in enumerate(zip(zone, texts, strict=True))
            if t == name and "\t" not in ln.text
        )
    except StopIteration:
        return None
    if at + 1 >= len(zone) or "\t" in zone[at + 1].text:
        return None
    text = texts[at + 1]
    if not text or text == location or _is_contact_item(text):
        return None
    if " " not in text and (text.islower() or any(ch in "._" for ch in text)):
        return None  # a user name printed beside an icon
    if ":" in text or "：" in text or "@" in text or text.endswith(".") or _DOC_TITLES.match(text):
        return None
    if len(text) > 80 or len(text.split()) > 10:
        return None
    letters = sum(ch.isalpha() for ch in text)
    return text if letters >= 0.7 * len(text.replace(" ", "")) else None


def extract_contact(zone: Sequence[Line], links: Sequence[str]) -> Contact:
    """Contact details from the contact zone's lines and the document's link targets."""
    texts = [part for _, part in _segments(zone)]
    zone_links = [u for ln in zone for u in ln.links]
    name = find_name(zone)
    location = find_location(zone, name)
    contact = Contact(
        name=name,
        headline=find_headline(zone, name, location),
        email=find_email(texts, [*zone_links, *links]),
        phone=find_phone(texts, [*zone_links, *links]),
        location=location,
        links=find_links(texts, [*zone_links, *links]),
    )
    # Every link target counts for handles, not only the links kept (an icon's "jdoe").
    known = [*contact.links, *(u for u in [*zone_links, *links] if "://" in u)]
    contact.extras = find_extras(zone, contact, known)
    return contact
