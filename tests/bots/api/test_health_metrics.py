"""Probes and Prometheus metrics over real HTTP."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.bots.api.support import SAMPLE_PDF, api_server, wait_job
from tests.bots.api.test_requests import assert_problem
from tests.support.processes import free_port


def test_healthz_and_readyz(client):
    assert client.get("/healthz").json() == {"status": "ok", "checks": {}}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"redis": "ok", "database": "ok"}


def test_readyz_is_503_when_redis_is_down(stack):
    env = {**stack.env, "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}  # nothing there
    with api_server(env) as api:
        r = httpx.get(api.url + "/readyz", timeout=10)
    body = assert_problem(r, 503, "not_ready")
    assert "redis" in body["detail"] and "database" not in body["detail"]


def test_metrics(client, key_a):
    r = client.post(
        "/api/v1/analyze", headers=key_a, files={"file": ("resume.pdf", SAMPLE_PDF.read_bytes())}
    )
    wait_job(client, r.json()["status_url"], key_a["X-API-Key"])
    text = client.get("/metrics").text
    families = {f.name: f for f in text_string_to_metric_families(text)}

    jobs = {
        (s.labels["channel"], s.labels["status"]): s.value
        for s in families["resume_engine_jobs"].samples
    }
    assert jobs[("api", "succeeded")] >= 1

    stages = families["resume_engine_stage_duration_seconds"].samples
    counts = {s.labels["stage"]: s.value for s in stages if s.name.endswith("_count")}
    assert counts and all(v >= 1 for v in counts.values())

    queues = {s.labels["queue"]: s.value for s in families["resume_engine_queue_depth"].samples}
    assert {"parse", "webhooks"} <= set(queues) and all(v >= 0 for v in queues.values())

    outcomes = {s.labels["outcome"] for s in families["resume_engine_webhook_attempts"].samples}
    assert outcomes == {"delivered", "gone", "refused", "failed"}
