"""Which exception messages may leave the process, and tracebacks without the others.

An exception's message can quote whatever the code was handling (``ValueError("bad bullet:
...")``, a pydantic error's ``input_value``): resume text. Messages of exceptions raised by
network, database and queue libraries, and our own fixed user messages, speak of connections and
codes, so they are kept (still passed through :func:`config.redact.redact`); any other message
is replaced by its length. Logs (config/logging.py) and Sentry (config/sentry.py) share this rule.
"""

from __future__ import annotations

import traceback
from types import TracebackType

from config.redact import redact

MESSAGE_SAFE_MODULES = (
    "httpx",
    "httpcore",
    "aiohttp",
    "redis",
    "asyncpg",
    "tortoise",
    "dramatiq",
    "aiogram",
    "slack_sdk",
    "slack_bolt",
    "google",
    "aiosmtplib",
    "smtplib",
    "ssl",
    "socket",
    "sqlite3",
    "pipeline.errors",
    "pipeline.delivery",
    "pipeline.jobs",
)
MESSAGE_SAFE_BUILTINS = frozenset(
    {
        "TimeoutError",
        "ConnectionError",
        "ConnectionRefusedError",
        "ConnectionResetError",
        "BrokenPipeError",
        "OSError",
        "MemoryError",
        "RecursionError",
        "NotImplementedError",
        "KeyboardInterrupt",
        "SystemExit",
    }
)


def message_is_safe(module: str | None, type_name: str | None) -> bool:
    """True when an exception of this module and type never quotes resume content."""
    if module and module != "builtins":
        return module.startswith(MESSAGE_SAFE_MODULES)
    return type_name in MESSAGE_SAFE_BUILTINS


def safe_message(module: str | None, type_name: str | None, message: str) -> str:
    """The message redacted when safe, else ``[message redacted: N chars]``."""
    if not message:
        return message
    if message_is_safe(module, type_name):
        return str(redact(message))
    return f"[message redacted: {len(message)} chars]"


def format_exception(
    exc_type: type[BaseException] | None,  # noqa: ARG001 - the exc_info tuple shape
    exc: BaseException | None,
    tb: TracebackType | None,
) -> str:
    """A traceback like :func:`traceback.format_exception` (chained causes included), with the
    file/line/function frames intact and unsafe messages replaced; never local variables."""
    if exc is None:
        return ""
    parts: list[str] = []
    seen: set[int] = set()

    def walk(current: BaseException, current_tb: TracebackType | None) -> None:
        seen.add(id(current))
        cause, context = current.__cause__, current.__context__
        if cause is not None and id(cause) not in seen:
            walk(cause, cause.__traceback__)
            parts.append(
                "\nThe above exception was the direct cause of the following exception:\n\n"
            )
        elif context is not None and not current.__suppress_context__ and id(context) not in seen:
            walk(context, context.__traceback__)
            parts.append(
                "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        if current_tb is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(current_tb))
        kind = type(current)
        module = kind.__module__
        name = kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"
        message = safe_message(module, kind.__qualname__, str(current))
        parts.append(f"{name}: {message}\n" if message else f"{name}\n")

    walk(exc, tb)
    return "".join(parts).rstrip("\n")
