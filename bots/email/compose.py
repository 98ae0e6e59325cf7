"""Building replies: ``Re: <subject>``, In-Reply-To and References so clients thread them,
a text and an HTML part, and the improved file and change report attached."""

from __future__ import annotations

import html
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

MAX_REFERENCES = 20  # keep the header bounded on long threads (RFC 5322 section 3.6.4)


def reply_subject(subject: str) -> str:
    subject = (subject or "").strip()
    if not subject:
        return "Your resume"
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def build_reply(
    *,
    from_address: str,
    to: str,
    subject: str,
    in_reply_to: str | None,
    references: list[str],
    paragraphs: list[str],
    bullets: list[str] | None = None,
    attachments: list[tuple[str, str, bytes]] | None = None,
) -> EmailMessage:
    """A threaded reply.

    Args:
        paragraphs: plain-text paragraphs (HTML-escaped for the HTML part).
        bullets: list items shown after the paragraphs.
        attachments: ``(filename, content_type, data)`` triples.
    """
    msg = EmailMessage()
    msg["From"] = from_address
    msg["To"] = to
    msg["Subject"] = reply_subject(subject)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=from_address.rsplit("@", 1)[-1] or None)
    # RFC 3834: mark ourselves as an automatic responder so other robots do not answer us.
    msg["Auto-Submitted"] = "auto-replied"
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        refs = [*references, in_reply_to] if in_reply_to not in references else references
        msg["References"] = " ".join(refs[-MAX_REFERENCES:])
    bullets = bullets or []
    text = "\n\n".join(paragraphs)
    if bullets:
        text += "\n\n" + "\n".join(f"- {b}" for b in bullets)
    msg.set_content(text + "\n")
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    if bullets:
        body += "<ul>" + "".join(f"<li>{html.escape(b)}</li>" for b in bullets) + "</ul>"
    msg.add_alternative(f"<!doctype html><html><body>{body}</body></html>", subtype="html")
    for filename, content_type, data in attachments or []:
        maintype, _, subtype = content_type.partition("/")
        msg.add_attachment(
            data, maintype=maintype, subtype=subtype or "octet-stream", filename=filename
        )
    return msg
