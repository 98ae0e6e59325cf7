"""The ``api`` channel's deliverer: nothing to post, callers poll or get webhooks.

API callers read ``/status`` and ``/result`` or subscribe to webhooks (``bots.webhooks``, an
``on_finished`` observer), so progress, delivery and failure need no message here. Importing
this module registers the deliverer (``bots/worker.py`` lists it in ``ADAPTER_MODULES``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from pipeline import delivery

if TYPE_CHECKING:
    from storage.models import Job

log = logging.getLogger(__name__)


class ApiDeliverer:
    """Implements :class:`pipeline.delivery.Deliverer` for jobs submitted over the REST API."""

    async def progress(self, job: Job, stage: str) -> None:
        log.debug("api job %s: %s", job.id, stage)

    async def deliver(self, job: Job) -> None:
        log.debug("api job %s: ready for its caller", job.id)

    async def fail(self, job: Job) -> None:
        log.debug("api job %s: failed with %s", job.id, job.error_code)


delivery.register("api", ApiDeliverer())
