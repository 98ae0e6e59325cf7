"""Real processes and servers for the API tests: ``resume-engine serve`` as a subprocess and a
webhook receiver (stdlib ``ThreadingHTTPServer``) on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

import httpx

from tests.support.processes import ROOT, ServiceProcess, free_port

SAMPLE_PDF = ROOT / "examples" / "sample-resume.pdf"
SAMPLE_DOCX = ROOT / "examples" / "sample-resume.docx"
KEY_A = "test-key-alpha-0123456789"
KEY_B = "test-key-bravo-9876543210"


class ApiServer(ServiceProcess):
    """``resume-engine serve`` on a free port with ``env``; ``url`` once healthy.

    ``start()`` raises :class:`ServiceDidNotStart` (with the server's whole output) when the
    server exits or ``/healthz`` does not answer 200 in time.
    """

    def __init__(self, env: dict[str, str]) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        args = [sys.executable, "-m", "bots", "serve", "--host", "127.0.0.1", "--port", str(port)]
        super().__init__(
            args,
            {"API__PUBLIC_BASE_URL": self.url, **env},
            port,
            ready_url=self.url + "/healthz",
            log_tail=None,
        )

    def start(self, timeout: float = 30.0) -> Self:
        return super().start(timeout)


@contextlib.contextmanager
def api_server(env: dict[str, str]) -> Iterator[ApiServer]:
    server = ApiServer(env)
    try:
        yield server.start()
    finally:
        server.close()


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers by path: ``/ok/...`` 200, ``/gone/...`` 410, ``/flaky/...`` 500 for the first
    ``flaky_failures`` requests to that path and 200 after, ``/redirect/...`` 307 to /ok."""

    flaky_failures: int = 2
    hits: list[Hit] = field(default_factory=list)
    _counts: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def status_for(self, path: str) -> int:
        with self._lock:
            self._counts[path] = self._counts.get(path, 0) + 1
            n = self._counts[path]
        if path.startswith("/gone/"):
            return 410
        if path.startswith("/flaky/"):
            return 500 if n <= self.flaky_failures else 200
        if path.startswith("/redirect/"):
            return 307
        return 200

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def hits_for(self, path: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.path == path]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out after {timeout}s; hits: {[h.path for h in self.hits]}")


@contextlib.contextmanager
def receiver(tls: ssl.SSLContext | None = None) -> Iterator[Receiver]:
    """The receiver on 127.0.0.1; HTTPS with ``tls`` (a server-side context)."""
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            status = state.status_for(self.path)
            state.record(
                Hit(self.path, {k.lower(): v for k, v in self.headers.items()}, body, status)
            )
            self.send_response(status)
            if status == 307:
                self.send_header("Location", "/ok" + self.path.removeprefix("/redirect"))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    scheme = "https" if tls is not None else "http"
    state.url = f"{scheme}://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def wait_job(client: httpx.Client, status_url: str, key: str, timeout: float = 60.0) -> dict:
    """Poll ``status_url`` until the job is terminal; returns the last status document."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = client.get(status_url, headers={"X-API-Key": key})
        assert r.status_code == 200, r.text
        doc = r.json()
        if doc["status"] in ("succeeded", "failed"):
            return doc
        time.sleep(0.1)
    raise AssertionError(f"job at {status_url} not finished after {timeout}s: {doc}")
