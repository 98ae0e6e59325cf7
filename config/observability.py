"""One call at the start of every process: structured logs, then Sentry when configured."""

from __future__ import annotations

from config.logging import configure_logging
from config.sentry import init_sentry
from config.settings import Settings, get_settings


def start(component: str, settings: Settings | None = None) -> None:
    """Configure logging and Sentry for ``component`` (api, worker, telegram, slack, smtp)."""
    settings = settings or get_settings()
    configure_logging(settings, keep_handlers=component == "worker")
    init_sentry(component, settings)
