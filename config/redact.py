"""Redaction of personal data from strings bound for logs and error reports.

A safety net, not a licence to log resume text: code must still never log it. Patterns cover
e-mail addresses, phone-like digit runs, URLs with paths and long free text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits, possibly separated by spaces, dots, dashes or brackets: phone numbers.
_PHONE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
MAX_TEXT = 200


def _phone_or_address(match: re.Match[str]) -> str:
    # An IPv4 address is an operator's clue, not personal data.
    return match.group(0) if _IPV4.fullmatch(match.group(0).strip()) else "[phone]"


def redact(text: str, max_len: int = MAX_TEXT) -> str:
    """Replace e-mails, phone numbers and URLs; cut long text (free text may be resume content)."""
    text = _EMAIL.sub("[email]", text)
    text = _URL.sub("[url]", text)
    # Job ids (UUIDs) are an operator's handle, not a phone number: redact around them.
    parts = _UUID.split(text)
    ids = _UUID.findall(text)
    text = "".join(
        _PHONE.sub(_phone_or_address, part) + (ids[i] if i < len(ids) else "")
        for i, part in enumerate(parts)
    )
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
