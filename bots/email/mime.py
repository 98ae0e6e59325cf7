"""Reading an inbound message: the resume attachment, the job description, threading headers.

Parsing uses the modern email API (``email.policy.default``): aiosmtpd's bundled Message
handler uses the legacy policy, which garbles RFC 2047 words inside quotes, raw UTF-8 and
folded filenames. RFC 2231 continuations and encoded filenames are decoded by the policy.
"""

from __future__ import annotations

import email
import email.header
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr

import html2text
from tnefparse import TNEF

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TNEF_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")
RESUME_SUFFIXES = (".pdf", ".docx")
# A body shorter than this is a greeting ("please improve my CV"), not a job description.
MIN_JOB_DESCRIPTION_WORDS = 25
MAX_JOB_DESCRIPTION_CHARS = 20_000


@dataclass(slots=True)
class Attachment:
    filename: str | None
    content_type: str
    data: bytes

    @property
    def looks_like_resume(self) -> bool:
        """PDF or DOCX by content (magic bytes) or, for octet-streams, by name."""
        if self.data.startswith(b"%PDF") or self.content_type in (PDF, DOCX):
            return True
        name = (self.filename or "").lower()
        return name.endswith(RESUME_SUFFIXES)


@dataclass(slots=True)
class InboundMail:
    """What the inbox needs from a message. Shapes: addresses are bare ``local@domain``."""

    message_id: str | None
    subject: str
    reply_address: str | None
    references: list[str]
    attachments: list[Attachment] = field(default_factory=list)
    body_text: str = ""
    had_tnef: bool = False
    authentication_results: list[str] = field(default_factory=list)

    @property
    def resume(self) -> Attachment | None:
        """The first attachment that looks like a resume (PDF/DOCX), else None."""
        return next((a for a in self.attachments if a.looks_like_resume), None)

    @property
    def job_description(self) -> str | None:
        """The body, when it is long enough to be a job description."""
        text = self.body_text.strip()
        if len(text.split()) < MIN_JOB_DESCRIPTION_WORDS:
            return None
        return text[:MAX_JOB_DESCRIPTION_CHARS]


def parse_bytes(raw: bytes) -> EmailMessage:
    """Parse RFC 5322 bytes with the modern policy (never raises on malformed input)."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def read_message(raw: bytes) -> InboundMail:
    """Extract attachments (nested multiparts, forwarded message/rfc822, TNEF), body and headers."""
    return inbound(parse_bytes(raw))


def inbound(msg: EmailMessage) -> InboundMail:
    """:func:`read_message` for an already parsed message."""
    attachments, had_tnef = _collect_attachments(msg)
    reply_to = _first_address(msg.get("Reply-To")) or _first_address(msg.get("From"))
    message_id = _clean_id(msg.get("Message-ID"))
    references = [_clean_id(r) for r in str(msg.get("References") or "").split()]
    refs = [r for r in references if r]
    return InboundMail(
        message_id=message_id,
        subject=_header(msg, "Subject"),
        reply_address=reply_to,
        references=refs,
        attachments=attachments,
        body_text=_body_text(msg),
        had_tnef=had_tnef,
        authentication_results=[str(v) for v in msg.get_all("Authentication-Results") or []],
    )


def _header(msg: Message, name: str) -> str:
    try:
        return str(msg.get(name) or "").strip()
    except (ValueError, IndexError):  # a header the policy cannot decode: keep going without it
        return ""


def _first_address(value: object) -> str | None:
    if not value:
        return None
    try:
        pairs = getaddresses([str(value)])
    except (ValueError, IndexError):
        pairs = [parseaddr(str(value))]
    for _name, addr in pairs:
        if "@" in addr:
            return addr.strip()
    return None


def _clean_id(value: object) -> str | None:
    text = str(value or "").strip()
    return text or None


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename()
    except (ValueError, IndexError, LookupError):
        return None
    if not name:
        return None
    # Outlook writes RFC 2047 words inside quoted parameters, which the standard forbids but
    # every client accepts; decode them when the policy left them encoded.
    if "=?" in name:
        name = str(email.header.make_header(email.header.decode_header(name)))
    return re.sub(r"\s+", " ", name).strip()


def _collect_attachments(msg: EmailMessage) -> tuple[list[Attachment], bool]:
    found: list[Attachment] = []
    had_tnef = False
    for part in msg.walk():
        if part.is_multipart():
            continue  # containers, including forwarded message/rfc822, are walked into
        ctype = part.get_content_type()
        name = _filename(part)
        disposition = part.get_content_disposition()
        if disposition is None and name is None:
            continue  # inline body text
        try:
            payload = part.get_payload(decode=True)
        except (ValueError, AssertionError):
            continue
        if not isinstance(payload, bytes) or not payload:
            continue
        if ctype in TNEF_TYPES or (name or "").lower() == "winmail.dat":
            had_tnef = True
            found.extend(_unpack_tnef(payload))
            continue
        found.append(Attachment(name, ctype, payload))
    return found, had_tnef


def _unpack_tnef(data: bytes) -> list[Attachment]:
    """Attachments inside an Outlook winmail.dat (TNEF); empty when it cannot be read."""
    try:
        tnef = TNEF(data)
    except Exception:  # noqa: BLE001 - tnefparse raises bare exceptions on junk
        return []
    out = []
    for att in tnef.attachments:
        name = att.long_filename() or att.name
        if isinstance(name, bytes):
            name = name.decode("utf-8", "replace")
        payload = att.data if isinstance(att.data, bytes) else bytes(att.data or b"")
        if payload:
            out.append(Attachment(name, "application/octet-stream", payload))
    return out


_QUOTE_HEADER = re.compile(
    r"^(On .{5,200} wrote:|-{2,}\s*Original Message\s*-{2,}|-{2,}\s*Forwarded message\s*-{2,}|"
    r"Le .{5,200} a écrit\s*:|Am .{5,200} schrieb .{1,100}:|El .{5,200} escribió:|"
    r"From: .+)$",
    re.IGNORECASE,
)
# html2text escapes a leading "--" as "\\--", hence the optional backslash.
_SIGNATURE = re.compile(r"^(\\?-- ?|Sent from my \w+.*|Get Outlook for \w+.*)$", re.IGNORECASE)


def strip_quotes_and_signature(text: str) -> str:
    """Cut quoted replies (``> ...``, "On ... wrote:") and the signature block."""
    kept: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if _QUOTE_HEADER.match(stripped) or _SIGNATURE.match(line.rstrip()):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()


def html_to_text(html: str) -> str:
    converter = html2text.HTML2Text()
    converter.ignore_links = True
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.body_width = 0
    return converter.handle(html)


def _body_text(msg: EmailMessage) -> str:
    try:
        body = msg.get_body(preferencelist=("plain", "html"))
    except (KeyError, LookupError):
        body = None
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = body.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    if body.get_content_type() == "text/html":
        content = html_to_text(content)
    return strip_quotes_and_signature(content)
