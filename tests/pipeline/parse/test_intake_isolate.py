"""The killable child process: hard timeouts, crashes, errors crossing the boundary, and use from
threads, asyncio and a real Dramatiq worker on a real Redis."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import threading
import time
from pathlib import Path

import dramatiq
import pytest
import redis
from dramatiq.brokers.redis import RedisBroker

from config.settings import LimitSettings
from pipeline.errors import Corrupt, Encrypted, ParseTimeout
from pipeline.parse import parse_document
from pipeline.parse.isolate import IsolatedError, IsolatedPool, run_isolated
from tests.pipeline.parse.test_intake_open_pdf import make_pdf
from tests.support.processes import redis_server

# --- functions run in the child (module level, so the child can import them by name) --------


def _hang(pid_file: str, seconds: float) -> None:
    """A parse stuck in C code: no Python timeout inside the child would end it."""
    Path(pid_file).write_text(str(os.getpid()))
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGALRM})
    time.sleep(seconds)


def _segfault() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def _stopped_from_outside() -> None:
    os.kill(os.getpid(), signal.SIGTERM)  # e.g. systemd stopping the whole process group


def _leaky_bug() -> None:
    raise ValueError("Jane Roe, 12 Private Street")  # an exception message quoting resume text


def _refuse() -> None:
    raise Encrypted("custom message")


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def resume_pdf() -> bytes:
    return make_pdf()


@pytest.fixture(scope="module")
def pool() -> IsolatedPool:
    pool = IsolatedPool(max_idle=2)
    yield pool
    pool.close()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_hang_is_killed_at_the_deadline(pool: IsolatedPool, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    # Warm a worker so that importing this module in the child is not part of the deadline.
    assert pool.run(_pid_after, 0.0, timeout=120) > 0
    with pytest.raises(ParseTimeout) as err:
        pool.run(_hang, str(pid_file), 120.0, timeout=1.0)
    assert "took too long" in err.value.message
    assert _gone(int(pid_file.read_text()))
    assert pool.run(os.getpid, timeout=10) != int(pid_file.read_text())  # a fresh worker


def test_parse_document_uses_the_limit_timeout() -> None:
    data = resume_pdf()
    with pytest.raises(ParseTimeout):
        parse_document(data, limits=LimitSettings(parse_timeout_seconds=0.0001))
    assert parse_document(data).contact.email == "jane.roe@example.org"


def test_crashed_child_is_corrupt_and_the_pool_recovers(pool: IsolatedPool) -> None:
    with pytest.raises(Corrupt) as err:
        pool.run(_segfault, timeout=10)
    assert "crashed" in err.value.message
    assert pool.run(os.getpid, timeout=10) > 0


def test_child_stopped_from_outside_is_not_blamed_on_the_input(pool: IsolatedPool) -> None:
    with pytest.raises(IsolatedError) as err:
        pool.run(_stopped_from_outside, timeout=10)
    assert "exit code -15" in str(err.value)


def test_unexpected_error_names_the_bug_but_not_the_text(pool: IsolatedPool) -> None:
    with pytest.raises(IsolatedError) as err:
        pool.run(_leaky_bug, timeout=10)
    assert "ValueError" in str(err.value)
    assert "_leaky_bug" in str(err.value)
    assert "Jane" not in str(err.value)


def test_refusal_crosses_the_boundary_with_code_and_message(pool: IsolatedPool) -> None:
    with pytest.raises(Encrypted) as err:
        pool.run(_refuse, timeout=10)
    assert (err.value.code, err.value.message) == ("encrypted", "custom message")


def test_workers_are_reused_and_parallel_across_threads(pool: IsolatedPool) -> None:
    first = pool.run(os.getpid, timeout=10)
    assert pool.run(os.getpid, timeout=10) == first  # warm worker reused
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(pool.run(_pid_after, 0.5, timeout=10)))
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 3  # three calls at once ran in three workers
    assert pool.idle_count <= pool.max_idle


async def test_from_asyncio() -> None:
    data = resume_pdf()
    direct = parse_document(data)  # blocking call inside a coroutine also works
    both = await asyncio.gather(
        asyncio.to_thread(parse_document, data), asyncio.to_thread(parse_document, data)
    )
    assert [r.contact.email for r in (direct, *both)] == ["jane.roe@example.org"] * 3


# --- a real Dramatiq worker thread on a real Redis ------------------------------------------


def _actor_parse(redis_url: str, path: str, timeout: float) -> None:
    """Actor body: parse a file in a worker thread and report the outcome through Redis."""
    client = redis.Redis.from_url(redis_url)
    try:
        resume = parse_document(
            Path(path).read_bytes(), limits=LimitSettings(parse_timeout_seconds=timeout)
        )
        outcome = {"email": resume.contact.email, "thread": threading.current_thread().name}
    except ParseTimeout as err:
        outcome = {"code": err.code}
    client.rpush("intake-results", json.dumps(outcome))


def test_from_a_dramatiq_worker_thread(tmp_path: Path) -> None:
    pdf = tmp_path / "cv.pdf"
    pdf.write_bytes(resume_pdf())
    with redis_server() as server:
        broker = RedisBroker(url=server.url)
        actor = dramatiq.actor(
            _actor_parse, broker=broker, actor_name="intake_isolate_probe", max_retries=0
        )
        worker = dramatiq.Worker(broker, worker_threads=2, worker_timeout=100)
        worker.start()
        try:
            actor.send(server.url, str(pdf), 20.0)
            actor.send(server.url, str(pdf), 0.0001)
            client = redis.Redis.from_url(server.url)
            outcomes = []
            for _ in range(2):
                item = client.blpop(["intake-results"], timeout=60)
                assert item is not None, "the actor did not report within 60 s"
                outcomes.append(json.loads(item[1]))
        finally:
            worker.stop()
            broker.close()
    assert {"code": "parse_timeout"} in outcomes
    ok = [o for o in outcomes if "email" in o]
    assert ok and ok[0]["email"] == "jane.roe@example.org"
    assert ok[0]["thread"] != "MainThread"


def test_default_pool_is_shared() -> None:
    assert run_isolated(os.getpid, timeout=10) == run_isolated(os.getpid, timeout=10)
