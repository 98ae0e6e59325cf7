"""End to end through real HTTP: Update JSON -> webhook -> job -> worker -> fake Bot API."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import docx
import pymupdf
import pytest

from bots.telegram import texts
from bots.telegram.format import CAPTION_LIMIT, MESSAGE_LIMIT
from pipeline.errors import ERRORS
from tests.bots.telegram import updates
from tests.bots.telegram.fakeapi import MB, Call
from tests.bots.telegram.stack import Stack, new_chat
from tests.conftest import corpus_label, corpus_params
from tests.support.processes import ROOT

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SAMPLE_PDF = ROOT / "examples" / "sample-resume.pdf"
SAMPLE_DOCX = ROOT / "examples" / "sample-resume.docx"
JD = (
    "Senior backend engineer: Python, PostgreSQL, Kafka, Kubernetes; design APIs, mentor "
    "engineers, own reliability and on-call."
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def send_file(
    stack: Stack, chat: int, path: Path, mime: str, caption: str | None = None, **kw: object
) -> dict:
    file_id = f"f{chat}{path.suffix.replace('.', '')}"
    data = path.read_bytes()
    stack.fake.add_file(file_id, data)
    update = updates.document(chat, file_id, path.name, mime, len(data), caption, **kw)
    assert stack.post(update).status_code == 200
    return update


def texts_to(stack: Stack, chat: int) -> list[str]:
    return [str(c.params.get("text")) for c in stack.fake.calls_of("sendMessage", chat)]


def assert_delivered_pdf(stack: Stack, chat: int, update: dict, expected_name: str) -> Call:
    """The improved PDF arrived as a reply, opens, and shows an improved bullet."""
    sent = stack.wait_for("sendDocument", chat, timeout=60)
    assert len(sent) == 1
    call = sent[0]
    name, data = call.params["document"]
    assert name == expected_name
    assert call.params["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert "→" in call.params["caption"] and len(call.params["caption"]) <= CAPTION_LIMIT
    with pymupdf.open(stream=data, filetype="pdf") as pdf:
        text = _norm(" ".join(page.get_text() for page in pdf))
    (job,) = stack.jobs(channel="telegram", external_id=f"{chat}:{update['message']['message_id']}")
    rewrites = [c["after"] for c in (job["changes"] or {}).get("changes", [])]
    assert rewrites, "the offline improver rewrote nothing"
    assert any(_norm(after) in text for after in rewrites)
    return call


def assert_summary_and_progress(stack: Stack, chat: int) -> str:
    """Summary messages within limits, button on the last; status edits in order."""
    stack.wait_for("editMessageText", chat, count=4, timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        edits = [str(c.params["text"]) for c in stack.fake.calls_of("editMessageText", chat)]
        if edits and edits[-1] == texts.STAGES["done"]:
            break
        time.sleep(0.05)
    order = [
        texts.STAGES["reading"],
        texts.STAGES["improving"],
        texts.STAGES["building"].format(fmt="PDF"),
        texts.STAGES["done"],
    ]
    positions = [edits.index(line) for line in order]
    assert positions == sorted(positions), edits
    actions = stack.fake.calls_of("sendChatAction", chat)
    assert actions and all(c.params["action"] == "upload_document" for c in actions)

    summary = [
        c for c in stack.fake.calls_of("sendMessage", chat) if c.params.get("parse_mode") == "HTML"
    ]
    assert summary and summary[0].params["text"].startswith(texts.SUMMARY_TITLE_HTML)
    assert all(len(c.params["text"]) <= MESSAGE_LIMIT for c in summary)
    markup = summary[-1].params["reply_markup"]
    data = markup["inline_keyboard"][0][0]["callback_data"]
    assert data.startswith("report:")
    return data


def test_wrong_or_missing_secret_is_401_and_does_nothing(stack: Stack) -> None:
    chat = new_chat()
    update = updates.command(chat, "/start")
    assert stack.post(update, secret="wrong").status_code == 401
    assert stack.post(update, secret=None).status_code == 401
    time.sleep(0.3)
    assert stack.fake.calls_of("sendMessage", chat) == []
    assert stack.post({"not": "an update"}).status_code == 400
    assert stack.post(update).status_code == 200
    stack.wait_for("sendMessage", chat)
    assert texts_to(stack, chat) == [texts.HELP]


def test_pdf_with_caption_gets_improved_pdf_summary_progress_and_report(stack: Stack) -> None:
    chat = new_chat()
    update = send_file(stack, chat, SAMPLE_PDF, PDF, caption=JD)
    assert_delivered_pdf(stack, chat, update, "sample-resume-improved.pdf")
    callback_data = assert_summary_and_progress(stack, chat)
    (job,) = stack.jobs(external_id=f"{chat}:{update['message']['message_id']}")
    assert job["options"]["job_description"] == JD
    assert job["reply_to"]["file_name"] == "sample-resume.pdf"

    # The report button: someone else pressing it gets nothing; the person gets the report.
    stranger = new_chat()
    assert stack.post(updates.callback(chat, stranger, callback_data, 1)).status_code == 200
    assert stack.post(updates.callback(chat, chat, callback_data, 1)).status_code == 200
    docs = stack.wait_for("sendDocument", chat, count=2)
    time.sleep(0.3)
    assert len(stack.fake.calls_of("sendDocument", chat)) == 2
    name, data = docs[1].params["document"]
    assert name.endswith(".pdf")
    with pymupdf.open(stream=data, filetype="pdf") as report:
        assert report.page_count >= 1
    answers = stack.wait_for("answerCallbackQuery", count=2)
    assert any(a.params.get("show_alert") for a in answers)  # the stranger was told


def test_docx_input(stack: Stack) -> None:
    chat = new_chat()
    update = send_file(stack, chat, SAMPLE_DOCX, DOCX)
    assert_delivered_pdf(stack, chat, update, "sample-resume-improved.pdf")


def test_format_docx_sends_a_word_file(stack: Stack) -> None:
    chat = new_chat()
    assert stack.post(updates.command(chat, "/format docx")).status_code == 200
    stack.wait_for("sendMessage", chat)
    send_file(stack, chat, SAMPLE_PDF, PDF)
    (call,) = stack.wait_for("sendDocument", chat, timeout=60)
    name, data = call.params["document"]
    assert name == "sample-resume-improved.docx"
    assert docx.Document(io.BytesIO(data)).paragraphs


def test_photo_or_image_file_gets_guidance_and_no_job(stack: Stack) -> None:
    chat = new_chat()
    assert stack.post(updates.photo(chat, "ph1")).status_code == 200
    stack.wait_for("sendMessage", chat)
    image = updates.document(chat, "img1", "cv.png", "image/png", 50_000)
    assert stack.post(image).status_code == 200
    stack.wait_for("sendMessage", chat, count=2)
    assert texts_to(stack, chat) == [texts.NOT_A_DOCUMENT] * 2
    downloads = [str(c.params.get("file_id")) for c in stack.fake.calls_of("getFile")]
    assert not any(f.startswith(("ph1", "img1")) for f in downloads)
    assert stack.jobs(requester_id=str(chat)) == []


def test_21_mb_document_refused_before_download(stack: Stack) -> None:
    chat = new_chat()
    update = updates.document(chat, "big21", "cv.pdf", PDF, 21 * MB)
    assert stack.post(update).status_code == 200
    stack.wait_for("sendMessage", chat)
    assert texts_to(stack, chat) == [texts.TOO_BIG]
    assert not any(c.params.get("file_id") == "big21" for c in stack.fake.calls_of("getFile"))
    assert stack.jobs(requester_id=str(chat)) == []


def test_missing_file_size_then_too_big_gets_the_same_reply(stack: Stack) -> None:
    chat = new_chat()
    stack.fake.add_file("big-nosize", None, size=None, too_big=True)
    assert stack.post(updates.document(chat, "big-nosize", "cv.pdf", PDF, None)).status_code == 200
    stack.wait_for("sendMessage", chat)
    assert texts_to(stack, chat) == [texts.TOO_BIG]
    assert stack.jobs(requester_id=str(chat)) == []


def test_corrupt_pdf_gets_the_parser_refusal(stack: Stack) -> None:
    chat = new_chat()
    data = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n\x00\xff garbage\n%%EOF"
    stack.fake.add_file("corrupt1", data)
    update = updates.document(chat, "corrupt1", "cv.pdf", PDF, len(data))
    assert stack.post(update).status_code == 200
    stack.wait_for("sendMessage", chat, count=2, timeout=60)
    refusal = texts_to(stack, chat)[-1]
    assert stack.fake.calls_of("sendDocument", chat) == []
    (job,) = stack.jobs(requester_id=str(chat))
    assert job["status"] == "failed" and job["error_code"] in ERRORS
    assert refusal == job["error_message"]
    # A plain reply to the person's message, and the status line says it failed.
    last = stack.fake.calls_of("sendMessage", chat)[-1]
    assert "parse_mode" not in last.params
    assert last.params["reply_parameters"]["message_id"] == update["message"]["message_id"]
    edits = [c.params["text"] for c in stack.fake.calls_of("editMessageText", chat)]
    assert edits[-1] == texts.STAGES["failed"]


def test_duplicate_update_makes_one_job_and_one_reply(stack: Stack) -> None:
    chat = new_chat()
    data = SAMPLE_PDF.read_bytes()
    stack.fake.add_file("dup1", data)
    update = updates.document(chat, "dup1", "cv.pdf", PDF, len(data))
    for _ in range(3):  # webhook redelivery
        assert stack.post(update).status_code == 200
    stack.wait_for("sendDocument", chat, timeout=60)
    time.sleep(1.0)  # room for a second reply to show up if there were one
    assert len(stack.fake.calls_of("sendDocument", chat)) == 1
    received = [t for t in texts_to(stack, chat) if t == texts.RECEIVED]
    assert len(received) == 1
    assert len(stack.jobs(requester_id=str(chat))) == 1


def test_flood_control_429_is_waited_out_then_sent_once(stack: Stack) -> None:
    chat = new_chat()
    stack.fake.retry_after_once("sendDocument", seconds=1, chat_id=chat)
    update = send_file(stack, chat, SAMPLE_PDF, PDF)
    calls = stack.wait_for("sendDocument", chat, count=2, timeout=60)
    assert calls[1].at - calls[0].at >= 0.95
    time.sleep(0.5)
    assert len(stack.fake.calls_of("sendDocument", chat)) == 2  # one refused, one delivered
    assert calls[0].params["document"] == calls[1].params["document"]
    (job,) = stack.jobs(external_id=f"{chat}:{update['message']['message_id']}")
    deadline = time.monotonic() + 10
    while job["status"] != "succeeded" and time.monotonic() < deadline:
        time.sleep(0.1)
        (job,) = stack.jobs(external_id=f"{chat}:{update['message']['message_id']}")
    assert job["status"] == "succeeded"


def test_blocked_user_ends_delivery_without_retries(stack: Stack) -> None:
    chat = new_chat()
    stack.fake.blocked_methods.add((chat, "sendDocument"))
    update = send_file(stack, chat, SAMPLE_PDF, PDF)
    stack.wait_for("sendDocument", chat, timeout=60)
    ext = f"{chat}:{update['message']['message_id']}"
    deadline = time.monotonic() + 15
    while stack.jobs(external_id=ext)[0]["status"] != "succeeded" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert stack.jobs(external_id=ext)[0]["status"] == "succeeded"
    time.sleep(3)  # the deliver actor's first retry would come after 2 s
    assert len(stack.fake.calls_of("sendDocument", chat)) == 1
    summary = [
        c for c in stack.fake.calls_of("sendMessage", chat) if c.params.get("parse_mode") == "HTML"
    ]
    assert summary == []


def test_server_error_is_retried_with_backoff_and_sent_once(stack: Stack) -> None:
    chat = new_chat()
    stack.fake.fail_next("sendDocument", 502, "Bad Gateway", chat_id=chat)
    update = send_file(stack, chat, SAMPLE_PDF, PDF)
    calls = stack.wait_for("sendDocument", chat, count=2, timeout=60)
    assert calls[1].at - calls[0].at >= 1.0  # the deliver actor's backoff, not a tight loop
    ext = f"{chat}:{update['message']['message_id']}"
    deadline = time.monotonic() + 10
    while stack.jobs(external_id=ext)[0]["status"] != "succeeded" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert stack.jobs(external_id=ext)[0]["status"] == "succeeded"
    html = [c for c in stack.fake.calls_of("sendMessage", chat) if c.params.get("parse_mode")]
    assert len(html) >= 1 and len(stack.fake.calls_of("sendDocument", chat)) == 2


CORPUS_PICK = {"word365-accountant-resume.pdf", "europass-user-password-aes128.pdf", "no-corpus"}


@pytest.mark.corpus
@pytest.mark.parametrize("path", [p for p in corpus_params() if p.id in CORPUS_PICK])
def test_corpus_resume(stack: Stack, path: Path) -> None:
    label = corpus_label(path)
    chat = new_chat()
    update = send_file(stack, chat, path, PDF)
    if label["outcome"] == "resume":
        assert_delivered_pdf(stack, chat, update, f"{path.stem}-improved.pdf")
    else:
        stack.wait_for("sendMessage", chat, count=2, timeout=60)
        (job,) = stack.jobs(requester_id=str(chat))
        assert job["error_code"] == label["error_code"]
        assert texts_to(stack, chat)[-1] == job["error_message"]


def test_update_left_by_a_dead_process_is_handled_by_another(stack: Stack) -> None:
    """An API process that died between its 200 and the submit leaves the update stored in
    Redis (and claimed); another process hands it to the bot again: one job, one reply."""
    import json as _json

    import redis as _redis

    chat = new_chat()
    data = SAMPLE_PDF.read_bytes()
    stack.fake.add_file("orphan1", data)
    update = updates.document(chat, "orphan1", "cv.pdf", PDF, len(data))
    client = _redis.Redis.from_url(stack.env["REDIS_URL"])
    # What the dead process had done: stored the update (an hour ago) and claimed it.
    entry = {"at": time.time() - 3600, "update": _json.dumps(update)}
    client.hset("telegram:pending", str(update["update_id"]), _json.dumps(entry))
    bot_id = stack.env["TELEGRAM__BOT_TOKEN"].split(":", 1)[0]
    client.set(f"telegram:update:{bot_id}:{update['update_id']}", 1)

    stack.wait_for("sendDocument", chat, timeout=60)
    assert len(stack.jobs(requester_id=str(chat))) == 1
    assert client.hget("telegram:pending", str(update["update_id"])) is None
    # Telegram redelivering it now changes nothing.
    assert stack.post(update).status_code == 200
    time.sleep(1.0)
    assert len(stack.fake.calls_of("sendDocument", chat)) == 1
