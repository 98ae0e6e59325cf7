"""Redaction of personal data from strings bound for logs and error reports.

A safety net, not a licence to log resume text: code must still never log it. Patterns cover
e-mail addresses, phone numbers, the path, query and credentials of URLs, and long free text.

Operators' clues are left alone: job ids (UUIDs), IPv4 addresses, dates and times, version
numbers ("HTTP/1.1"), quantities with a unit ("1234567 ms") and a URL's scheme, host and port
("https://hooks.slack.com/[path]").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# scheme://[userinfo@]host[:port][/path][?query][#fragment], or www.host[...].
_URL = re.compile(
    r"\b(?:(?P<scheme>[a-z][a-z0-9+.-]{1,15}://)|(?=www\.))(?P<rest>[^\s<>\"'`]+)", re.I
)
_URL_TRAILER = re.compile(r"[.,;:!?)\]}]+$")

# Tokens that are kept as they are, tried before the phone pattern at each position.
_KEEP = (
    # Job ids.
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
    # IPv4 address, with a port.
    r"\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\d.])",
    # ISO date, with a time and a zone.
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b",
    # Day.month.year or day/month/year.
    r"(?:0?[1-9]|[12]\d|3[01])(?P<sep>[./])(?:0?[1-9]|1[0-2])(?P=sep)(?:19|20)\d{2}(?![\d.])",
    # Time of day.
    r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?",
    # Versions and protocols: HTTP/1.1, httpx/0.27.0, v1.2.3.
    r"(?:[a-z][\w-]*/|v)\d+(?:\.\d+)+",
    # A quantity with a unit: durations, sizes, percentages.
    r"\d+(?:[.,]\d+)?\s?(?:ns|us|µs|ms|s|secs?|seconds?|mins?|minutes?|h|hours?|bytes?|"
    r"[kmgt]i?b|%)(?!\w)",
    # A decimal number (one separator): 1234.567.
    r"\d+\.\d+(?![.\d])",
)
# Phone candidates: an optional "+" and bracket, then digits with spaces, dots, dashes and
# brackets between them. Their shape is checked by _is_phone.
_PHONE = r"\+?\(?\d[\d \u00a0().-]{5,}\d"
_TOKEN = re.compile(
    r"(?<![\w.+-])(?:(?P<keep>" + "|".join(_KEEP) + r")|(?P<phone>" + _PHONE + r"))",
    re.I,
)
_TRUNK_ZERO = re.compile(r"\(0\)")
_GROUPS = re.compile(r"\d+")
_SPACE = re.compile(r"[ \u00a0]+")
# Unix times in seconds or milliseconds (2017-2033): log clues, not phone numbers.
_EPOCH = re.compile(r"1[5-9]\d{8}(?:\d{3})?")
MAX_TEXT = 200


def _is_phone(candidate: str) -> bool:
    """True when ``candidate`` is shaped like a phone number written anywhere in the world.

    7 to 15 digits (E.164 allows 15); after the country code (or the first group of a
    national number) every group has at least two digits, except a "(0)" trunk prefix and the
    single-digit group that follows a country code ("+33 6 12 34 56 78").
    """
    digits = sum(c.isdigit() for c in candidate)
    if not 7 <= digits <= 15:
        return False
    groups = _GROUPS.findall(_TRUNK_ZERO.sub(" ", candidate))
    if len(groups) == 1:
        return not _EPOCH.fullmatch(groups[0])
    first_short = 2 if candidate.startswith(("+", "(+")) else 1
    return all(len(g) >= 2 for g in groups[first_short:])


def _token(match: re.Match[str]) -> str:
    if match.group("keep") is not None:
        return match.group(0)
    candidate = match.group("phone")
    if _is_phone(candidate):
        return "[phone]"
    # "step 1 2 415 555 0142": not a phone as a whole, but a phone may start at a later word.
    space = _SPACE.search(candidate)
    if space is None:
        return candidate
    return candidate[: space.end()] + _TOKEN.sub(_token, candidate[space.end() :])


def _url(match: re.Match[str]) -> str:
    scheme = match.group("scheme") or ""
    rest = match.group("rest")
    trailer = _URL_TRAILER.search(rest)
    tail = trailer.group(0) if trailer else ""
    rest = rest[: len(rest) - len(tail)]
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, path = rest[:cut], rest[cut:]
    if "@" in authority:
        authority = "[userinfo]@" + authority.rsplit("@", 1)[1]
    masked = "/[path]" if path not in ("", "/") else path
    return f"{scheme}{authority}{masked}{tail}"


def redact(text: str, max_len: int = MAX_TEXT) -> str:
    """Replace e-mails, phone numbers and URLs' paths; cut long text (it may be resume content)."""
    text = _URL.sub(_url, text)
    text = _EMAIL.sub("[email]", text)
    text = _TOKEN.sub(_token, text)
    if len(text) > max_len:
        text = text[:max_len] + f"…[{len(text) - max_len} chars redacted]"
    return text


def redact_value(value: Any, max_len: int = MAX_TEXT) -> Any:
    """Recursively redact strings inside dicts, lists and tuples."""
    if isinstance(value, str):
        return redact(value, max_len)
    if isinstance(value, Mapping):
        return {k: redact_value(v, max_len) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(redact_value(v, max_len) for v in value)
    return value
