"""Socket Mode: `resume-engine slack --socket` against the fake's WebSocket, end to end."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from bots.cli import main
from tests.bots.slack.fake_slack import FakeSlack
from tests.bots.slack.payloads import command_fields, submission_payload
from tests.bots.slack.stack import ROOT, Stack


@pytest.fixture
def socket_app(stack: Stack, fake: FakeSlack) -> Iterator[None]:
    env = {**os.environ, **stack.env, "SLACK__APP_TOKEN": fake.app_token}
    env.pop("SLACK__SIGNING_SECRET", None)  # Socket Mode needs none
    log = tempfile.NamedTemporaryFile(prefix="re-slack-socket-", suffix=".log", delete=False)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bots", "slack", "--socket"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        try:
            fake.wait_for("socket.connected", timeout=30)
        except TimeoutError:
            pytest.fail("Socket Mode did not connect:\n" + Path(log.name).read_text())
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        Path(log.name).unlink(missing_ok=True)


def test_socket_mode_command_and_submission(
    socket_app: None, fake: FakeSlack, resume_pdf: bytes
) -> None:
    assert fake.of("apps.connections.open")[0].token == fake.app_token
    envelope = fake.socket_send("slash_commands", command_fields(channel="C0SOCK"))
    acks = fake.wait_for("socket.ack", timeout=10)
    assert acks[0].params["envelope_id"] == envelope
    fake.wait_for("views.open", timeout=10)

    file = fake.add_file("cv.pdf", resume_pdf + b"\n% socket\n")  # new input: no reuse
    fake.socket_send("interactive", submission_payload(fake.views[-1], fake.file_object(file)))
    (complete,) = fake.wait_for("files.completeUploadExternal", timeout=60)
    assert complete.params["channel_id"] == "C0SOCK"
    data = fake.uploads[complete.params["files"][0]["id"]]
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        assert doc.page_count >= 1


def test_socket_mode_without_tokens_says_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SLACK__APP_TOKEN", raising=False)
    monkeypatch.setenv("SLACK__BOT_TOKEN", "xoxb-1")
    assert main(["slack", "--socket"]) == 2
    assert "SLACK__APP_TOKEN" in capsys.readouterr().err
