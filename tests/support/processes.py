"""Real processes for tests: redis-server on a free port, a Dramatiq worker, server
subprocesses (the API, the SMTP inbox) awaited until ready, free ports.

Fault tests start their own redis-server here and never touch the machine's shared one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 10.0, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listening on {host}:{port} after {timeout}s")


class RedisServer:
    """A private redis-server on a free port; ``restart()`` keeps the port (and, with
    ``persist=True``, the data, via an append-only file)."""

    def __init__(self, persist: bool = False) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed: `make test` installs it (apt-get).")
        self.binary = binary
        self.port = free_port()
        self.persist = persist
        self.dir = tempfile.mkdtemp(prefix="re-redis-")
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            self.dir,
            "--save",
            "",
            "--appendonly",
            "yes" if self.persist else "no",
        ]
        if self.persist:
            # fsync every write: a restart must not lose the last second of enqueued messages.
            args += ["--appendfsync", "always"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def redis_server(persist: bool = False) -> Iterator[RedisServer]:
    server = RedisServer(persist=persist).start()
    try:
        yield server
    finally:
        server.close()


class WorkerProcess:
    """``resume-engine worker`` as a real subprocess with the given environment."""

    def __init__(self, env: dict[str, str], processes: int = 1, threads: int = 2) -> None:
        self.env = {**os.environ, **env}
        self.args = [
            sys.executable,
            "-m",
            "bots",
            "worker",
            "--processes",
            str(processes),
            "--threads",
            str(threads),
        ]
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="re-worker-", suffix=".log", delete=False)

    def start(self) -> WorkerProcess:
        self.proc = subprocess.Popen(
            self.args,
            env=self.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self) -> None:
        """SIGKILL the whole worker process group (parent and its worker processes)."""
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
            self.proc = None

    def stop(self) -> None:
        """Graceful stop: SIGTERM to Dramatiq's main process only (it forwards the signal once;
        signalling the whole group would deliver a second SIGTERM, which kills the children)."""
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
            self.proc = None

    def wait_exit(self, timeout: float) -> int | None:
        """Wait for the worker to exit on its own; its exit code, or None if still running."""
        if self.proc is None:
            return None
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        self.proc = None
        return code

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")


@contextlib.contextmanager
def worker_process(
    env: dict[str, str], processes: int = 1, threads: int = 2
) -> Iterator[WorkerProcess]:
    worker = WorkerProcess(env, processes, threads).start()
    try:
        yield worker
    finally:
        worker.stop()
        Path(worker.log.name).unlink(missing_ok=True)


class ServiceDidNotStart(RuntimeError):
    """A service subprocess exited or never became ready; the message ends with its output."""


class ServiceProcess:
    """``args`` (a server) as a subprocess in the project root, its output in a log file.

    Ready when ``ready_url`` answers 200 to a GET, or, without one, when ``port`` on 127.0.0.1
    accepts connections. ``log_tail``: how many of the last characters of the output go into
    :class:`ServiceDidNotStart` (None: all of it).
    """

    def __init__(
        self,
        args: list[str],
        env: dict[str, str],
        port: int,
        *,
        ready_url: str | None = None,
        log_tail: int | None = 3000,
    ) -> None:
        self.args = args
        self.env = {**os.environ, **env}
        self.port = port
        self.ready_url = ready_url
        self.log_tail = log_tail
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="re-service-", suffix=".log", delete=False)

    def start(self, timeout: float = 60.0) -> Self:
        """Start and wait until ready, failing fast if the process exits.

        Raises:
            ServiceDidNotStart: exited, or not ready after ``timeout`` seconds (still running:
                :meth:`stop` it).
        """
        self.proc = subprocess.Popen(
            self.args, env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while not self._ready():
            code = self.proc.poll()
            if code is not None or time.monotonic() > deadline:
                why = f"exited {code}" if code is not None else f"not ready after {timeout}s"
                output = self.output()
                if self.log_tail is not None:
                    output = output[-self.log_tail :]
                raise ServiceDidNotStart(f"{' '.join(self.args[1:4])} {why}:\n{output}")
        return self

    def _ready(self) -> bool:
        """One readiness probe, taking about half a second when it fails."""
        if self.ready_url is None:
            try:
                wait_for_port(self.port, timeout=0.5)
            except TimeoutError:
                return False
            return True
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(self.ready_url, timeout=1).status_code == 200:
                return True
        time.sleep(0.1)
        return False

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 15 s. The log stays readable until :meth:`close`."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(15)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
            self.proc = None

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def close(self) -> None:
        """Stop, and delete the log."""
        self.stop()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


@contextlib.contextmanager
def service_process(
    args: list[str],
    env: dict[str, str],
    port: int,
    *,
    timeout: float = 60.0,
    ready_url: str | None = None,
    show_log_env: str | None = None,
) -> Iterator[ServiceProcess]:
    """:class:`ServiceProcess` ``args``, started and ready, until the block ends.

    When the environment variable named ``show_log_env`` is set, the server's output goes to
    stderr at the end.

    Raises:
        ServiceDidNotStart: with the last 3,000 characters of the server's output.
    """
    service = ServiceProcess(args, env, port, ready_url=ready_url)
    try:
        yield service.start(timeout)
    finally:
        service.stop()
        if show_log_env and os.environ.get(show_log_env):
            sys.stderr.write(service.output())
        service.close()
