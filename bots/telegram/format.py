"""Telegram message formatting: HTML escaping, splitting under the Bot API length limits.

Limits (https://core.telegram.org/bots/api#sendmessage, #senddocument): a message text is at
most 4,096 characters and a caption at most 1,024, both counted after entity parsing; we count
the raw HTML, which is longer, so every piece is within the limit whatever Telegram counts.
"""

from __future__ import annotations

import html
from pathlib import PurePath

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
_BULLET = "• "


def improved_name(file_name: str | None, output_format: str = "pdf") -> str:
    """``CV Jane.docx`` -> ``CV Jane-improved.pdf``; a missing name becomes ``resume-improved``.

    Only the stem is kept (no directories); the extension is the output format's.
    """
    stem = PurePath(file_name or "").stem.strip() or "resume"
    return f"{stem[:100]}-improved.{output_format}"


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis when it is longer."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def caption(headline: str, note: str | None = None) -> str:
    """The document caption (plain text, ≤ 1,024 characters): the score headline and a note."""
    text = headline if not note else f"{headline}\n{note}"
    return clip(text, CAPTION_LIMIT)


def _take(text: str, room: int) -> tuple[str, str]:
    """The longest prefix of ``text`` whose HTML escape fits in ``room``: (escaped, rest).

    Cuts happen in the raw text, so an entity such as ``&amp;`` is never split.
    """
    out: list[str] = []
    used = 0
    for index, char in enumerate(text):
        escaped = html.escape(char, quote=False)
        if used + len(escaped) > room:
            return "".join(out), text[index:]
        out.append(escaped)
        used += len(escaped)
    return "".join(out), ""


def split_messages(title_html: str, items: list[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Bulleted HTML messages, each at most ``limit`` characters, items kept in order.

    Args:
        title_html: trusted HTML heading for the first message (e.g. ``<b>What changed</b>``).
        items: plain-text lines, most important first; escaped here.
    Returns:
        Messages to send in order; empty when there are no items. An item is moved whole to the
        next message when it does not fit; only an item longer than a message is cut.
    """
    if not items:
        return []
    messages: list[str] = []
    current = title_html
    for item in items:
        rest = _BULLET + item.strip()
        whole = html.escape(rest, quote=False)
        if current and len(current) + 1 + len(whole) > limit and len(whole) <= limit:
            messages.append(current)
            current = ""
        while rest:
            room = limit - len(current) - (1 if current else 0)
            piece, rest = _take(rest, room)
            if piece:
                current = f"{current}\n{piece}" if current else piece
            if rest:
                messages.append(current)
                current = ""
    if current:
        messages.append(current)
    return messages
