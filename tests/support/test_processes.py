"""The shared server-subprocess helper: ready by port or by URL, its output on failure."""

from __future__ import annotations

import sys

import httpx
import pytest

from tests.support.processes import ServiceDidNotStart, ServiceProcess, free_port, service_process


def _http_server(port: int, banner: str = "") -> list[str]:
    """``python -m http.server`` on ``port``, printing ``banner`` first."""
    script = (
        f"import runpy, sys; print({banner!r}, flush=True); "
        f"sys.argv = ['http.server', '--bind', '127.0.0.1', '{port}']; "
        "runpy.run_module('http.server', run_name='__main__')"
    )
    return [sys.executable, "-c", script]


def test_a_server_that_exits_fails_at_once_with_its_output() -> None:
    script = "import sys; print('boom: no config'); sys.exit(3)"
    with pytest.raises(ServiceDidNotStart) as caught:
        with service_process([sys.executable, "-c", script], {}, free_port(), timeout=30):
            pass
    assert "exited 3" in str(caught.value)
    assert "boom: no config" in str(caught.value)


def test_ready_by_url_waits_for_a_200_and_the_block_end_stops_the_server() -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with service_process(_http_server(port), {}, port, ready_url=url) as server:
        assert httpx.get(url, timeout=5).status_code == 200
        proc = server.proc
        assert proc is not None
    assert proc.poll() is not None


def test_a_url_that_never_answers_200_is_not_ready_and_the_output_is_kept_whole() -> None:
    port = free_port()
    server = ServiceProcess(
        _http_server(port, banner="x" * 4000),
        {},
        port,
        ready_url=f"http://127.0.0.1:{port}/no-such-file",
        log_tail=None,
    )
    try:
        with pytest.raises(ServiceDidNotStart) as caught:
            server.start(timeout=2)
        assert "not ready after 2s" in str(caught.value)
        # The whole log (banner and every probe's 404), not its last 3,000 characters.
        output = server.output()
        assert len(output) > 4000
        assert "GET /no-such-file" in output
        assert str(caught.value).endswith(output)
    finally:
        server.close()
    assert server.proc is None
