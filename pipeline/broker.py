"""The one Dramatiq broker of the service; import this module before any actor.

A Redis broker (:class:`DoorbellRedisBroker`: idle workers wake on enqueue instead of polling)
on ``settings.redis_url`` with the default middleware, ``AsyncIO`` (async
actors run on one event loop thread per worker process) and :class:`DatabaseMiddleware`, which
starts Tortoise once per worker process on that loop and closes it at shutdown, so actors never
call ``asyncio.run`` and never hop between loops.

Processes that only *send* (API, bots, CLI) import this module too; :func:`get_broker` rebinds
the broker to the current ``settings.redis_url`` when it changed (tests start their own Redis).
Senders on an event loop (``pipeline.jobs.submit``) use :func:`enqueue_async`: the same Redis
writes on an asyncio client, without a hop to a thread.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any
from uuid import uuid4

import dramatiq
import redis
import redis.asyncio as aioredis
from dramatiq.asyncio import get_event_loop_thread
from dramatiq.brokers.redis import RedisBroker
from dramatiq.common import current_millis, dq_name
from dramatiq.middleware import AsyncIO, CurrentMessage, Middleware
from redis.asyncio.retry import Retry as AsyncRetry
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
        keys, script_args = self._enqueue_call(queue_name, *args)
        key = self._bell(queue_name)
        with self.client.pipeline(transaction=False) as pipe:
            pipe.evalsha(self.scripts["dispatch"].sha, len(keys), *keys, *script_args)
            pipe.lpush(key, 1).ltrim(key, 0, self.BELL_TOKENS - 1)
            try:
                return pipe.execute()[0]
            except redis.exceptions.NoScriptError:
                return self._dispatch("enqueue")(queue_name, *args)

    def _enqueue_call(self, queue_name: str, *args: Any) -> tuple[list[Any], list[Any]]:
        """(keys, args) of the enqueue script call, built by Dramatiq's own ``_dispatch``."""
        call = _CapturedDispatch(self)
        RedisBroker._dispatch(call, "enqueue")(queue_name, *args)  # type: ignore[arg-type]
        return call.keys, call.args

    async def enqueue_async(
        self, message: dramatiq.Message[Any], client: aioredis.Redis, *, delay: int | None = None
    ) -> dramatiq.Message[Any]:
        """:meth:`RedisBroker.enqueue` on an asyncio Redis ``client``: the same Redis writes
        (Dramatiq's message preparation and encoding, its enqueue script by SHA and the
        doorbell token, in one pipelined round trip) without a hop to a thread.

        The message preparation mirrors ``RedisBroker.enqueue`` (dramatiq 2.x) line for line;
        tests/pipeline/jobs/test_async_enqueue.py compares the writes of both paths.
        """
        queue_name = message.queue_name
        # A unique id per enqueue in Redis (a retried message keeps its message_id).
        message = message.copy(options={"redis_message_id": str(uuid4())})
        if delay is not None:
            queue_name = dq_name(queue_name)
            message = message.copy(queue_name=queue_name, options={"eta": current_millis() + delay})
        self.emit_before("enqueue", message, delay)
        await self.do_enqueue_async(
            client, queue_name, message.options["redis_message_id"], message.encode()
        )
        self.emit_after("enqueue", message, delay)
        return message

    async def do_enqueue_async(self, client: aioredis.Redis, queue_name: str, *args: Any) -> Any:
        """:meth:`do_enqueue` on an asyncio client; NOSCRIPT loads the script and runs it."""
        keys, script_args = self._enqueue_call(queue_name, *args)
        script = self.scripts["dispatch"]
        key = self._bell(queue_name)
        pipe = client.pipeline(transaction=False)
        pipe.evalsha(script.sha, len(keys), *keys, *script_args)
        pipe.lpush(key, 1)
        pipe.ltrim(key, 0, self.BELL_TOKENS - 1)
        try:
            return (await pipe.execute())[0]
        except redis.exceptions.NoScriptError:
            # The token went in (a non-transactional pipeline runs every command); the
            # script did not run at all, so loading it and running it once adds nothing twice.
            await client.script_load(script.script)  # type: ignore[misc]
            return await client.evalsha(script.sha, len(keys), *keys, *script_args)  # type: ignore[misc]

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


def build_broker(settings: Settings) -> DoorbellRedisBroker:
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
broker: DoorbellRedisBroker = build_broker(_settings)
_bound_url = _settings.redis_url
dramatiq.set_broker(broker)


def get_broker() -> DoorbellRedisBroker:
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


# --- asyncio senders ----------------------------------------------------------------------

# One asyncio Redis client per event loop (an asyncio connection belongs to the loop that
# opened it), rebuilt when ``settings.redis_url`` changes.
_async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, tuple[str, aioredis.Redis]] = (
    weakref.WeakKeyDictionary()
)


def build_async_client(redis_url: str) -> aioredis.Redis:
    """An asyncio client for senders, with the sync senders' fail-fast settings."""
    return aioredis.Redis.from_url(
        redis_url,
        socket_timeout=SOCKET_TIMEOUT,
        socket_connect_timeout=SOCKET_TIMEOUT,
        health_check_interval=30,
        retry=AsyncRetry(NoBackoff(), 0),  # one explicit retry in enqueue_async instead
    )


async def async_client() -> aioredis.Redis:
    """This event loop's asyncio client for the current ``settings.redis_url``."""
    loop = asyncio.get_running_loop()
    url = get_settings().redis_url
    entry = _async_clients.get(loop)
    if entry is not None and entry[0] == url:
        return entry[1]
    client = build_async_client(url)
    _async_clients[loop] = (url, client)
    if entry is not None:
        await entry[1].aclose()
    return client


async def close_async_client() -> None:
    """Close this event loop's asyncio client (process shutdown; idempotent)."""
    entry = _async_clients.pop(asyncio.get_running_loop(), None)
    if entry is not None:
        await entry[1].aclose()


async def enqueue_async(
    actor: dramatiq.Actor[Any, Any], *args: Any, delay_ms: int | None = None
) -> dramatiq.Message[Any]:
    """Send ``actor(*args)`` from a coroutine: the asyncio twin of ``pipeline.actors.enqueue``.

    Same writes as the sync broker's enqueue (:meth:`DoorbellRedisBroker.enqueue_async`) on
    this loop's client. One retry on a connection error (a pooled connection may predate a
    Redis restart; a retry after a lost reply may enqueue twice, which the idempotent actors
    absorb). Raises redis.RedisError (or OSError) when Redis is unreachable.
    """
    sender = get_broker()
    client = await async_client()
    message = actor.message(*args)
    try:
        return await sender.enqueue_async(message, client, delay=delay_ms)
    except redis.ConnectionError:
        return await sender.enqueue_async(message, client, delay=delay_ms)


async def warm_up_async_client(connections: int = 1) -> None:
    """Open ``connections`` connections of this loop's client (concurrent sends each take
    one) and cache the enqueue script on the server, so the first sends pay neither (API
    start-up). Raises redis.RedisError when Redis is unreachable."""
    client = await async_client()
    await asyncio.gather(*(client.ping() for _ in range(connections)))  # type: ignore[arg-type]
    await client.script_load(get_broker().scripts["dispatch"].script)  # type: ignore[misc]
