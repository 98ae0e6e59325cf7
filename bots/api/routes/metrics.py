"""``/metrics`` in the Prometheus text format (no API key; expose it on an internal network).

Everything is read at scrape time from the shared state (database, Redis), not from counters
in this process, so any number of API and worker processes report one consistent picture and
nothing is lost when a process restarts:

- ``resume_engine_jobs{channel,status}``: jobs currently stored (gauge).
- ``resume_engine_stage_duration_seconds{stage}``: histogram of stage durations over the most
  recent :data:`RECENT_JOBS` finished jobs.
- ``resume_engine_queue_depth{queue}``: messages waiting in each Dramatiq queue (delayed
  queues as ``<queue>.DQ``).
- ``resume_engine_webhook_attempts{outcome}``: recorded delivery attempts by outcome
  (delivered, gone, refused, failed).
- ``resume_engine_llm_cost_usd_total{improver}`` / ``resume_engine_llm_tokens_total{improver}``:
  model spend summed over the stored jobs (a counter that drops when retention deletes jobs;
  Prometheus' ``rate``/``increase`` treat that as a reset).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from redis.exceptions import RedisError
from tortoise.functions import Count, Sum

from bots.api.deps import RedisDep
from storage.models import Job, JobStatus, WebhookDelivery

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])

RECENT_JOBS = 1000
BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, float("inf"))


class _Snapshot:
    """A collector over metric families computed before ``generate_latest`` runs."""

    def __init__(self, families: list[Metric]) -> None:
        self.families = families

    def collect(self) -> Iterable[Metric]:
        return self.families


async def _jobs() -> Metric:
    family = GaugeMetricFamily(
        "resume_engine_jobs", "Jobs stored, by channel and status", labels=["channel", "status"]
    )
    rows = (
        await Job.annotate(n=Count("id"))
        .group_by("channel", "status")
        .values("channel", "status", "n")
    )
    for row in rows:
        family.add_metric([row["channel"], str(JobStatus(row["status"]).value)], row["n"])
    return family


async def _stage_durations() -> Metric:
    family = HistogramMetricFamily(
        "resume_engine_stage_duration_seconds",
        f"Seconds per pipeline stage over the last {RECENT_JOBS} finished jobs",
        labels=["stage"],
    )
    timings = (
        await Job.filter(finished_at__not_isnull=True)
        .order_by("-finished_at")
        .limit(RECENT_JOBS)
        .values_list("stage_timings", flat=True)
    )
    by_stage: dict[str, list[float]] = defaultdict(list)
    for entry in timings:
        if not isinstance(entry, dict):
            continue
        for stage, seconds in entry.items():
            if isinstance(seconds, int | float):
                by_stage[stage].append(float(seconds))
    for stage, values in sorted(by_stage.items()):
        buckets = [(_le(b), sum(1 for v in values if v <= b)) for b in BUCKETS]
        family.add_metric([stage], buckets, sum_value=sum(values))
    return family


def _le(bound: float) -> str:
    return "+Inf" if bound == float("inf") else str(bound)


async def _queue_depth(redis: RedisDep) -> Metric:
    from pipeline.broker import get_broker

    family = GaugeMetricFamily(
        "resume_engine_queue_depth", "Messages waiting per Dramatiq queue", labels=["queue"]
    )
    broker = get_broker()
    queues = sorted(broker.get_declared_queues() | broker.get_declared_delay_queues())
    try:
        async with redis.pipeline(transaction=False) as pipe:
            for queue in queues:
                pipe.llen(f"{broker.namespace}:{queue}")
            depths = await pipe.execute()
    except (RedisError, OSError) as exc:
        log.warning("metrics: Redis unavailable (%s)", type(exc).__name__)
        return family
    for queue, depth in zip(queues, depths, strict=True):
        family.add_metric([queue], int(depth))
    return family


async def _webhook_outcomes() -> Metric:
    family = GaugeMetricFamily(
        "resume_engine_webhook_attempts",
        "Recorded webhook delivery attempts by outcome",
        labels=["outcome"],
    )
    delivered = await WebhookDelivery.filter(delivered_at__not_isnull=True).count()
    gone = await WebhookDelivery.filter(last_status_code=410).count()
    refused = await WebhookDelivery.filter(last_error__startswith="refused:").count()
    total = await WebhookDelivery.all().count()
    outcomes = {
        "delivered": delivered,
        "gone": gone,
        "refused": refused,
        "failed": total - delivered - gone - refused,
    }
    for outcome, n in outcomes.items():
        family.add_metric([outcome], n)
    return family


async def _llm_usage() -> list[Metric]:
    cost = CounterMetricFamily(
        "resume_engine_llm_cost_usd", "Model cost of the stored jobs in USD", labels=["improver"]
    )
    tokens = CounterMetricFamily(
        "resume_engine_llm_tokens", "Model tokens of the stored jobs", labels=["improver"]
    )
    rows = (
        await Job.filter(improver_name__not_isnull=True)
        .annotate(cost=Sum("cost_usd"), n=Sum("tokens"))
        .group_by("improver_name")
        .values("improver_name", "cost", "n")
    )
    for row in rows:
        cost.add_metric([row["improver_name"]], float(row["cost"] or 0.0))
        tokens.add_metric([row["improver_name"]], int(row["n"] or 0))
    return [cost, tokens]


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}},
)
async def metrics(redis: RedisDep) -> Response:
    families = [
        await _jobs(),
        await _stage_durations(),
        await _queue_depth(redis),
        await _webhook_outcomes(),
        *await _llm_usage(),
    ]
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Snapshot(families))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
