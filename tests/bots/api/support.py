"""Real processes and servers for the API tests: ``resume-engine serve`` as a subprocess and a
webhook receiver (stdlib ``ThreadingHTTPServer``) on 127.0.0.1."""

from __future__ import annotations

import contextlib
import json
import os
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from tests.support.processes import ROOT, free_port

SAMPLE_PDF = ROOT / "examples" / "sample-resume.pdf"
SAMPLE_DOCX = ROOT / "examples" / "sample-resume.docx"
KEY_A = "test-key-alpha-0123456789"
KEY_B = "test-key-bravo-9876543210"


class ApiServer:
    """``resume-engine serve`` on a free port with ``env``; ``url`` once healthy."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "API__PUBLIC_BASE_URL": self.url, **env}
        self.log = tempfile.NamedTemporaryFile(prefix="re-api-", suffix=".log", delete=False)
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> ApiServer:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bots",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited {self.proc.returncode}:\n{self.output()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            time.sleep(0.1)
        raise TimeoutError(f"serve did not become healthy:\n{self.output()}")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
            self.proc = None

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")


@contextlib.contextmanager
def api_server(env: dict[str, str]) -> Iterator[ApiServer]:
    server = ApiServer(env).start()
    try:
        yield server
    finally:
        server.stop()


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
