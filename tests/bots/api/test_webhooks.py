"""Webhook subscriptions and signed deliveries through the real worker, to a loopback receiver.

Signatures are checked with ``standardwebhooks`` (the spec's reference library), independent of
our signing code. The worker runs with a retry schedule of 0.3 s so retries happen in-test.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import httpx
import pymupdf
import pytest
from standardwebhooks.webhooks import Webhook

from tests.bots.api.support import KEY_A, SAMPLE_PDF, Hit, wait_job
from tests.bots.api.test_requests import assert_problem


@pytest.fixture
def subscribe(client, key_a, stack) -> Iterator:
    """Register receiver paths for KEY_A; every endpoint made is deleted after the test."""
    made: list[str] = []

    def _subscribe(path: str, events: list[str] | None = None) -> dict:
        body = {"url": stack.receiver.url + path}
        if events is not None:
            body["event_types"] = events
        r = client.post("/api/v1/webhooks", headers=key_a, json=body)
        assert r.status_code == 201, r.text
        made.append(r.json()["id"])
        return r.json()

    yield _subscribe
    for endpoint_id in made:
        client.delete(f"/api/v1/webhooks/{endpoint_id}", headers=key_a)


def run_job(client, key_a, data: bytes | None = None) -> str:
    r = client.post(
        "/api/v1/analyze",
        headers=key_a,
        files={"file": ("resume.pdf", data or SAMPLE_PDF.read_bytes())},
    )
    assert r.status_code == 202, r.text
    wait_job(client, r.json()["status_url"], KEY_A)
    return r.json()["job_id"]


def hits_about(stack, path: str, job_id: str) -> list[Hit]:
    return [h for h in stack.receiver.hits_for(path) if h.json()["data"]["job_id"] == job_id]


def test_secret_is_shown_once(client, key_a, subscribe, stack):
    created = subscribe(f"/ok/{uuid.uuid4()}")
    assert created["secret"].startswith("whsec_")
    assert created["event_types"] == ["job.failed", "job.succeeded"] and created["enabled"]
    listed = client.get("/api/v1/webhooks", headers=key_a).json()
    mine = [e for e in listed if e["id"] == created["id"]]
    assert mine and "secret" not in mine[0]
    other = client.get("/api/v1/webhooks", headers={"X-API-Key": "test-key-bravo-9876543210"})
    assert created["id"] not in [e["id"] for e in other.json()]


def test_succeeded_event_is_signed_and_thin(client, key_a, subscribe, stack):
    path = f"/ok/{uuid.uuid4()}"
    endpoint = subscribe(path)
    failed_only = f"/ok/{uuid.uuid4()}"
    subscribe(failed_only, ["job.failed"])
    job_id = run_job(client, key_a)
    stack.receiver.wait_for(lambda: hits_about(stack, path, job_id))
    (hit,) = hits_about(stack, path, job_id)

    payload = Webhook(endpoint["secret"]).verify(hit.body, hit.headers)
    assert payload["type"] == "job.succeeded"
    data = payload["data"]
    assert data["status"] == "succeeded" and data["channel"] == "api" and data["kind"] == "analyze"
    assert 0 <= data["scores"]["before"] <= 100
    assert data["links"]["status"].endswith(f"/api/v1/analyze/status/{job_id}")
    assert hit.headers["webhook-id"].startswith("msg_")
    assert abs(int(hit.headers["webhook-timestamp"]) - time.time()) < 60
    # Thin: no line of the resume appears in the payload.
    with pymupdf.open(SAMPLE_PDF) as doc:
        lines = {ln.strip() for page in doc for ln in page.get_text().splitlines()}
    assert not [ln for ln in lines if len(ln) >= 6 and ln in hit.body.decode()]

    time.sleep(0.5)  # both endpoints were queued together; the failed-only one must stay silent
    assert stack.receiver.hits_for(failed_only) == []


def test_failed_event(client, key_a, subscribe, stack):
    path = f"/ok/{uuid.uuid4()}"
    endpoint = subscribe(path, ["job.failed"])
    job_id = run_job(client, key_a, data=b"%PDF-1.7\nnot really a pdf\n%%EOF\n")
    stack.receiver.wait_for(lambda: hits_about(stack, path, job_id))
    payload = Webhook(endpoint["secret"]).verify(
        hits_about(stack, path, job_id)[0].body, hits_about(stack, path, job_id)[0].headers
    )
    assert payload["type"] == "job.failed"
    assert payload["data"]["error"]["code"]
    assert "message" not in payload["data"]["error"]


def test_failing_receiver_gets_retries_until_it_recovers(client, key_a, subscribe, stack):
    path = f"/flaky/{uuid.uuid4()}"  # 500, 500, then 200
    endpoint = subscribe(path)
    job_id = run_job(client, key_a)
    stack.receiver.wait_for(lambda: len(hits_about(stack, path, job_id)) >= 3)
    hits = hits_about(stack, path, job_id)
    assert [h.status for h in hits] == [500, 500, 200]
    assert len({h.headers["webhook-id"] for h in hits}) == 1  # one event, retried
    for hit in hits:
        Webhook(endpoint["secret"]).verify(hit.body, hit.headers)

    def recorded() -> list[dict]:
        r = client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries", headers=key_a)
        return sorted(r.json(), key=lambda d: d["attempt"])

    deadline = time.monotonic() + 10
    while len(recorded()) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    attempts = recorded()
    assert [(d["attempt"], d["status_code"]) for d in attempts] == [(1, 500), (2, 500), (3, 200)]
    assert attempts[0]["next_attempt_at"] and attempts[0]["error"] == "HTTP 500"
    assert attempts[2]["delivered_at"] and attempts[2]["next_attempt_at"] is None


def test_receiver_answering_410_disables_the_endpoint(client, key_a, subscribe, stack):
    path = f"/gone/{uuid.uuid4()}"
    endpoint = subscribe(path)
    job_id = run_job(client, key_a)
    stack.receiver.wait_for(lambda: hits_about(stack, path, job_id))

    def state() -> dict:
        listed = client.get("/api/v1/webhooks", headers=key_a).json()
        return next(e for e in listed if e["id"] == endpoint["id"])

    deadline = time.monotonic() + 10
    while state()["enabled"] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert state()["enabled"] is False
    time.sleep(1.0)  # longer than the retry schedule: no second attempt
    assert len(hits_about(stack, path, job_id)) == 1
    (attempt,) = client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries", headers=key_a).json()
    assert attempt["status_code"] == 410 and attempt["next_attempt_at"] is None


def test_redirects_are_not_followed(client, key_a, subscribe, stack):
    path = f"/redirect/{uuid.uuid4()}"
    subscribe(path)
    job_id = run_job(client, key_a)
    stack.receiver.wait_for(lambda: len(hits_about(stack, path, job_id)) >= 2)
    assert stack.receiver.hits_for("/ok" + path.removeprefix("/redirect")) == []


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://localhost:{port}/hook", "loopback"),
        ("http://127.0.0.1:{port}/hook", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::ffff:10.0.0.1]/hook", "IPv4-mapped"),
    ],
)
def test_guard_refuses_internal_urls(guarded, stack, url, reason):
    port = stack.receiver.url.rsplit(":", 1)[1]
    with httpx.Client(base_url=guarded.url) as c:
        r = c.post(
            "/api/v1/webhooks", headers={"X-API-Key": KEY_A}, json={"url": url.format(port=port)}
        )
    body = assert_problem(r, 422, "webhook_url_refused")
    assert reason in body["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {"url": "ftp://example.com/x"},
        {"url": "not a url"},
        {"url": "https://example.com/h", "event_types": ["job.exploded"]},
        {"url": "https://example.com/h", "event_types": []},
    ],
    ids=["ftp", "garbage", "unknown-event", "no-events"],
)
def test_invalid_subscription_is_422(client, key_a, body):
    assert_problem(client.post("/api/v1/webhooks", headers=key_a, json=body), 422)


def test_deleting_an_unknown_endpoint_is_404(client, key_a):
    assert_problem(client.delete(f"/api/v1/webhooks/{uuid.uuid4()}", headers=key_a), 404)
