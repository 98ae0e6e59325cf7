"""Long-polling mode: `resume-engine telegram` against the fake Bot API's getUpdates."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from bots.telegram import texts
from tests.bots.telegram import updates
from tests.bots.telegram.stack import Stack, new_chat
from tests.bots.telegram.test_flow import PDF, SAMPLE_PDF
from tests.support.processes import ROOT


def test_polling_handles_commands_and_documents_once(stack: Stack) -> None:
    chat = new_chat()
    data = SAMPLE_PDF.read_bytes()
    stack.fake.add_file("poll1", data)
    start = updates.command(chat, "/start")
    doc = updates.document(chat, "poll1", "cv.pdf", PDF, len(data))
    stack.fake.updates.extend([start, doc])
    poller = subprocess.Popen(
        [sys.executable, "-m", "bots", "telegram"],
        env={**os.environ, **stack.env},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        stack.wait_for("sendDocument", chat, timeout=60)
        # Updates of one batch are handled concurrently: no order between the two replies.
        stack.wait_for("sendMessage", chat, count=3)
        assert texts.HELP in [c.params["text"] for c in stack.fake.calls_of("sendMessage", chat)]
        assert stack.fake.calls_of("deleteWebhook")
        # The same updates arriving by webhook too (a restart, a stray webhook) do nothing more.
        assert stack.post(doc).status_code == 200
        assert stack.post(start).status_code == 200
        time.sleep(0.5)  # room for a second reply to show up if there were one
    finally:
        poller.terminate()
        _, stderr = poller.communicate(timeout=20)
    assert len(stack.fake.calls_of("sendDocument", chat)) == 1
    assert [c.params["text"] for c in stack.fake.calls_of("sendMessage", chat)].count(
        texts.HELP
    ) == 1
    assert poller.returncode in (0, -15), stderr.decode(errors="replace")[-2000:]
