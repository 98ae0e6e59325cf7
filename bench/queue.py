"""Queue benchmark: jobs through Redis + real Dramatiq workers versus the same steps in-process.

All on loopback: a private redis-server on a free port, a fresh migrated SQLite file (or
``--database-url``), ``resume-engine worker`` subprocess(es). Deliveries are counted by the
test-only ``testsink`` channel (tests/support/sink.py), which records every deliverer call.

1. ``in-process``: the actors' steps called directly (parse_document, analyze, improve,
   analyze, render_pdf, render_report) on the same resume, ``--sequential`` times: the peer.
2. ``queue, one at a time``: ``--sequential`` jobs submitted one after the other, each waited
   for; submit-to-done median/p95 and the overhead against the peer (median difference and
   ratio). Target: overhead < 20 ms median per job.
3. ``burst N``: N submissions at once (asyncio.gather), N in ``--bursts`` (default 100; the
   issue's 1,000-job check is ``--bursts 100,1000``, about 2.5 minutes on a busy 2-core box):
   all accepted, 0 lost (not finished within the bound), 0 duplicated (more than one delivery);
   submit-to-done median/p95, jobs/s overall and per worker process.

Every job is a distinct resume (unique bytes), so reuse never short-cuts the pipeline.
Run: ``.venv/bin/python bench/queue.py [--bursts 100,1000] [--processes 1] [--threads 4]
[--postgres]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, Python puts bench/ first on sys.path, where sibling benchmarks would shadow
# standard modules (email.py, queue.py!): import from the project root instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

import redis  # noqa: E402

from tests.support import sink  # noqa: E402
from tests.support.jobs import job_env, postgres_database, resume_pdf, use_env  # noqa: E402
from tests.support.processes import redis_server, worker_process  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def in_process(data: bytes) -> float:
    """Seconds for the steps the actors run, called directly (the peer)."""
    from config.settings import get_settings
    from pipeline.analyze import analyze
    from pipeline.improve import get_improver
    from pipeline.parse import parse_document
    from pipeline.render import render_pdf, render_report

    settings = get_settings()
    start = time.perf_counter()
    resume = parse_document(data, "bench.pdf", limits=settings.limits)
    before = analyze(resume, None)
    improvement = get_improver(settings).improve(resume, None)
    after = analyze(improvement.resume, None)
    render_pdf(improvement.resume)
    render_report(before, after, improvement.changes, resume.contact.name)
    return time.perf_counter() - start


async def run_jobs(datas: list[bytes], tag: str, timeout: float) -> dict:
    """Submit every input at once; wait until all finish or ``timeout``; collect figures."""
    from pipeline.jobs import JobRequest, submit
    from storage.models import Job, JobStatus

    t0 = time.perf_counter()

    async def one(i: int, data: bytes) -> str:
        job = await submit(
            JobRequest(
                channel="testsink",
                kind="generate",
                data=data,
                filename=f"{tag}-{i}.pdf",
                external_id=f"{tag}-{i}",
            )
        )
        return str(job.id)

    ids = await asyncio.gather(*(one(i, d) for i, d in enumerate(datas)))
    accepted = time.perf_counter() - t0
    deadline = time.perf_counter() + timeout
    pending = set(ids)
    last_done = t0
    while pending and time.perf_counter() < deadline:
        # Done = the user has the result: succeeded (delivered) or failed (told).
        rows = await Job.filter(
            id__in=list(pending), status__in=[JobStatus.SUCCEEDED, JobStatus.FAILED]
        ).values_list("id", flat=True)
        if rows:
            last_done = time.perf_counter()
        pending.difference_update(str(job_id) for job_id in rows)
        await asyncio.sleep(0.02 if len(ids) == 1 else 0.1)
    elapsed = last_done - t0
    # Latency from the rows' own timestamps (created at submit, finished when delivered), so
    # this loop's polling interval does not count.
    stamps = await Job.filter(id__in=ids, finished_at__isnull=False).values_list(
        "id", "created_at", "finished_at"
    )
    latencies = [(finished - created).total_seconds() for _, created, finished in stamps]
    statuses = Counter(s for s in await Job.filter(id__in=ids).values_list("status", flat=True))
    return {
        "ids": ids,
        "accepted_s": accepted,
        "elapsed_s": elapsed,
        "lost": len(pending),
        "latencies": latencies,
        "statuses": statuses,
    }


def deliveries(client: redis.Redis, ids: list[str]) -> tuple[int, int]:
    """(jobs delivered at least once, jobs delivered more than once)."""
    counts = Counter(e["job_id"] for e in sink.events(client) if e["event"] in ("deliver", "fail"))
    wanted = set(ids)
    once = sum(1 for i in wanted if counts.get(i, 0) >= 1)
    twice = sum(1 for i in wanted if counts.get(i, 0) > 1)
    return once, twice


async def bench(args: argparse.Namespace, client: redis.Redis) -> int:
    from storage.db import close_db, init_db
    from storage.models import Job

    failures = 0
    await init_db()
    try:
        # Warm-up: the worker imports and the parser's child process start once.
        await run_jobs([resume_pdf("warm-up")], "warm", timeout=120)

        in_process(resume_pdf("peer-warm-up"))
        peer: list[float] = []
        seq: list[float] = []
        outside: list[float] = []  # submit-to-done minus the time spent inside the stages
        waits: dict[str, list[float]] = {}  # hand-off to the next stage's start, per stage
        for i in range(args.sequential):  # interleaved, so machine load hits both alike
            peer.append(in_process(resume_pdf(f"peer-{i}")))
            result = await run_jobs([resume_pdf(f"seq-{i}")], f"seq{i}", timeout=60)
            seq.extend(result["latencies"])
            job = await Job.get(id=result["ids"][0])
            if result["latencies"]:
                inside = sum(v for k, v in job.stage_timings.items() if ":" not in k)
                outside.append(result["latencies"][0] - inside)
                for key, value in job.stage_timings.items():
                    if key.startswith("queued:"):
                        waits.setdefault(key, []).append(value)
        p_med, q_med = statistics.median(peer) * 1000, statistics.median(seq) * 1000
        print(
            f"in-process (peer)       median {p_med:7.1f} ms  p95 {pct(peer, 0.95) * 1000:7.1f} ms"
        )
        print(
            f"queue, one at a time    median {q_med:7.1f} ms  p95 {pct(seq, 0.95) * 1000:7.1f} ms"
            f"  (n={len(seq)})"
        )
        o_med = statistics.median(outside) * 1000
        print(
            f"outside the stages      median {o_med:7.1f} ms  p95 {pct(outside, 0.95) * 1000:7.1f}"
            " ms  (submit, hops, bookkeeping commits, delivery)"
        )
        print(
            "  of which queue waits   "
            + ", ".join(
                f"{k.split(':')[1]} {statistics.median(v) * 1000:.1f} ms" for k, v in waits.items()
            )
            + " (median, from hand-off commit to the next stage's claim)"
        )
        overhead = q_med - p_med
        verdict = "OK" if overhead < 20 else "over target"
        print(
            f"queue overhead          median {overhead:7.1f} ms per job  "
            f"ratio {q_med / p_med:4.2f}x  (target < 20 ms: {verdict})"
        )
        # Each queued job runs right after its peer, under the same machine load: the median
        # of those pairwise differences is less sensitive to load swings on a shared box.
        paired = [(q - p) * 1000 for p, q in zip(peer, seq, strict=False)]
        print(
            f"  paired                 median {statistics.median(paired):7.1f} ms per job"
            "  (median of queue - peer, job by job)"
        )

        for size in args.bursts:
            datas = [resume_pdf(f"burst{size}-{i}") for i in range(size)]
            result = await run_jobs(datas, f"b{size}", timeout=args.burst_timeout)
            once, twice = deliveries(client, result["ids"])
            lat = result["latencies"]
            rate = (size - result["lost"]) / result["elapsed_s"]
            print(
                f"burst {size:5d}: accepted in {result['accepted_s']:.2f} s, done "
                f"{size - result['lost']}/{size} in {result['elapsed_s']:.1f} s; lost "
                f"{result['lost']}, duplicated {twice}, delivered {once}; statuses "
                f"{dict(result['statuses'])}"
            )
            if lat:
                print(
                    f"             submit-to-done median {statistics.median(lat):.2f} s, p95 "
                    f"{pct(lat, 0.95):.2f} s; {rate:.1f} jobs/s, "
                    f"{rate / args.processes:.1f} jobs/s per worker process"
                )
            failures += result["lost"] + twice + (size - once)
    finally:
        await close_db()
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--bursts", default="100", type=lambda s: [int(x) for x in s.split(",") if x]
    )
    parser.add_argument("--sequential", type=int, default=15)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--burst-timeout", type=float, default=600.0)
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="a throw-away database on TEST_POSTGRES_URL's server instead of SQLite",
    )
    args = parser.parse_args()

    with contextlib.ExitStack() as stack:
        server = stack.enter_context(redis_server(persist=True))
        database_url = stack.enter_context(postgres_database()) if args.postgres else None
        tmp = Path(tempfile.mkdtemp(prefix="re-bench-queue-"))
        env = job_env(tmp, server.url, database_url=database_url)
        env["LOG_LEVEL"] = "WARNING"
        client = redis.Redis.from_url(server.url)
        with use_env(env), worker_process(env, args.processes, args.threads):
            print(
                f"queue bench: {args.processes} worker process(es) x {args.threads} threads, "
                f"{env['DATABASE_URL'].split(':')[0]}, redis on :{server.port}"
            )
            failures = asyncio.run(bench(args, client))
    print("FAIL" if failures else "OK: 0 lost, 0 duplicated")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
