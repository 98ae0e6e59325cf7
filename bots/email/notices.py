"""Short replies that need no job: no attachment, a photo, an unreadable winmail.dat, too many
messages this hour. Sent from the SMTP process right after it answered 250."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from bots.email.compose import build_reply
from bots.email.relay import relay_send
from config.settings import EmailSettings
from pipeline.delivery import DeliveryGone, DeliveryRetry

log = logging.getLogger(__name__)

TEXTS = {
    "no_attachment": (
        "We did not find a resume in your message. Please reply with your resume attached as "
        "a PDF or Word (.docx) file. You can paste a job description in the message body to "
        "tailor the result."
    ),
    "image_only": (
        "Your message has a picture but no document. Please send your resume as a PDF or "
        "Word (.docx) file exported from your editor, not a photo or screenshot."
    ),
    "tnef": (
        "Your mail program sent the attachment as 'winmail.dat', which we could not open. "
        "Please resend your resume as a PDF: in Outlook, choose HTML or plain-text format for "
        "this message, or attach the PDF again."
    ),
    "rate_limited": (
        "You have sent us many messages in the last hour, so we have paused replies for a "
        "while. Please try again in an hour."
    ),
}
RETRY_DELAYS_SECONDS = (2.0, 10.0, 60.0)


@dataclass(slots=True)
class Notice:
    kind: str
    to: str
    subject: str
    message_id: str | None
    references: list[str] = field(default_factory=list)


async def send_notice(email: EmailSettings, notice: Notice) -> None:
    """Send one notice, retrying a few times when the relay is unavailable."""
    message = build_reply(
        from_address=email.from_address,
        to=notice.to,
        subject=notice.subject,
        in_reply_to=notice.message_id,
        references=notice.references,
        paragraphs=[TEXTS[notice.kind]],
    )
    for delay in (*RETRY_DELAYS_SECONDS, None):
        try:
            await relay_send(email, message)
            log.info("email: notice sent", extra={"code": notice.kind})
            return
        except DeliveryGone:
            log.info("email: notice refused by the relay", extra={"code": notice.kind})
            return
        except DeliveryRetry:
            if delay is None:
                log.warning(
                    "email: notice not sent, relay unavailable", extra={"code": notice.kind}
                )
                return
            await asyncio.sleep(delay)
