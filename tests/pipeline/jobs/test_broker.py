"""The doorbell broker against a real Redis: one-round-trip enqueue, bell-driven fetch."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from config.settings import Settings
from pipeline.broker import DoorbellRedisBroker, build_broker
from tests.support.processes import RedisServer

QUEUE = "doorbell-test"


@pytest.fixture
def broker(redis_srv: RedisServer) -> Iterator[DoorbellRedisBroker]:
    built = build_broker(Settings(redis_url=redis_srv.url))
    assert isinstance(built, DoorbellRedisBroker)
    built.client.delete(f"dramatiq:{QUEUE}", f"dramatiq:{QUEUE}.msgs", f"dramatiq:bell:{QUEUE}")
    yield built
    built.client.close()


def _send(broker: DoorbellRedisBroker, value: int) -> None:
    import dramatiq

    message = dramatiq.Message(
        queue_name=QUEUE, actor_name="noop", args=(value,), kwargs={}, options={}
    )
    broker.enqueue(message)


def test_enqueue_stores_the_message_and_rings_the_bell_even_without_cached_script(broker):
    broker.client.script_flush()  # a fresh or flushed server answers NOSCRIPT to EVALSHA
    _send(broker, 1)
    _send(broker, 2)  # the script is cached again by now: the pipelined path
    assert broker.client.llen(f"dramatiq:{QUEUE}") == 2
    assert broker.client.hlen(f"dramatiq:{QUEUE}.msgs") == 2
    assert broker.client.llen(f"dramatiq:bell:{QUEUE}") == 2

    consumer = broker.consume(QUEUE, prefetch=4, timeout=100)
    got = [next(consumer) for _ in range(2)]
    assert sorted(m.args[0] for m in got if m is not None) == [1, 2]
    for message in got:
        consumer.ack(message)
    assert broker.client.hlen(f"dramatiq:{QUEUE}.msgs") == 0


def test_an_idle_fetch_comes_back_empty_and_the_next_one_finds_a_sent_message(broker):
    assert broker.do_fetch(QUEUE, 1) == []  # empty queue: waits on the bell, then gives up
    _send(broker, 3)  # rings the bell
    fetched = broker.do_fetch(QUEUE, 1)
    assert len(fetched) == 1
