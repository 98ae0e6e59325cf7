"""Structured logging: structlog, JSON in production, console in development.

Standard-library loggers (ours and the libraries') go through the same processors, so every
line carries the bound context (job id, channel, stage, durations) and passes through the
redaction safety net. Never log resume text, contact details or file bytes.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

from config.exceptions import format_exception
from config.redact import redact_value
from config.settings import Settings, get_settings

# Keys whose values are identifiers or measurements, never personal data: left untouched.
_SAFE_KEYS = frozenset(
    {
        "event",
        "level",
        "logger",
        "timestamp",
        "job_id",
        "channel",
        "stage",
        "status",
        "kind",
        "duration_ms",
        "attempt",
        "attempts",
        "queue",
        "actor",
        "message_id",
        "code",
        "error_code",
        "pages",
        "size",
        "count",
        "port",
        "host",
        "exc_info",
        "exception",
    }
)


# Libraries that log SQL with its parameters, or request bodies, at DEBUG: the parameters are
# resumes. They stay at WARNING whatever LOG_LEVEL says.
_QUIET_LOGGERS = (
    "tortoise",
    "aiosqlite",
    "asyncpg",
    "httpcore",
    "hpack",
    "multipart",
    "aiogram.event",
    "slack_bolt",
    "slack_sdk",
    "google_genai",
    "mail.log",
)


def _redact_processor(_logger: Any, _name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    for key, value in event_dict.items():
        if key not in _SAFE_KEYS:
            event_dict[key] = redact_value(value)
    if isinstance(event_dict.get("event"), str):
        event_dict["event"] = redact_value(event_dict["event"], max_len=500)
    return event_dict


def configure_logging(
    settings: Settings | None = None, *, json: bool | None = None, keep_handlers: bool = False
) -> None:
    """Configure structlog and the standard library's root logger once per process.

    Args:
        settings: defaults to :func:`get_settings`.
        json: force JSON (True) or console (False); default JSON when ENVIRONMENT=production.
        keep_handlers: format through the root logger's existing handlers instead of replacing
            them with one on stderr (a Dramatiq worker process's handler writes to its parent).
    """
    settings = settings or get_settings()
    use_json = settings.environment == "production" if json is None else json
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        # Workers run several processes: each line says which one ("process=1234").
        structlog.processors.CallsiteParameterAdder(
            [structlog.processors.CallsiteParameter.PROCESS]
        ),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _redact_processor,
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if use_json
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    final: list[Any] = [
        structlog.stdlib.ProcessorFormatter.remove_processors_meta,
        # Tracebacks are formatted here, for both renderers, so that exception messages pass the
        # same rule as Sentry's (config/exceptions.py): a message may quote resume text.
        _format_exc_info,
        renderer,
    ]
    formatter = structlog.stdlib.ProcessorFormatter(foreign_pre_chain=shared, processors=final)
    root = logging.getLogger()
    if keep_handlers and root.handlers:
        # Dramatiq's worker processes log through a pipe to their parent: keep that handler,
        # change only what it writes.
        for existing in root.handlers:
            existing.setFormatter(formatter)
    else:
        handler = logging.StreamHandler()
        handler.setFormatter(formatter)
        root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    # Dramatiq's own lines are few (a worker process booting, "ready for action", shutting
    # down, a retry) and are how operators and supervisors see that workers are up: kept at
    # INFO even when LOG_LEVEL is WARNING or above.
    logging.getLogger("dramatiq").setLevel(min(logging.INFO, root.level))


def _format_exc_info(_logger: Any, _name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    exc_info = event_dict.pop("exc_info", None)
    if not exc_info:
        return event_dict
    if exc_info is True:
        exc_info = sys.exc_info()
    elif isinstance(exc_info, BaseException):
        exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
    if isinstance(exc_info, tuple) and exc_info[1] is not None:
        event_dict["exception"] = format_exception(*exc_info)
    return event_dict


def get_logger(name: str | None = None) -> Any:
    """A structlog logger; bind job context with ``structlog.contextvars.bind_contextvars``."""
    return structlog.stdlib.get_logger(name)
