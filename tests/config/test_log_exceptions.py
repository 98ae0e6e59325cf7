"""Tracebacks in logs keep their frames but not messages that may quote a resume."""

from __future__ import annotations

import json
import logging

import pytest

from config.exceptions import format_exception, message_is_safe
from config.logging import configure_logging, get_logger
from config.settings import Settings

BULLET = "Led the Acme Corp migration for Jane Roe"


def _raise_chained() -> None:
    try:
        raise KeyError(BULLET)
    except KeyError as exc:
        raise ValueError(f"bad bullet: {BULLET}") from exc


@pytest.mark.parametrize("use_json", [False, True])
def test_logged_traceback_hides_unsafe_messages(
    use_json: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(Settings(), json=use_json)
    try:
        _raise_chained()
    except ValueError:
        get_logger("test").exception("improve failed", job_id="j-1")
        logging.getLogger("stdlib.caller").exception("stdlib failed")
    err = capsys.readouterr().err
    assert "Acme" not in err and "Jane" not in err
    if use_json:
        records = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
        assert [r["event"] for r in records] == ["improve failed", "stdlib failed"]
        text = records[0]["exception"]
    else:
        text = err
    # The frames and types survive: an operator can still find the failing line.
    assert "_raise_chained" in text
    assert "ValueError: [message redacted: " in text
    assert "KeyError: [message redacted: " in text
    assert "direct cause" in text


def test_library_connection_messages_are_kept_but_redacted() -> None:
    message = "relay 10.0.0.1:25 refused mail for " + "jane@example.org"
    try:
        raise ConnectionRefusedError(message)
    except OSError as exc:
        text = format_exception(type(exc), exc, exc.__traceback__)
    assert "relay 10.0.0.1:25 refused" in text
    assert "jane@example.org" not in text


def test_message_policy() -> None:
    assert message_is_safe("redis.exceptions", "ConnectionError")
    assert message_is_safe("builtins", "TimeoutError")
    assert not message_is_safe("builtins", "ValueError")
    assert not message_is_safe("pydantic_core._pydantic_core", "ValidationError")
    assert not message_is_safe(None, "KeyError")
