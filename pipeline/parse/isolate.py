"""Run a function in a child process that is killed when it overruns a hard wall-clock limit.

PyMuPDF can loop or hang inside MuPDF's C code on hostile files, where no Python timeout
(signals, thread interrupts, Dramatiq's TimeLimit) reaches; it can also crash the process. So
the parse runs in a separate process that the caller can SIGKILL.

Design: a small pool of reusable worker processes, started from a ``forkserver`` that has
already imported the parser (``set_forkserver_preload``), so a new worker costs a fork, not an
interpreter start, and a reused one costs two pipe round trips. Forkserver (not plain fork) is
used because callers are threads (Dramatiq worker threads, asyncio's ``to_thread``): forking a
multi-threaded process can deadlock the child on a lock another thread held. A worker serves one
call at a time; on timeout, crash or any interruption it is killed and never reused, and
workers are recycled after ``max_tasks`` calls to bound MuPDF's cache growth.

Thread-safe; blocking. From asyncio, call it through ``asyncio.to_thread``. As with any
``forkserver``/``spawn`` child (Python's multiprocessing rule), a worker re-imports the main
script as ``__mp_main__``: a script that parses at import time must guard its entry point with
``if __name__ == "__main__":``; console scripts, ``python -m``, pytest and Dramatiq already do.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from pipeline.errors import Corrupt, ParseTimeout, ResumeError, error_from_code

log = logging.getLogger(__name__)

T = TypeVar("T")

# Modules the forkserver imports once so that every worker starts with them loaded (PyMuPDF,
# python-docx, pydantic: ~0.5 s of imports that a new worker then does not repeat).
PRELOAD = (
    "pipeline.parse",
    "pipeline.parse.open_pdf",
    "pipeline.parse.pdf",
    "pipeline.parse.docx",
    "pipeline.parse.quality",
    "pipeline.parse.sections",
)


# Signals by which the process itself reports a fault in native code (the input's doing).
_CRASH_SIGNALS = {signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT, signal.SIGFPE, signal.SIGILL}


class IsolatedError(RuntimeError):
    """The function raised an unexpected (non-ResumeError) exception in the child.

    ``str()`` is the exception type and the stack (file:line function), never the exception
    message, which may quote resume text.
    """


def _worker_main(conn: Connection) -> None:
    """Child loop: receive ``(fn, args)``, reply ``("ok", result)`` or an error tuple."""
    # The parent owns the child's lifetime (it kills it); Ctrl-C in a terminal reaches the whole
    # process group, and the parent already turns that into KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if message is None:
            return
        fn, args = message
        try:
            reply: tuple[Any, ...] = ("ok", fn(*args))
        except ResumeError as exc:
            reply = ("refused", exc.code, exc.message)
        except Exception as exc:
            reply = ("error", _describe(exc))
        try:
            conn.send(reply)
        except Exception as exc:  # an unpicklable result
            conn.send(("error", _describe(exc)))


def _describe(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    stack = "; ".join(f"{os.path.basename(f.filename)}:{f.lineno} {f.name}" for f in frames[-8:])
    return f"{type(exc).__name__} at {stack}"


class _Worker:
    def __init__(self, ctx: Any) -> None:
        self.conn, child_conn = ctx.Pipe(duplex=True)
        self.proc: BaseProcess = ctx.Process(
            target=_worker_main, args=(child_conn,), daemon=True, name="resume-parse"
        )
        self.proc.start()
        child_conn.close()
        self.tasks = 0

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.kill()
        with contextlib.suppress(Exception):
            self.proc.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
        with contextlib.suppress(Exception):
            self.proc.join(1)
        self.kill()


class IsolatedPool:
    """Reusable killable worker processes.

    Args:
        max_idle: workers kept alive between calls (more are started when more threads call
            at once; the surplus is closed when they finish).
        max_tasks: calls a worker serves before it is replaced.
        start_method: ``"forkserver"`` (default on Linux) or ``"spawn"``.
        preload: modules the forkserver imports before forking workers.
    """

    def __init__(
        self,
        *,
        max_idle: int = 2,
        max_tasks: int = 50,
        start_method: str | None = None,
        preload: Sequence[str] = PRELOAD,
    ) -> None:
        method = start_method or (
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        )
        self._ctx = multiprocessing.get_context(method)
        if method == "forkserver":
            # Takes effect when the forkserver starts (first use in this process).
            self._ctx.set_forkserver_preload(list(preload))
        self.max_idle = max_idle
        self.max_tasks = max_tasks
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def run(self, fn: Callable[..., T], *args: Any, timeout: float) -> T:
        """Call ``fn(*args)`` in a worker and return its result.

        ``fn`` must be a module-level function and ``args``/the result picklable.

        Raises:
            ParseTimeout: no answer within ``timeout`` seconds; the worker is killed.
            Corrupt: the worker crashed while working (SIGSEGV, SIGBUS, SIGABRT, SIGFPE,
                SIGILL): the input crashed the reader.
            ResumeError: the subclass ``fn`` raised (rebuilt from its code and message).
            IsolatedError: ``fn`` raised another exception, or the worker exited by itself or
                was stopped from outside (SIGTERM, SIGKILL): transient, not the input's fault.
        """
        started = time.monotonic()
        worker = self._acquire()
        try:
            try:
                worker.conn.send((fn, args))
            except (BrokenPipeError, ConnectionResetError, EOFError, OSError):
                # An idle worker died since its last call (not this input's fault): retry once.
                worker.kill()
                worker = self._start()
                worker.conn.send((fn, args))
            # A reply that arrives after the deadline (this thread was descheduled while the
            # child worked) is a timeout too: the limit is on wall-clock time, not on polling.
            remaining = max(0.0, timeout - (time.monotonic() - started))
            if not worker.conn.poll(remaining) or time.monotonic() - started > timeout:
                raise ParseTimeout()
            reply = worker.conn.recv()
        except ParseTimeout:
            worker.kill()
            raise
        except (EOFError, ConnectionResetError, BrokenPipeError) as exc:
            worker.proc.join(2)
            exitcode = worker.proc.exitcode
            worker.kill()
            if exitcode is None or -exitcode not in _CRASH_SIGNALS:
                # Exited by itself (a start-up failure, e.g. an unguarded __main__ that the child
                # re-imports) or stopped from outside (SIGTERM to the process group at shutdown,
                # SIGKILL): not something the input did, so not a refusal; callers may retry.
                raise IsolatedError(f"parse worker ended with exit code {exitcode}") from exc
            log.warning("parse worker crashed (signal %s)", -exitcode)
            raise Corrupt(
                "This file crashed our document reader. Please export your resume again (or "
                "send the DOCX) and try once more."
            ) from exc
        except BaseException:
            # Interrupted mid-call (KeyboardInterrupt, Dramatiq's TimeLimitExceeded...): the
            # worker may still be busy, so it cannot be reused.
            worker.kill()
            raise
        worker.tasks += 1
        self._release(worker)
        status = reply[0]
        if status == "ok":
            return reply[1]  # type: ignore[no-any-return]
        if status == "refused":
            raise error_from_code(reply[1], reply[2])
        raise IsolatedError(reply[1])

    def close(self) -> None:
        """Stop the idle workers (busy ones stop when their call ends)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.close()

    @property
    def idle_count(self) -> int:
        return len(self._idle)

    def _start(self) -> _Worker:
        return _Worker(self._ctx)

    def _acquire(self) -> _Worker:
        with self._lock:
            if self._pid != os.getpid():  # forked: the inherited workers belong to the parent
                self._idle, self._pid = [], os.getpid()
            while self._idle:
                worker = self._idle.pop()
                if worker.proc.is_alive():
                    return worker
                worker.kill()
        return self._start()

    def _release(self, worker: _Worker) -> None:
        if worker.tasks < self.max_tasks:
            with self._lock:
                if len(self._idle) < self.max_idle and self._pid == os.getpid():
                    self._idle.append(worker)
                    return
        worker.close()


_pool: IsolatedPool | None = None
_pool_lock = threading.Lock()


def default_pool() -> IsolatedPool:
    """The process-wide pool, created on first use."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = IsolatedPool()
        return _pool


def run_isolated(fn: Callable[..., T], *args: Any, timeout: float) -> T:
    """``default_pool().run(fn, *args, timeout=timeout)``; see :meth:`IsolatedPool.run`."""
    return default_pool().run(fn, *args, timeout=timeout)
