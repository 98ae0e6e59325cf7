"""The same job flow on PostgreSQL (asyncpg) through the same DATABASE_URL setting.

Skipped, with the reason, when PostgreSQL is unreachable (see tests.support.jobs).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pipeline.jobs import JobRequest, output_document, submit
from storage.models import Job, JobStatus
from tests.pipeline.jobs.conftest import events_for, wait_terminal
from tests.support.jobs import job_env, postgres_database, resume_pdf
from tests.support.processes import RedisServer

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, redis_srv: RedisServer) -> Iterator[dict]:
    """Overrides the SQLite env of conftest: a fresh, migrated PostgreSQL database."""
    with postgres_database() as url:
        yield job_env(tmp_path_factory.mktemp("pg"), redis_srv.url, database_url=url)


async def test_jobs_run_and_dedupe_on_postgres(worker, db, rclient):
    request = JobRequest(
        channel="testsink",
        kind="generate",
        data=resume_pdf("postgres"),
        filename="pg.pdf",
        external_id="pg-1",
        requester_id="pg-user",
    )
    job = await submit(request)
    assert (await submit(request)).id == job.id

    done = await wait_terminal(job.id, worker=worker)
    assert done.status == JobStatus.SUCCEEDED
    assert (await output_document(done)).content_type == "application/pdf"
    assert await Job.filter(external_id="pg-1").count() == 1
    assert len(events_for(rclient, job.id, "deliver")) == 1
