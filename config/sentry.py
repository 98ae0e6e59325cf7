"""Sentry error reporting, started only when SENTRY_DSN is set, scrubbed of personal data.

What never leaves the process: local variables, request bodies, cookies and most headers,
resume text, names, e-mails, phone numbers, file bytes, actor arguments beyond ids. Exception
messages and log messages pass through :func:`config.redact.redact`; log parameters are dropped.
"""

from __future__ import annotations

import logging
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.dramatiq import DramatiqIntegration
from sentry_sdk.integrations.fastapi import FastApiIntegration
from sentry_sdk.integrations.logging import LoggingIntegration
from sentry_sdk.integrations.starlette import StarletteIntegration

from config.exceptions import safe_message
from config.redact import redact, redact_value
from config.settings import Settings, get_settings

_SAFE_HEADERS = frozenset({"user-agent", "content-type", "content-length", "host"})


def _scrub_exception_value(exc: dict[str, Any]) -> None:
    value = exc.get("value")
    if not isinstance(value, str):
        return
    exc["value"] = safe_message(exc.get("module"), exc.get("type"), value)


def scrub_event(event: dict[str, Any], _hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Remove personal data from a Sentry event (``before_send``)."""
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("data", None)
        request.pop("cookies", None)
        request.pop("query_string", None)
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() in _SAFE_HEADERS}
    event.pop("user", None)
    for exc in (event.get("exception") or {}).get("values") or []:
        _scrub_exception_value(exc)
        for frame in (exc.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        logentry.pop("params", None)
        if isinstance(logentry.get("message"), str):
            logentry["message"] = redact(logentry["message"])
        logentry.pop("formatted", None)
    if isinstance(event.get("message"), str):
        event["message"] = redact(event["message"])
    # Only identifiers survive in extra/contexts (e.g. dramatiq_message_id, job_id).
    extra = event.get("extra") or {}
    event["extra"] = {k: v for k, v in extra.items() if k.endswith("_id")}
    contexts = event.get("contexts") or {}
    contexts.pop("dramatiq", None)
    event["contexts"] = redact_value(contexts)
    event["breadcrumbs"] = {
        "values": [
            scrub_breadcrumb(b) for b in (event.get("breadcrumbs") or {}).get("values") or []
        ]
    }
    return event


def scrub_breadcrumb(crumb: dict[str, Any], _hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Keep a breadcrumb's category and level; redact its message, drop its data."""
    crumb = dict(crumb)
    if isinstance(crumb.get("message"), str):
        crumb["message"] = redact(crumb["message"])
    crumb.pop("data", None)
    return crumb


def init_sentry(component: str, settings: Settings | None = None) -> bool:
    """Start Sentry for this process when ``SENTRY_DSN`` is set.

    Args:
        component: api | worker | telegram | slack | smtp (sent as the ``component`` tag).
    Returns:
        True when Sentry was started.
    """
    settings = settings or get_settings()
    if settings.sentry_dsn is None:
        return False
    from sentry_sdk.integrations.google_genai import GoogleGenAIIntegration

    sentry_sdk.init(
        dsn=settings.sentry_dsn.get_secret_value(),
        environment=settings.environment,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,  # type: ignore[arg-type]
        before_breadcrumb=scrub_breadcrumb,  # type: ignore[arg-type]
        integrations=[
            StarletteIntegration(),
            FastApiIntegration(),
            DramatiqIntegration(),
            LoggingIntegration(event_level=logging.ERROR),
        ],
        # Prompts carry resume text: never record LLM inputs/outputs.
        disabled_integrations=[GoogleGenAIIntegration()],
        traces_sample_rate=0.0,
    )
    sentry_sdk.set_tag("component", component)
    return True
