"""Sentry events leave the process scrubbed: a fake Sentry endpoint on 127.0.0.1 receives them."""

from __future__ import annotations

import gzip
import subprocess
import sys
import textwrap
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from config.sentry import scrub_event

RESUME_LINE = "Led migration of the Orion billing platform for Zephyr Logistics"
EMAIL = "jane.candidate@example.org"
PHONE = "+1 415 555 0142"


class _Collector(BaseHTTPRequestHandler):
    bodies: list[bytes] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            raw = gzip.decompress(raw)
        elif encoding == "deflate":
            raw = zlib.decompress(raw)
        elif encoding == "br":
            import brotli  # type: ignore[import-not-found]

            raw = brotli.decompress(raw)
        self.bodies.append(raw)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def sentry_endpoint() -> Iterator[tuple[str, list[bytes]]]:
    _Collector.bodies = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://publickey@127.0.0.1:{server.server_port}/1", _Collector.bodies
    server.shutdown()


def test_events_carry_no_resume_text_or_contact(sentry_endpoint) -> None:
    dsn, bodies = sentry_endpoint
    script = textwrap.dedent(f"""
        import logging
        import sentry_sdk
        from config.logging import configure_logging
        from config.sentry import init_sentry
        assert init_sentry("worker")
        configure_logging()

        def improve(resume_text, email):
            secret_local = resume_text + email
            raise ValueError("could not improve bullet: " + resume_text + " " + email + " {PHONE}")

        try:
            improve({RESUME_LINE!r}, {EMAIL!r})
        except ValueError:
            sentry_sdk.capture_exception()
        logging.getLogger("pipeline").error("failed on %s", {RESUME_LINE!r})
        sentry_sdk.flush(5)
    """)
    env = {"SENTRY_DSN": dsn, "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        timeout=60,
        cwd=str(__import__("pathlib").Path(__file__).parents[2]),
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(bodies) >= 2, "the fake Sentry endpoint received no events"
    everything = b"\n".join(bodies).decode("utf-8", "replace")
    assert "ValueError" in everything  # the error itself is reported...
    for secret in (RESUME_LINE, EMAIL, PHONE, "Orion billing", "secret_local"):
        at = everything.find(secret)  # ...without the personal data around it
        assert at < 0, f"{secret!r} leaked: ...{everything[max(0, at - 200) : at + 80]}..."


def test_scrub_event_drops_request_body_vars_and_params() -> None:
    event = {
        "request": {
            "data": RESUME_LINE,
            "cookies": "s=1",
            "headers": {"Authorization": "x", "User-Agent": "ua"},
        },
        "user": {"email": EMAIL},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": f"bad {EMAIL}",
                    "stacktrace": {"frames": [{"function": "f", "vars": {"text": RESUME_LINE}}]},
                },
                {"type": "ConnectError", "module": "httpx", "value": "refused by 10.0.0.1:443"},
            ]
        },
        "logentry": {"message": "parsed %s", "params": [RESUME_LINE]},
        "extra": {"job_id": "j-1", "resume": RESUME_LINE},
    }
    out = scrub_event(event)
    assert "data" not in out["request"] and "cookies" not in out["request"]
    assert out["request"]["headers"] == {"User-Agent": "ua"}
    assert "user" not in out
    assert out["exception"]["values"][0]["value"] == "[message redacted: 30 chars]"
    assert out["exception"]["values"][1]["value"] == "refused by 10.0.0.1:443"
    assert "vars" not in out["exception"]["values"][0]["stacktrace"]["frames"][0]
    assert "params" not in out["logentry"]
    assert out["extra"] == {"job_id": "j-1"}


def test_redaction_keeps_job_ids_and_masks_phones() -> None:
    from config.redact import redact

    job = "7031d4c2-8e1b-4a9f-b84a-479c11223344"
    assert redact(f"job {job} failed; call +1 415 555 0142") == f"job {job} failed; call [phone]"
