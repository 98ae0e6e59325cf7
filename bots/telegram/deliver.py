"""Registers the ``telegram`` deliverer in the worker (listed in ``bots.worker.ADAPTER_MODULES``).

Importing aiogram builds hundreds of pydantic models (1-2 s idle, 10 s on a loaded 2-core
machine), so every worker would start that much slower even when it never sees a Telegram
job. The registered object is a thin proxy that loads :mod:`bots.telegram.results` in a
thread on the first Telegram job instead.
"""

from __future__ import annotations

import asyncio
import importlib
from typing import TYPE_CHECKING

from pipeline import delivery

if TYPE_CHECKING:
    from bots.telegram.results import TelegramDeliverer
    from storage.models import Job


class LazyTelegramDeliverer:
    """A :class:`pipeline.delivery.Deliverer` that creates the real one on first use."""

    def __init__(self) -> None:
        self._impl: TelegramDeliverer | None = None

    async def _get(self) -> TelegramDeliverer:
        if self._impl is None:
            module = await asyncio.to_thread(importlib.import_module, "bots.telegram.results")
            self._impl = self._impl or module.TelegramDeliverer()
        return self._impl

    async def progress(self, job: Job, stage: str) -> None:
        await (await self._get()).progress(job, stage)

    async def deliver(self, job: Job) -> None:
        await (await self._get()).deliver(job)

    async def fail(self, job: Job) -> None:
        await (await self._get()).fail(job)


delivery.register("telegram", LazyTelegramDeliverer())
