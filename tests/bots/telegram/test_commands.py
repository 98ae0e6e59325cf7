"""Commands, preferences (kept in Redis) and group-chat rules, through the real webhook."""

from __future__ import annotations

import time

from bots.telegram import texts
from tests.bots.telegram import updates
from tests.bots.telegram.stack import Stack, new_chat
from tests.bots.telegram.test_flow import PDF, SAMPLE_PDF, texts_to

LONG_JD = (
    "We are hiring a staff data engineer to own our Kafka and Spark pipelines, design "
    "PostgreSQL schemas and mentor a team of four."
)


def say(stack: Stack, chat: int, text: str, expect: str) -> None:
    """Send a command or text; wait until the bot answers ``expect`` in that chat."""
    seen = len(stack.fake.calls_of("sendMessage", chat))
    update = (
        updates.command(chat, text) if text.startswith("/") else updates.message(chat, text=text)
    )
    assert stack.post(update).status_code == 200
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        answers = [c.params.get("text") for c in stack.fake.calls_of("sendMessage", chat)[seen:]]
        if expect in answers:
            return
        time.sleep(0.02)
    raise AssertionError(f"{text!r}: wanted {expect!r}, got {answers!r}")


def send_pdf(stack: Stack, chat: int, caption: str | None = None, **kw: object) -> dict:
    data = SAMPLE_PDF.read_bytes()
    file_id = f"c{chat}-{time.monotonic_ns()}"
    stack.fake.add_file(file_id, data)
    update = updates.document(chat, file_id, "cv.pdf", PDF, len(data), caption, **kw)
    assert stack.post(update).status_code == 200
    return update


def wait_job(stack: Stack, ext: str, status: str = "succeeded", timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = stack.jobs(external_id=ext)
        if rows and rows[0]["status"] == status:
            return rows[0]
        time.sleep(0.05)
    raise AssertionError(f"job {ext} not {status}: {stack.jobs(external_id=ext)}")


def ext_of(update: dict) -> str:
    return f"{update['message']['chat']['id']}:{update['message']['message_id']}"


def test_start_help_and_chit_chat_get_the_two_line_help(stack: Stack) -> None:
    chat = new_chat()
    say(stack, chat, "/start", texts.HELP)
    say(stack, chat, "/help", texts.HELP)
    say(stack, chat, "hi", texts.HELP)
    assert texts.HELP.count("\n") == 1
    sticker = updates.message(
        chat,
        sticker={
            "file_id": "st",
            "file_unique_id": "st",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        },
    )
    assert stack.post(sticker).status_code == 200
    stack.wait_for("sendMessage", chat, count=4)
    assert texts_to(stack, chat)[-1] == texts.HELP


def test_jd_applies_to_the_next_upload_only(stack: Stack) -> None:
    chat = new_chat()
    # /jd with no text asks for it; the next message, however short, is the job description.
    say(stack, chat, "/jd", texts.JD_ASK)
    say(stack, chat, "Rust developer", texts.JD_SAVED)
    say(stack, chat, "/jd clear", texts.JD_CLEARED)
    say(stack, chat, f"/jd {LONG_JD}", texts.JD_SAVED)
    first = send_pdf(stack, chat)
    job = wait_job(stack, ext_of(first))
    assert job["options"]["job_description"] == LONG_JD
    second = send_pdf(stack, chat)
    assert wait_job(stack, ext_of(second))["options"]["job_description"] is None


def test_text_right_after_a_document_reruns_it_with_that_job_description(stack: Stack) -> None:
    chat = new_chat()
    first = send_pdf(stack, chat)
    wait_job(stack, ext_of(first))
    follow = updates.message(chat, text=LONG_JD)
    assert stack.post(follow).status_code == 200
    job = wait_job(stack, ext_of(follow))
    assert job["options"]["job_description"] == LONG_JD
    assert job["reply_to"]["message_id"] == first["message"]["message_id"]
    docs = stack.wait_for("sendDocument", chat, count=2, timeout=60)
    assert all(
        d.params["reply_parameters"]["message_id"] == first["message"]["message_id"] for d in docs
    )
    assert texts.JD_RERUN in texts_to(stack, chat)


def test_analyze_mode_sends_score_and_findings_without_a_file(stack: Stack) -> None:
    chat = new_chat()
    say(stack, chat, "/analyze", texts.ANALYZE_ON)
    update = send_pdf(stack, chat)
    job = wait_job(stack, ext_of(update))
    assert job["kind"] == "analyze"
    html = [
        c for c in stack.fake.calls_of("sendMessage", chat) if c.params.get("parse_mode") == "HTML"
    ]
    assert html and html[0].params["text"].startswith("<b>")
    assert "ATS score" in html[0].params["text"]
    assert stack.fake.calls_of("sendDocument", chat) == []
    say(stack, chat, "/analyze off", texts.ANALYZE_OFF)


def test_format_usage_status_and_delete(stack: Stack) -> None:
    chat = new_chat()
    say(stack, chat, "/status", texts.STATUS_NONE)
    say(stack, chat, "/format tiff", texts.FORMAT_USAGE.format(fmt="pdf"))
    update = send_pdf(stack, chat)
    wait_job(stack, ext_of(update))
    say(stack, chat, "/status", texts.STATUS.format(status="done"))
    say(stack, chat, "/delete", texts.DELETED.format(count=1))
    assert stack.jobs(requester_id=str(chat)) == []


def test_group_chat_only_documents_addressed_to_the_bot(stack: Stack) -> None:
    group, member = -new_chat(), new_chat()
    plain = send_pdf(stack, group, user_id=member, chat_type="supergroup")
    mentioned = send_pdf(
        stack, group, user_id=member, chat_type="supergroup", **updates.mention_caption(LONG_JD)
    )
    job = wait_job(stack, ext_of(mentioned), "succeeded")
    assert job["requester_id"] == str(member)
    assert job["options"]["job_description"] == LONG_JD  # the mention is not part of it
    assert stack.jobs(external_id=ext_of(plain)) == []
    plain_file = plain["message"]["document"]["file_id"]
    assert not any(c.params.get("file_id") == plain_file for c in stack.fake.calls_of("getFile"))
    # A reply to one of the bot's messages counts as addressed too.
    replied = send_pdf(
        stack,
        group,
        user_id=member,
        chat_type="supergroup",
        reply_to_message={
            "message_id": 999,
            "date": 0,
            "chat": {"id": group, "type": "supergroup", "title": "Job hunters"},
            "from": {"id": 4242, "is_bot": True, "first_name": "Resume Engine"},
            "text": "Done.",
        },
    )
    wait_job(stack, ext_of(replied), "succeeded")
