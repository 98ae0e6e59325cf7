"""Our Standard Webhooks signatures verify with the reference library (`standardwebhooks`)."""

from __future__ import annotations

import base64
import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from bots.webhooks import signing


def test_new_secret_shape():
    secret = signing.new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert signing.new_secret() != secret


def test_signature_verifies_with_the_reference_library():
    secret = signing.new_secret()
    body = b'{"type":"job.succeeded","data":{"job_id":"x"}}'
    headers = signing.headers(secret, "msg_1", int(time.time()), body)
    assert headers["webhook-signature"].startswith("v1,")
    assert Webhook(secret).verify(body, headers) == {
        "type": "job.succeeded",
        "data": {"job_id": "x"},
    }


@pytest.mark.parametrize("tamper", ["body", "id", "timestamp", "secret"])
def test_tampering_breaks_the_signature(tamper):
    secret = signing.new_secret()
    body = b'{"a":1}'
    now = int(time.time())
    headers = signing.headers(secret, "msg_1", now, body)
    if tamper == "body":
        body = b'{"a":2}'
    elif tamper == "id":
        headers["webhook-id"] = "msg_2"
    elif tamper == "timestamp":
        headers["webhook-timestamp"] = str(now - 1)
    else:
        secret = signing.new_secret()
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body, headers)


def test_known_vector_from_the_spec_libraries():
    """The example in the Standard Webhooks repository's test suites."""
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert signing.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body) == expected


def test_a_secret_without_prefix_is_refused():
    with pytest.raises(ValueError, match="whsec_"):
        signing.sign("abc", "m", 1, b"")
