"""The delivery seam: a Deliverer per channel, registered by the adapters.

``pipeline/`` never imports ``bots/``: each ``bots/<channel>`` module calls :func:`register`
at import time, and the worker's entry point imports the adapters it serves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from storage.models import Job


class Deliverer(Protocol):
    """Posts a job's progress and outcome back to the conversation it came from.

    Implementations raise :class:`DeliveryRetry` for transient problems (network, 429) so the
    actor retries with backoff, and :class:`DeliveryGone` when the user made delivery impossible
    (bot blocked, channel gone): that ends the delivery without retries.
    """

    async def progress(self, job: Job, stage: str) -> None: ...

    async def deliver(self, job: Job) -> None: ...

    async def fail(self, job: Job) -> None: ...


class DeliveryRetry(Exception):
    """Transient delivery failure; ``retry_after`` seconds if the platform said so."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DeliveryGone(Exception):
    """The destination is gone or refuses us (blocked bot, archived channel): stop trying."""


_REGISTRY: dict[str, Deliverer] = {}


def register(channel: str, deliverer: Deliverer) -> None:
    _REGISTRY[channel] = deliverer


def get_deliverer(channel: str) -> Deliverer:
    """The deliverer for ``channel``; raises KeyError if no adapter registered one."""
    return _REGISTRY[channel]


def registered_channels() -> list[str]:
    return sorted(_REGISTRY)


# --- observers of finished jobs (webhooks) ---------------------------------------------------

FinishedCallback = Callable[["Job"], Awaitable[None]]
_OBSERVERS: list[FinishedCallback] = []


def on_finished(callback: FinishedCallback) -> FinishedCallback:
    """Register ``await callback(job)``, called once per job reaching succeeded or failed.

    Called in the worker by the ``notify_finished`` actor, after the user's own delivery.
    Keep it quick (enqueue work, don't do it); an exception retries the notification, so a
    callback must tolerate being called again for the same job. Usable as a decorator.
    """
    _OBSERVERS.append(callback)
    return callback


async def notify_finished(job: Job) -> None:
    """Call every observer for ``job`` (the ``notify_finished`` actor does this)."""
    for callback in list(_OBSERVERS):
        await callback(job)
