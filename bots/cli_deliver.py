"""The ``cli`` channel's deliverer: ``resume-engine submit`` polls the job, so nothing to post.

The person is at the terminal that submitted the job; it reads status and files from the
database. The deliverer only logs (job id and stage, never content) so operators see progress.
"""

from __future__ import annotations

import logging

from pipeline.delivery import register
from storage.models import Job

log = logging.getLogger(__name__)


class CliDeliverer:
    async def progress(self, job: Job, stage: str) -> None:
        log.debug("cli job %s: %s", job.id, stage)

    async def deliver(self, job: Job) -> None:
        log.info("cli job %s: ready", job.id)

    async def fail(self, job: Job) -> None:
        log.info("cli job %s: failed (%s)", job.id, job.error_code)


register("cli", CliDeliverer())
