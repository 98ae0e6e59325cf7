"""Jobs through the real worker (and the API) with GEMINI__BASE_URL on the fake Gemini server:
tokens, cost and the engine version land on the job, the API result and /metrics."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from pipeline.improve.gemini import OFFLINE, cost_usd, engine_version
from pipeline.jobs import JobRequest, get_job, submit
from storage.db import close_db, init_db
from storage.models import Job, JobStatus
from tests.bots.api.support import KEY_A, ApiServer, api_server, wait_job
from tests.pipeline.improve.fake_gemini import FakeGemini, Reply, mapping_rewriter
from tests.support.jobs import job_env, resume_pdf, use_env
from tests.support.processes import WorkerProcess, redis_server, worker_process

MODEL = "gemini-2.5-flash"
REWRITES = {
    "Responsible for the billing service": "Ran the billing service used by 40 teams",
    "Helped with on-call": "Handled on-call and incident reviews",
}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeGemini]:
    with FakeGemini().running() as server:
        yield server


@pytest.fixture(scope="module")
def stack(
    tmp_path_factory: pytest.TempPathFactory, fake: FakeGemini
) -> Iterator[tuple[dict[str, str], WorkerProcess]]:
    with redis_server() as redis:
        env = job_env(tmp_path_factory.mktemp("gemini-jobs"), redis.url)
        env.update(
            {
                "GEMINI__API_KEY": "test-key",
                "GEMINI__BASE_URL": fake.base_url,
                "GEMINI__MODEL": MODEL,
                "GEMINI__TIMEOUT_SECONDS": "5",
                "GEMINI__MAX_RETRIES": "1",
                "GEMINI__RETRY_INITIAL_DELAY_SECONDS": "0.05",
                "GEMINI__RETRY_MAX_DELAY_SECONDS": "0.1",
                "API_KEYS": KEY_A,
            }
        )
        with worker_process(env) as worker:
            yield env, worker


@pytest.fixture(scope="module")
def api(stack: tuple[dict[str, str], WorkerProcess]) -> Iterator[ApiServer]:
    with api_server(stack[0]) as server:
        yield server


@pytest.fixture
async def db(stack: tuple[dict[str, str], WorkerProcess]) -> AsyncIterator[WorkerProcess]:
    env, worker = stack
    with use_env(env):
        await init_db()
        try:
            yield worker
        finally:
            await close_db()


def _request(data: bytes) -> JobRequest:
    return JobRequest(
        channel="testsink",
        kind="generate",
        data=data,
        filename="alex.pdf",
        content_type="application/pdf",
        requester_id="u1",
        reply_to={},
    )


async def _finished(job_id: object, worker: WorkerProcess, timeout: float = 60.0) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = await get_job(str(job_id))
        if job is not None and job.status.terminal:
            return job
        await asyncio.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish:\n{worker.output()[-3000:]}")


async def test_a_gemini_job_records_tokens_cost_and_version_and_is_not_paid_twice(
    db: WorkerProcess, fake: FakeGemini
) -> None:
    fake.reset(mapping_rewriter(REWRITES))
    data = resume_pdf("gemini-worker")

    job = await _finished((await submit(_request(data))).id, db)

    assert job.status == JobStatus.SUCCEEDED, (job.error_code, db.output()[-2000:])
    assert len(fake.requests) == 1
    sent = fake.usages[0]
    assert job.tokens == sent["promptTokenCount"] + sent["candidatesTokenCount"] > 0
    from config.settings import get_settings

    expected = cost_usd(
        get_settings().gemini, sent["promptTokenCount"], sent["candidatesTokenCount"]
    )
    assert job.cost_usd == pytest.approx(expected) and job.cost_usd > 0
    assert job.improver_name == "gemini" and job.improver_version == engine_version(MODEL)
    assert job.changes is not None and job.changes["improver"] == "gemini"
    after = [c["after"] for c in job.changes["changes"]]
    assert "Ran the billing service used by 40 teams" in after

    # The same input again: reused, Gemini not called (and not paid) a second time.
    again = await _finished((await submit(_request(data))).id, db)
    assert again.status == JobStatus.SUCCEEDED and again.reused_from == job.id
    assert len(fake.requests) == 1 and again.cost_usd == 0.0


async def test_gemini_down_completes_with_the_rules_and_says_so(
    db: WorkerProcess, fake: FakeGemini
) -> None:
    fake.reset(lambda _req: Reply(status=503))

    job = await _finished((await submit(_request(resume_pdf("gemini-down")))).id, db)

    assert job.status == JobStatus.SUCCEEDED, (job.error_code, db.output()[-2000:])
    assert len(fake.requests) == 2, "the first call and GEMINI__MAX_RETRIES=1 retry"
    assert job.improver_name == "rules", "an offline result is not stored as Gemini's"
    assert job.changes is not None and OFFLINE in job.changes["notes"]
    assert job.changes["changes"], "the rule engine still improved it"
    assert job.tokens == 0 and job.cost_usd == 0.0


def test_the_api_result_and_metrics_show_the_cost(
    api: ApiServer, fake: FakeGemini, db: WorkerProcess
) -> None:
    fake.reset(mapping_rewriter(REWRITES))
    key = {"X-API-Key": KEY_A}
    with httpx.Client(base_url=api.url, timeout=30) as client:
        r = client.post(
            "/api/v1/generate",
            headers=key,
            files={"file": ("alex.pdf", resume_pdf("gemini-api"), "application/pdf")},
        )
        assert r.status_code == 202, r.text
        accepted = r.json()
        status = wait_job(client, accepted["status_url"], KEY_A)
        assert status["status"] == "succeeded", (status, db.output()[-2000:])
        result = client.get(accepted["result_url"], headers=key).json()
        metrics = client.get("/metrics").text

    sent = fake.usages[0]
    usage = result["usage"]
    assert usage["improver"] == "gemini" and usage["improver_version"] == engine_version(MODEL)
    assert usage["tokens"] == sent["promptTokenCount"] + sent["candidatesTokenCount"]
    assert usage["cost_usd"] > 0
    assert result["changes"]["improver"] == "gemini"
    lines = {
        line.split(" ")[0]: float(line.split(" ")[1])
        for line in metrics.splitlines()
        if line.startswith("resume_engine_llm_")
    }
    # At least this job's spend (the other tests' gemini job is in the same database).
    assert lines['resume_engine_llm_cost_usd_total{improver="gemini"}'] >= usage["cost_usd"]
    assert lines['resume_engine_llm_tokens_total{improver="gemini"}'] >= usage["tokens"]
