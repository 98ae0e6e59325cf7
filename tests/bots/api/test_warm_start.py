"""API start-up warm-up (bots.api.app lifespan -> pipeline.jobs.warm_up), on a fresh Redis and a
fresh database each, against a real ``resume-engine serve`` process and a real worker."""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import redis

from bots.api.app import WARM_CONNECTIONS
from pipeline.broker import broker as sync_broker
from tests.bots.api.support import KEY_A, SAMPLE_PDF, api_server
from tests.support.jobs import job_env
from tests.support.processes import free_port, redis_server, worker_process

WAVE = 10


def _env(tmp: Path, redis_url: str) -> dict[str, str]:
    return {
        **job_env(tmp, redis_url),
        "API_KEYS": KEY_A,
        "API__RATE_LIMIT_PER_MINUTE": "100000",
        "GEMINI__API_KEY": "",
    }


def _jobs(env: dict[str, str]) -> int:
    path = env["DATABASE_URL"].removeprefix("sqlite://")
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM job").fetchone()[0]


def _post(url: str) -> httpx.Response:
    return httpx.post(
        url + "/api/v1/analyze",
        headers={"X-API-Key": KEY_A},
        files={"file": ("cv.pdf", SAMPLE_PDF.read_bytes(), "application/pdf")},
        timeout=30,
    )


def test_a_started_api_has_warmed_up_and_a_first_wave_of_posts_all_complete(
    tmp_path: Path,
) -> None:
    with redis_server() as srv:
        env = _env(tmp_path, srv.url)
        rclient = redis.Redis.from_url(srv.url)
        sha = sync_broker.scripts["dispatch"].sha
        assert rclient.script_exists(sha) == [False]  # a fresh server
        with api_server(env) as api:
            # Before any request: the enqueue script is cached on the server, the Redis
            # connections are open, and the warm-up transaction left no job behind.
            assert rclient.script_exists(sha) == [True]
            assert len(rclient.client_list()) > WARM_CONNECTIONS
            assert _jobs(env) == 0

            with ThreadPoolExecutor(WAVE) as pool:
                answers = list(pool.map(lambda _: _post(api.url), range(WAVE)))
            assert [a.status_code for a in answers] == [202] * WAVE
            assert _jobs(env) == WAVE

            # The messages the warm API sent are real: a worker runs every job.
            with worker_process(env, processes=1, threads=4):
                deadline = time.monotonic() + 120
                pending = {a.json()["status_url"] for a in answers}
                while pending and time.monotonic() < deadline:
                    for url in list(pending):
                        body = httpx.get(url, headers={"X-API-Key": KEY_A}, timeout=10).json()
                        if body["status"] in ("succeeded", "failed"):
                            assert body["status"] == "succeeded", body
                            pending.discard(url)
                    time.sleep(0.2)
                assert not pending, f"{len(pending)} jobs not finished"
        rclient.close()


def test_the_api_starts_without_redis_and_answers_503(tmp_path: Path) -> None:
    # The warm-up is best effort: a Redis that is down must not keep the API from starting.
    env = _env(tmp_path, f"redis://127.0.0.1:{free_port()}/0")
    with api_server(env) as api:
        assert httpx.get(api.url + "/healthz", timeout=5).status_code == 200
        answer = _post(api.url)
        assert answer.status_code == 503, answer.text
        assert _jobs(env) == 0
