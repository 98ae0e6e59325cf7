"""The one Dramatiq broker of the service; import this module before any actor.

A Redis broker (:class:`DoorbellRedisBroker`: idle workers wake on enqueue instead of polling)
on ``settings.redis_url`` with the default middleware, ``AsyncIO`` (async
actors run on one event loop thread per worker process) and :class:`DatabaseMiddleware`, which
starts Tortoise once per worker process on that loop and closes it at shutdown, so actors never
call ``asyncio.run`` and never hop between loops.

Processes that only *send* (API, bots, CLI) import this module too; :func:`get_broker` rebinds
the broker to the current ``settings.redis_url`` when it changed (tests start their own Redis).
"""

from __future__ import annotations

import logging
from typing import Any

import dramatiq
import redis
from dramatiq.asyncio import get_event_loop_thread
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import AsyncIO, CurrentMessage, Middleware
from redis.backoff import NoBackoff
from redis.retry import Retry

from config.settings import Settings, get_settings

log = logging.getLogger(__name__)

# Redis operations from senders fail fast instead of hanging a request when Redis is down (s).
SOCKET_TIMEOUT = 5.0


class DatabaseMiddleware(Middleware):
    """Starts Tortoise on the worker's event loop at boot, closes it at shutdown.

    Must come after ``AsyncIO`` in the middleware list: its ``before_worker_boot`` starts the
    loop this one uses. Refuses to boot on an unmigrated database (``DatabaseNotMigrated``).
    """

    def before_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:  # noqa: ARG002
        from storage.db import init_db

        _run_on_loop(init_db())

    def after_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:  # noqa: ARG002
        # Start the retention/sweeper chain; the actor keeps only one chain alive per Redis.
        try:
            broker.enqueue(broker.get_actor("maintenance").message())
        except Exception as exc:  # noqa: BLE001 - a missing chain must not stop the worker
            log.warning("could not start the maintenance chain: %s", type(exc).__name__)

    def after_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:  # noqa: ARG002
        from storage.db import close_db

        _run_on_loop(close_db())


def _run_on_loop(coro: Any) -> Any:
    thread = get_event_loop_thread()
    if thread is None:
        raise RuntimeError("the AsyncIO middleware must boot before DatabaseMiddleware")
    return thread.run_coroutine(coro)


class _CapturedDispatch:
    """Stands in for the broker in ``RedisBroker._dispatch`` and records the script call
    (keys, args) instead of making it, so the call can be pipelined."""

    def __init__(self, broker: RedisBroker) -> None:
        self._broker = broker
        self.scripts = {"dispatch": self}
        self.keys: list[Any] = []
        self.args: list[Any] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._broker, name)

    def __call__(self, *, args: list[Any], keys: list[Any]) -> None:
        self.keys, self.args = keys, args


class DoorbellRedisBroker(RedisBroker):
    """``RedisBroker`` whose idle consumers wake when a message is enqueued, not on a timer.

    Dramatiq's Redis consumer polls: an empty fetch sleeps with exponential backoff up to the
    worker timeout (1 s), so each hop of a job (parse -> improve -> generate -> deliver) waited
    about half a second on an idle worker. Here every enqueue also pushes a token on the
    queue's "doorbell" list, and an empty fetch blocks on that list (``BLPOP``, at most
    ``BELL_WAIT`` seconds) before fetching again. Messages still live in Dramatiq's own
    structures and the Lua scripts are untouched; a lost token only costs the old poll delay.

    It also requeues what a consumer had fetched when its connection broke (see _recover).
    """

    BELL_WAIT = 1.0  # s; also bounds how stale this worker's heartbeat gets while idle
    BELL_TOKENS = 64  # tokens kept per queue: enough to wake every idle consumer at once

    def _bell(self, queue_name: str) -> str:
        return f"{self.namespace}:bell:{queue_name}"

    def do_enqueue(self, queue_name: str, *args: Any) -> Any:
        """Dramatiq's enqueue script and the doorbell token in one round trip (a pipeline).

        The script's arguments are built by Dramatiq's own ``_dispatch`` (captured, not
        copied), and it runs by its SHA; a server that has not cached the script (fresh or
        flushed) answers NOSCRIPT, and the plain call, which loads it, runs instead.
        """
        call = _CapturedDispatch(self)
        RedisBroker._dispatch(call, "enqueue")(queue_name, *args)  # type: ignore[arg-type]
        key = self._bell(queue_name)
        with self.client.pipeline(transaction=False) as pipe:
            pipe.evalsha(self.scripts["dispatch"].sha, len(call.keys), *call.keys, *call.args)
            pipe.lpush(key, 1).ltrim(key, 0, self.BELL_TOKENS - 1)
            try:
                return pipe.execute()[0]
            except redis.exceptions.NoScriptError:
                return self._dispatch("enqueue")(queue_name, *args)

    def do_fetch(self, queue_name: str, prefetch: int) -> Any:
        try:
            if queue_name in self._broken:
                self._recover(queue_name)
            messages = self._dispatch("fetch")(queue_name, prefetch)
            if messages:
                return messages
            wait = min(self.BELL_WAIT, self.heartbeat_timeout / 4000)
            # BLPOP takes whole or fractional seconds (Redis >= 6); a token or the timeout,
            # then fetch again (which also refreshes this worker's heartbeat).
            self.client.blpop([self._bell(queue_name)], timeout=wait)
            return self._dispatch("fetch")(queue_name, prefetch)
        except redis.ConnectionError:
            self._broken.add(queue_name)
            raise

    @property
    def _broken(self) -> set[str]:
        # Queues whose consumer lost its connection (created lazily: __init__ is Dramatiq's).
        broken: set[str] | None = self.__dict__.get("_broken_queues")
        if broken is None:
            broken = self.__dict__["_broken_queues"] = set()
        return broken

    def _recover(self, queue_name: str) -> None:
        """Requeue what this process had fetched from ``queue_name`` before a lost connection.

        On a connection error Dramatiq drops the consumer with its prefetched messages (and
        the worker its delayed ones) but leaves their ids in this process's ack set in Redis,
        where only a *dead* worker's messages are ever requeued: a live worker would keep them
        forever (e.g. after a Redis restart). Requeue them all; the ones still being processed
        are then seen twice, which the idempotent actors absorb (and an ack that comes first
        removes the duplicate: the requeue script skips ids whose message is gone).
        """
        acks = f"{self.namespace}:__acks__.{self.broker_id}.{queue_name}"
        ids = [i.decode() if isinstance(i, bytes) else i for i in self.client.smembers(acks)]
        if ids:
            self._dispatch("requeue")(queue_name, *ids)
            log.warning(
                "requeued %d message(s) on %s after a lost connection", len(ids), queue_name
            )
        self._broken.discard(queue_name)


def build_broker(settings: Settings) -> RedisBroker:
    """A Redis broker for ``settings`` with our middleware (not yet made the global one)."""
    client = redis.Redis.from_url(
        settings.redis_url,
        socket_timeout=None,  # idle consumers block in BLPOP on the doorbell (BELL_WAIT)
        socket_connect_timeout=SOCKET_TIMEOUT,
        health_check_interval=30,
        # No transparent retries (redis-py retries 3 times by default): re-running Dramatiq's
        # fetch script after a lost reply strands the messages the first run took (seen with
        # a Redis restart). Errors surface instead: consumers recover (DoorbellRedisBroker),
        # senders retry once explicitly (pipeline.actors.enqueue).
        retry=Retry(NoBackoff(), 0),
    )
    broker = DoorbellRedisBroker(
        client=client,
        heartbeat_timeout=settings.jobs.heartbeat_timeout_ms,
        maintenance_chance=settings.jobs.maintenance_chance,
    )
    broker.add_middleware(AsyncIO())
    broker.add_middleware(DatabaseMiddleware())
    # The message being processed, for the actors' queue-wait timing (message_timestamp).
    broker.add_middleware(CurrentMessage())
    return broker


_settings = get_settings()
broker: RedisBroker = build_broker(_settings)
_bound_url = _settings.redis_url
dramatiq.set_broker(broker)


def get_broker() -> RedisBroker:
    """The global broker, pointed at the current ``settings.redis_url``.

    Actors stay declared on the same broker object; only its Redis client is replaced, so a
    test or a sender process that changes ``REDIS_URL`` after import reaches the right server.
    """
    global _bound_url
    url = get_settings().redis_url
    if url != _bound_url:
        fresh = build_broker(get_settings())
        broker.client = fresh.client
        broker.scripts = fresh.scripts
        broker.heartbeat_timeout = fresh.heartbeat_timeout
        broker.maintenance_chance = fresh.maintenance_chance
        _bound_url = url
    return broker
