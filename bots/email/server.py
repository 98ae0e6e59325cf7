"""The inbound SMTP server (aiosmtpd): accept mail for our inboxes, turn it into a job.

SMTP answers, as Mailman's LMTP runner does: 550 at RCPT for addresses that are not ours;
552 past the advertised SIZE; 550 5.7.1 for unauthenticated mail when required; 451 when the
job cannot be stored (database or Redis down) so the sending server retries; 250 only after the
job is durably stored. Automated mail (auto-replies, bounces, lists) is accepted and ignored.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import ssl
import traceback
from typing import Any

import redis.asyncio as aioredis
import sentry_sdk
from aiosmtpd.smtp import SMTP, Envelope, Session

from bots.email.loops import authenticated, auto_reason
from bots.email.mime import inbound, parse_bytes
from bots.email.notices import Notice, send_notice
from config.settings import EmailSettings, Settings, get_settings
from pipeline.jobs import JobRequest, JobsUnavailable, submit

log = logging.getLogger(__name__)

OK_IGNORED = "250 2.0.0 OK"
TRY_LATER = "451 4.3.0 Temporary failure storing your message, please retry later"
NOT_AUTHENTICATED = "550 5.7.1 Message failed DKIM/SPF authentication"
NO_SUCH_USER = "550 5.1.1 No such mailbox here"


class InboxHandler:
    """aiosmtpd handler: the hooks aiosmtpd calls for RCPT and DATA."""

    def __init__(self, settings: Settings, redis_client: aioredis.Redis | None = None) -> None:
        self.settings = settings
        self.email: EmailSettings = settings.email
        self.inboxes = {a.lower() for a in self.email.inbox_addresses}
        self.own = self.inboxes | {self.email.from_address.lower()}
        self.redis = redis_client or aioredis.from_url(settings.redis_url)
        self._tasks: set[asyncio.Task[None]] = set()

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self,
        _server: SMTP,
        _session: Session,
        envelope: Envelope,
        address: str,
        _rcpt_options: list[str],
    ) -> str:
        if address.lower() not in self.inboxes:
            return NO_SUCH_USER
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self,
        _server: SMTP,
        _session: Session,
        envelope: Envelope,
    ) -> str:
        try:
            return await self._accept(envelope)
        except Exception as exc:  # noqa: BLE001 - a bug must not bounce the mail: let it retry
            # The traceback's message may quote the mail, so only the type and place are logged;
            # Sentry (scrubbed) gets the rest.
            where = traceback.extract_tb(exc.__traceback__)[-1]
            log.error(
                "email: unexpected %s at %s:%s, answering 451",
                type(exc).__name__,
                where.filename.rsplit("/", 1)[-1],
                where.lineno,
            )
            sentry_sdk.capture_exception(exc)
            return TRY_LATER

    async def _accept(self, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        msg = parse_bytes(raw or b"")
        mail = inbound(msg)
        mail_from = envelope.mail_from or ""
        reason = auto_reason(msg, mail_from, mail.reply_address, self.own)
        if reason is not None:
            log.info("email: ignoring automated mail (%s)", reason)
            return OK_IGNORED
        assert mail.reply_address is not None  # auto_reason refuses mail without one
        if self.email.require_authentication_results and not authenticated(
            mail.authentication_results
        ):
            return NOT_AUTHENTICATED
        external_id = mail.message_id or "sha256:" + hashlib.sha256(raw or b"").hexdigest()
        notice_base: dict[str, Any] = {
            "to": mail.reply_address,
            "subject": mail.subject,
            "message_id": mail.message_id,
            "references": mail.references,
        }
        try:
            allowed, first_refusal = await self._rate_check(mail.reply_address)
        except (aioredis.RedisError, OSError):
            log.warning("email: Redis unavailable for the rate limit; answering 451")
            return TRY_LATER
        if not allowed:
            if first_refusal:
                self._notify(Notice(kind="rate_limited", **notice_base))
            return OK_IGNORED

        attachment = mail.resume
        if attachment is None:
            # A document of another type still goes to the parser, which refuses it with a
            # clear message (unsupported_type); only images and nothing at all are answered here.
            others = [a for a in mail.attachments if not a.content_type.startswith("image/")]
            attachment = others[0] if others else None
        if attachment is None:
            kind = (
                "tnef" if mail.had_tnef else "image_only" if mail.attachments else "no_attachment"
            )
            self._notify(Notice(kind=kind, **notice_base))
            return OK_IGNORED

        request = JobRequest(
            channel="email",
            kind="generate",
            data=attachment.data,
            filename=attachment.filename,
            content_type=attachment.content_type,
            external_id=external_id[:255],
            requester_id=mail.reply_address.lower(),
            reply_to={
                "to": mail.reply_address,
                "message_id": mail.message_id,
                "references": mail.references,
                "subject": mail.subject,
                "file_name": attachment.filename,
            },
            job_description=mail.job_description,
        )
        try:
            job = await submit(request)
        except JobsUnavailable:
            return TRY_LATER
        log.info("email: accepted", extra={"job_id": str(job.id)})
        return f"250 2.0.0 OK queued as {job.id}"

    async def _rate_check(self, sender: str) -> tuple[bool, bool]:
        """(allowed, first refusal this hour); counts per sender hash (no address in Redis)."""
        limit = self.email.rate_limit_per_hour
        if limit <= 0:
            return True, False
        key = "email:rate:" + hashlib.sha256(sender.lower().encode()).hexdigest()
        async with self.redis.pipeline(transaction=True) as pipe:
            count, _ = await pipe.incr(key).expire(key, 3600, nx=True).execute()
        return count <= limit, count == limit + 1

    def _notify(self, notice: Notice) -> None:
        task = asyncio.create_task(send_notice(self.email, notice))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def tls_context(email: EmailSettings) -> ssl.SSLContext | None:
    """A server TLS context for STARTTLS when a certificate and key are configured."""
    if not (email.tls_cert_file and email.tls_key_file):
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(email.tls_cert_file, email.tls_key_file)
    return context


def smtp_factory(handler: InboxHandler, email: EmailSettings) -> SMTP:
    """One SMTP protocol instance per connection, with our limits and extensions."""
    return SMTP(
        handler,
        data_size_limit=email.max_message_bytes,  # advertised as SIZE; 552 beyond it
        enable_SMTPUTF8=True,  # 8BITMIME is always advertised by aiosmtpd
        decode_data=False,
        tls_context=tls_context(email),
        hostname=None,
        ident="Resume Engine ESMTP",
    )


async def serve(settings: Settings | None = None, ready: asyncio.Event | None = None) -> None:
    """Run the inbox until cancelled: Tortoise up, then listen on EMAIL__LISTEN_HOST/PORT."""
    from storage.db import close_db, init_db

    settings = settings or get_settings()
    email = settings.email
    if not email.inbox_addresses:
        raise SystemExit("EMAIL__INBOX_ADDRESSES is empty: set the addresses this inbox accepts.")
    await init_db()
    handler = InboxHandler(settings)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: smtp_factory(handler, email), host=email.listen_host, port=email.listen_port
    )
    log.info("email: listening", extra={"host": email.listen_host, "port": email.listen_port})
    if ready is not None:
        ready.set()
    try:
        async with server:
            await server.serve_forever()
    finally:
        await handler.redis.aclose()
        await close_db()
