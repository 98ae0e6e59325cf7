"""The worker's entry module: ``dramatiq bots.worker`` (``resume-engine worker`` runs it).

Imports the broker first, then the actors, then every channel's deliver module so each can
``pipeline.delivery.register`` its deliverer. Channel engineers add their module to
``ADAPTER_MODULES``; ``JOBS__EXTRA_ADAPTER_MODULES`` adds more (tests load a recording
deliverer that way).
"""

from __future__ import annotations

import importlib

# pipeline.actors imports pipeline.broker before declaring any actor.
import pipeline.actors  # noqa: F401
from config.observability import start
from config.settings import get_settings

# Each Dramatiq worker process imports this module: structured logs and Sentry start here.
start("worker")

ADAPTER_MODULES: tuple[str, ...] = (
    "bots.cli_deliver",
    "bots.telegram.deliver",
    "bots.slack.deliver",
    "bots.api.deliver",
    "bots.webhooks",
    "bots.email.deliver",
)

for _name in (*ADAPTER_MODULES, *get_settings().jobs.extra_adapter_modules):
    importlib.import_module(_name)
