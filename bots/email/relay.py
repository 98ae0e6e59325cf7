"""Sending through the outbound SMTP relay (aiosmtplib), with errors sorted for the actor:
a 5xx refusal of the recipient ends delivery, anything else is retried.

A relay that cannot be reached or that refuses the message is logged here, one warning line
per attempt naming the relay's host:port and the error class (no addresses, no content), so an
operator sees why replies do not arrive (a worker left on EMAIL__RELAY_PORT=25, say).
"""

from __future__ import annotations

import logging
from email.message import EmailMessage

import aiosmtplib

from config.settings import EmailSettings
from pipeline.delivery import DeliveryGone, DeliveryRetry

log = logging.getLogger(__name__)
RELAY_TIMEOUT_SECONDS = 30


async def relay_send(email: EmailSettings, message: EmailMessage) -> None:
    """Send ``message`` through EMAIL__RELAY_*.

    Raises:
        DeliveryGone: the relay permanently refused the recipient (5xx).
        DeliveryRetry: the relay is unreachable or answered 4xx.
    """
    password = email.relay_password.get_secret_value() if email.relay_password else None
    relay = f"{email.relay_host}:{email.relay_port}"
    try:
        await aiosmtplib.send(
            message,
            hostname=email.relay_host,
            port=email.relay_port,
            start_tls=email.relay_starttls,
            username=email.relay_user,
            password=password,
            timeout=RELAY_TIMEOUT_SECONDS,
        )
    except aiosmtplib.SMTPRecipientsRefused as exc:
        codes = [r.code for r in exc.recipients]
        if codes and all(500 <= c < 600 for c in codes):
            raise DeliveryGone("the relay refused the recipient") from exc
        raise DeliveryRetry("the relay deferred the recipient") from exc
    except aiosmtplib.SMTPResponseException as exc:
        # The relay's reply text may quote addresses: only its code is logged.
        log.warning("email: relay %s answered %s (%s)", relay, exc.code, type(exc).__name__)
        if 500 <= exc.code < 600 and exc.code not in (552,):
            raise DeliveryGone(f"the relay refused the message ({exc.code})") from exc
        raise DeliveryRetry(f"the relay answered {exc.code}") from exc
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        cause = f": {type(exc.__cause__).__name__}" if exc.__cause__ is not None else ""
        log.warning("email: relay %s unreachable (%s%s)", relay, type(exc).__name__, cause)
        raise DeliveryRetry(f"the relay is unreachable ({type(exc).__name__})") from exc
