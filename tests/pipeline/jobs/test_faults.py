"""Fault tests with real processes: SIGKILLed worker, Redis restart, poison input.

Each test runs its own worker(s) on the module's private, persistent redis-server (AOF with
fsync always, like production should run it); the machine's shared Redis is never touched.
Deliveries are counted from the ``testsink`` channel's record in Redis.
"""

from __future__ import annotations

import asyncio
import time

from pipeline.jobs import JobRequest, get_job, submit
from storage.models import JobStatus
from tests.pipeline.jobs.conftest import events_for, wait_terminal
from tests.support.jobs import resume_pdf
from tests.support.processes import WorkerProcess, worker_process


def _request(name: str, variant: str) -> JobRequest:
    return JobRequest(
        channel="testsink",
        kind="generate",
        data=resume_pdf(variant),
        filename=name,
        requester_id="faults",
    )


async def _wait_parsed(job_id: object, timeout: float = 30.0) -> None:
    """Until the job is past parsing (a stage can last milliseconds: any later status counts)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = await get_job(str(job_id))
        if job is not None and job.status not in (JobStatus.QUEUED, JobStatus.PARSING):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"job {job_id} was never parsed")


async def _wait_event(client, job_id: object, event: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = events_for(client, job_id, event)
        if found:
            return found[0]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no {event} event for job {job_id}")


async def test_worker_sigkilled_mid_job_completes_after_restart_and_delivers_once(env, db, rclient):
    # "slow-" makes the test hook hold the parse stage for a few seconds.
    job = await submit(_request("slow-kill.pdf", "sigkill"))
    with worker_process(env) as one, worker_process(env) as other:
        holder = await _wait_event(rclient, job.id, "slow")
        victim, survivor = (one, other) if holder["pgid"] == one.proc.pid else (other, one)
        assert holder["pgid"] == victim.proc.pid
        # The survivor booted meanwhile: after the kill the test waits for the dead worker's
        # heartbeat to expire (2 s in tests), then the survivor takes the job over.
        victim.kill()  # SIGKILL its whole process group: no ack, no cleanup
        assert (await get_job(job.id)).status == JobStatus.PARSING
        done = await wait_terminal(job.id, timeout=60, worker=survivor)
        assert done.status == JobStatus.SUCCEEDED
        assert len(events_for(rclient, job.id, "slow")) == 2, "parsed again after the kill"
    assert len(events_for(rclient, job.id, "deliver")) == 1
    assert len(events_for(rclient, job.id, "finished")) == 1
    assert events_for(rclient, job.id, "fail") == []


async def test_redis_restart_with_20_jobs_in_flight_loses_and_duplicates_nothing(
    env, db, rclient, redis_srv
):
    jobs = [await submit(_request(f"cv-{i}.pdf", f"restart-{i}")) for i in range(20)]
    with worker_process(env, threads=4) as worker:
        await _wait_parsed(jobs[0].id, timeout=60)
        run_id = rclient.info("server")["run_id"]
        in_flight = [j for j in jobs if not (await get_job(j.id)).status.terminal]
        redis_srv.restart()  # graceful: the append-only file keeps every queued message
        assert rclient.info("server")["run_id"] != run_id
        try:
            done = [await wait_terminal(job.id, timeout=90, worker=worker) for job in jobs]
        except AssertionError as exc:
            state = {k.decode(): rclient.type(k).decode() for k in rclient.scan_iter("dramatiq:*")}
            sizes = {
                k: rclient.scard(k)
                if t == "set"
                else rclient.llen(k)
                if t == "list"
                else rclient.hlen(k)
                if t == "hash"
                else rclient.zcard(k)
                for k, t in state.items()
            }
            raise AssertionError(f"{exc}\nredis: {sizes}") from None
        output = worker.output()
    assert [j.status for j in done] == [JobStatus.SUCCEEDED] * 20, output[-3000:]
    for job in jobs:
        assert len(events_for(rclient, job.id, "deliver")) == 1, job.id
        assert len(events_for(rclient, job.id, "finished")) == 1, job.id
    assert len(in_flight) >= 15, "most jobs were queued or running when Redis went away"


async def test_poison_input_that_kills_its_worker_fails_after_the_bound(env, db, rclient):
    # "poison-" makes the test hook os._exit() the worker process at the start of parsing.
    bounded = {**env, "JOBS__MAX_ATTEMPTS": "1"}
    job = await submit(_request("poison-cv.pdf", "poison"))
    restarts = 0
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        worker = WorkerProcess(bounded).start()
        try:
            # Dramatiq's main process shuts down when a worker process dies; a supervisor
            # (docker compose restart policy) starts it again: this loop plays that part.
            while worker.wait_exit(0.2) is None:
                current = await get_job(job.id)
                if current.status.terminal and current.notified_at is not None:
                    break
            else:
                restarts += 1
                continue
            break
        finally:
            worker.stop()
    done = await get_job(job.id)
    assert done.status == JobStatus.FAILED, f"after {restarts} restarts: {done.status}"
    assert restarts == 1, "killed once per allowed attempt, then failed without running"
    assert done.error_code == "internal_error"
    assert "try" in done.error_message.lower() or "again" in done.error_message.lower()
    assert len(events_for(rclient, job.id, "fail")) == 1
    assert events_for(rclient, job.id, "deliver") == []
