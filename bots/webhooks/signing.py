"""Standard Webhooks signatures (https://www.standardwebhooks.com, spec section "Signature").

The signed content is ``{webhook-id}.{webhook-timestamp}.{body}``; the signature is
``v1,<base64 HMAC-SHA256>`` keyed by the base64-decoded part of the ``whsec_`` secret. Receivers
verify with any Standard Webhooks library (our tests use the reference ``standardwebhooks``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
SECRET_BYTES = 32  # the spec asks for 24..64 random bytes


def new_secret() -> str:
    """A fresh ``whsec_<base64 of 32 random bytes>`` secret."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value for one message.

    Args:
        secret: ``whsec_<base64>``.
        msg_id: the ``webhook-id`` (stable across retries of one event, for deduplication).
        timestamp: the ``webhook-timestamp``, integer seconds since the epoch.
        body: the exact bytes sent.
    Raises:
        ValueError: the secret is not ``whsec_`` + base64.
    """
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError("webhook secrets start with whsec_")
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    content = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers plus the JSON content type."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, msg_id, timestamp, body),
        "content-type": "application/json",
    }
