"""Mail we must never answer: auto-replies, bounces, lists, and our own messages.

Rules from RFC 3834 (Auto-Submitted), RFC 2369/2919 (List-*), the de-facto Precedence header
and the empty return path of delivery status notifications (RFC 5321 section 4.5.5).
"""

from __future__ import annotations

import re
from email.message import Message

_NO_REPLY_LOCAL = re.compile(
    r"^(mailer-daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?|"
    r"notifications?|auto[-_.]?reply)([+-].*)?$",
    re.IGNORECASE,
)


def auto_reason(
    msg: Message, mail_from: str | None, reply_address: str | None, own_addresses: set[str]
) -> str | None:
    """Why this message must not get a reply, or None for mail from a person.

    Args:
        msg: the parsed message.
        mail_from: the SMTP envelope sender (MAIL FROM); "" for bounces.
        reply_address: where a reply would go (Reply-To or From).
        own_addresses: our inbox and From addresses, lower case.
    """
    if not mail_from or mail_from in ("<>",):
        return "empty return path"
    auto = str(msg.get("Auto-Submitted") or "").strip().lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto}"
    precedence = str(msg.get("Precedence") or "").strip().lower()
    if precedence in ("bulk", "list", "junk", "auto_reply"):
        return f"Precedence: {precedence}"
    for header in ("X-Autoreply", "X-Autorespond", "List-Id", "List-Unsubscribe"):
        if msg.get(header) is not None:
            return f"{header} present"
    for address in (mail_from, reply_address):
        if not address:
            continue
        local = address.rsplit("@", 1)[0]
        if _NO_REPLY_LOCAL.match(local):
            return f"automated sender {local}"
        if address.lower() in own_addresses:
            return "our own address"
    if reply_address is None:
        return "no reply address"
    return None


def authenticated(results: list[str]) -> bool:
    """True when an upstream Authentication-Results header says DKIM or SPF passed."""
    text = " ".join(results).lower()
    return bool(re.search(r"\b(dkim|spf|dmarc)=pass\b", text))
