"""Whole journeys: Slack request → API app → job → real worker → result posted to the fake Slack.

The uploaded bytes are opened with PyMuPDF; the result message is checked against Block Kit
limits; the database is read to count jobs.
"""

from __future__ import annotations

import io
import json
import time
from typing import Any

import docx
import pymupdf

from bots.slack.events import external_id
from tests.bots.slack.blockkit import assert_within_limits
from tests.bots.slack.fake_slack import Call, FakeSlack
from tests.bots.slack.payloads import (
    action_body,
    command_body,
    dm_file_event,
    event_body,
    post,
    submission_body,
)
from tests.bots.slack.stack import Stack

RESULT_TIMEOUT = 120.0  # the first job warms a cold worker on a busy 2-core machine


def open_modal(
    stack: Stack, fake: FakeSlack, channel: str = "C0CHAN", response_url: str | None = None
) -> dict[str, Any]:
    body = command_body(channel=channel, response_url=response_url or fake.response_url())
    assert post(stack.base_url, "/slack/commands", body).status_code == 200
    fake.wait_for("views.open", timeout=10)
    return fake.views[-1]


def submit_modal(
    stack: Stack, fake: FakeSlack, view: dict[str, Any], file_id: str, **options: Any
) -> None:
    body = submission_body(view, fake.file_object(fake.files[file_id]), **options)
    response = post(stack.base_url, "/slack/interactive", body)
    assert response.status_code == 200
    assert response.content == b""  # modal closed


def uploaded(fake: FakeSlack) -> tuple[Call, bytes]:
    """The one completed upload and its bytes."""
    (complete,) = fake.wait_for("files.completeUploadExternal", timeout=RESULT_TIMEOUT)
    (file_ref,) = complete.params["files"]
    return complete, fake.uploads[file_ref["id"]]


def result_message(fake: FakeSlack) -> Call:
    """The chat.update that turned the working note into the result (it has blocks)."""
    deadline = time.monotonic() + RESULT_TIMEOUT
    while time.monotonic() < deadline:
        done = [c for c in fake.of("chat.update") if c.params.get("blocks")]
        if done:
            return done[-1]
        time.sleep(0.05)
    raise AssertionError(f"no result message; calls: {[c.method for c in fake.calls]}")


def message_key(event_body: bytes) -> str:
    """The external id the app gives the job of a file-sharing event."""
    event = json.loads(event_body)["event"]
    return external_id("T0001", event["channel"], event["ts"], event["files"][0]["id"])


def assert_improved_pdf(data: bytes, original: bytes) -> None:
    assert data != original
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        assert doc.page_count >= 1
        text = "".join(page.get_text() for page in doc)
    assert len(text.split()) > 50  # a real resume, not an empty page


def test_slash_command_modal_submission_posts_the_improved_pdf(
    stack: Stack, fake: FakeSlack, resume_pdf: bytes
) -> None:
    file = fake.add_file("jane-doe.pdf", resume_pdf)
    view = open_modal(stack, fake)
    submit_modal(stack, fake, view, file.id, job_description="Python backend engineer, AWS")

    note = fake.wait_for("chat.postMessage", timeout=10)[0]
    assert note.params["channel"] == "C0CHAN"
    complete, data = uploaded(fake)
    assert_improved_pdf(data, resume_pdf)
    note_ts = json.loads(stack.jobs(f"view:{view['id']}")[0][1])["note_ts"]
    # Into the channel the command came from, threaded on the working note.
    assert complete.params["channel_id"] == "C0CHAN"
    assert complete.params["thread_ts"] == note_ts

    message = result_message(fake)
    assert message.params["ts"] == note_ts
    assert_within_limits(message.params["blocks"])
    assert "→" in message.params["blocks"][0]["text"]["text"]
    button = message.params["blocks"][-1]["elements"][0]
    assert button["action_id"] == "resume_report"
    # The file was fetched with the bot token, once, and is stored as one job.
    assert fake.download_auth == [f"Bearer {fake.bot_token}"]
    stack.wait_status(f"view:{view['id']}", "succeeded")


def test_dm_file_share_starts_a_job(stack: Stack, fake: FakeSlack, resume_pdf: bytes) -> None:
    file = fake.add_file("cv.pdf", resume_pdf)
    body = event_body(dm_file_event(fake.file_object(file)))
    response = post(stack.base_url, "/slack/events", body, form=False)
    assert response.status_code == 200

    complete, data = uploaded(fake)
    assert complete.params["channel_id"] == "D0BOB"
    assert_improved_pdf(data, resume_pdf)
    assert_within_limits(result_message(fake).params["blocks"])
    assert fake.of("files.info")[0].params["file"] == file.id


def test_retried_event_makes_no_second_job(
    stack: Stack, fake: FakeSlack, resume_pdf: bytes
) -> None:
    file = fake.add_file("cv.pdf", resume_pdf)
    body = event_body(dm_file_event(fake.file_object(file)), event_id="Ev0RETRIED")
    assert post(stack.base_url, "/slack/events", body, form=False).status_code == 200
    for attempt in ("1", "2"):
        retry = post(
            stack.base_url,
            "/slack/events",
            body,
            form=False,
            headers={"X-Slack-Retry-Num": attempt, "X-Slack-Retry-Reason": "http_timeout"},
        )
        assert retry.status_code == 200

    uploaded(fake)
    time.sleep(1.0)  # room for a wrongly started second job to show itself
    assert len(fake.of("files.completeUploadExternal")) == 1
    assert len(fake.of("chat.postMessage")) == 1
    assert len(stack.jobs(message_key(body))) == 1


def test_sign_in_page_instead_of_the_file_is_explained(
    stack: Stack, fake: FakeSlack, resume_pdf: bytes
) -> None:
    file = fake.add_file("cv.pdf", resume_pdf, mode="sign_in")
    view = open_modal(stack, fake)
    submit_modal(stack, fake, view, file.id)

    (update,) = fake.wait_for("chat.update", timeout=10)
    assert "sign-in page" in update.params["text"] and "files:read" in update.params["text"]
    assert stack.jobs(f"view:{view['id']}") == []  # nothing submitted
    assert fake.of("files.getUploadURLExternal") == []


def test_not_in_channel_hints_and_delivers_to_the_dm(
    stack: Stack, fake: FakeSlack, resume_pdf: bytes
) -> None:
    fake.not_in_channel.add("C0PRIVATE")
    file = fake.add_file("cv.pdf", resume_pdf)
    view = open_modal(stack, fake, channel="C0PRIVATE")
    submit_modal(stack, fake, view, file.id)

    complete, data = uploaded(fake)
    assert complete.params["channel_id"] == "D0ALICE"  # the DM's channel id, not the user id
    assert_improved_pdf(data, resume_pdf)
    (hint,) = fake.responses
    assert hint["response_type"] == "ephemeral" and "/invite" in hint["text"]
    assert fake.of("conversations.open")[0].params["users"] == "U0ALICE"


def test_rate_limit_is_waited_out(stack: Stack, fake: FakeSlack, resume_pdf: bytes) -> None:
    fake.rate_limit["files.completeUploadExternal"] = 1
    file = fake.add_file("cv.pdf", resume_pdf)
    view = open_modal(stack, fake)
    submit_modal(stack, fake, view, file.id, output_format="pdf")

    complete, data = uploaded(fake)
    assert fake.of("files.completeUploadExternal#429")  # Slack said 429 once...
    assert complete.params["channel_id"] == "C0CHAN"  # ...and the result still came
    assert_improved_pdf(data, resume_pdf)


def test_app_removed_from_the_channel_mid_job_delivers_to_the_dm(
    stack: Stack, fake: FakeSlack, resume_pdf: bytes
) -> None:
    fake.remove_after_first_post.add("C0GONE")  # the working note is the last post allowed
    file = fake.add_file("cv.pdf", resume_pdf)
    view = open_modal(stack, fake, channel="C0GONE")
    submit_modal(stack, fake, view, file.id)

    complete, data = uploaded(fake)
    assert complete.params["channel_id"] == "D0ALICE"
    assert_improved_pdf(data, resume_pdf)
    in_dm = [c for c in fake.of("chat.postMessage") if c.params["channel"] == "D0ALICE"]
    assert_within_limits(in_dm[0].params["blocks"])
    (hint,) = fake.responses  # chat.postEphemeral refused too: the command's response_url
    assert "direct messages" in hint["text"]
    stack.wait_status(f"view:{view['id']}", "succeeded")


def test_report_button_posts_the_change_report(
    stack: Stack, fake: FakeSlack, resume_pdf: bytes
) -> None:
    file = fake.add_file("cv.pdf", resume_pdf)
    view = open_modal(stack, fake)
    submit_modal(stack, fake, view, file.id)
    uploaded(fake)
    message = result_message(fake)
    button = message.params["blocks"][-1]["elements"][0]

    body = action_body(button, channel="C0CHAN", message_ts=message.params["ts"])
    assert post(stack.base_url, "/slack/interactive", body).status_code == 200
    report = fake.wait_for("files.completeUploadExternal", count=2, timeout=30)[1]
    assert report.params["channel_id"] == "C0CHAN"
    assert report.params["thread_ts"] == message.params["ts"]
    data = fake.uploads[report.params["files"][0]["id"]]
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        assert doc.page_count >= 1 and doc[0].get_text().strip()


def test_analyze_only_posts_the_score_and_no_file(
    stack: Stack, fake: FakeSlack, resume_pdf: bytes
) -> None:
    file = fake.add_file("cv.pdf", resume_pdf)
    view = open_modal(stack, fake)
    submit_modal(stack, fake, view, file.id, kind="analyze")

    message = result_message(fake)
    assert_within_limits(message.params["blocks"])
    assert all(b["type"] != "actions" for b in message.params["blocks"])  # no report to show
    stack.wait_status(f"view:{view['id']}", "succeeded")
    assert fake.of("files.getUploadURLExternal") == []


def test_docx_output_is_a_word_document(stack: Stack, fake: FakeSlack, resume_pdf: bytes) -> None:
    file = fake.add_file("cv.pdf", resume_pdf)
    view = open_modal(stack, fake)
    submit_modal(stack, fake, view, file.id, output_format="docx")

    complete, data = uploaded(fake)
    name = fake.upload_names[complete.params["files"][0]["id"]]
    assert name.endswith(".docx")
    document = docx.Document(io.BytesIO(data))
    assert sum(len(p.text.split()) for p in document.paragraphs) > 50


def test_plain_dm_gets_the_usage(stack: Stack, fake: FakeSlack) -> None:
    event = {
        "type": "message",
        "channel": "D0CAROL",
        "channel_type": "im",
        "user": "U0CAROL",
        "text": "hi",
        "ts": "1700000000.000100",
    }
    assert post(stack.base_url, "/slack/events", event_body(event), form=False).status_code == 200
    (answer,) = fake.wait_for("chat.postMessage", timeout=10)
    assert answer.params["channel"] == "D0CAROL" and "`/resume`" in answer.params["text"]
    assert fake.of("files.info") == []


def test_mention_with_a_file_answers_in_its_thread(
    stack: Stack, fake: FakeSlack, resume_pdf: bytes
) -> None:
    file = fake.add_file("cv.pdf", resume_pdf)
    event = {
        "type": "app_mention",
        "channel": "C0CHAN",
        "user": "U0DAN",
        "ts": "1700000001.000200",
        "text": "<@UBOT> please improve",
        "files": [fake.file_object(file)],
    }
    assert post(stack.base_url, "/slack/events", event_body(event), form=False).status_code == 200

    complete, data = uploaded(fake)
    assert complete.params["channel_id"] == "C0CHAN"
    assert complete.params["thread_ts"] == "1700000001.000200"  # the mention's thread
    (note,) = fake.of("chat.postMessage")
    assert note.params["thread_ts"] == "1700000001.000200"
    assert_improved_pdf(data, resume_pdf)


def test_oversized_file_in_a_dm_is_refused_before_download(
    stack: Stack, fake: FakeSlack, resume_pdf: bytes
) -> None:
    file = fake.add_file("cv.pdf", resume_pdf, size=11 * 1024 * 1024)
    body = event_body(dm_file_event(fake.file_object(file)))
    assert post(stack.base_url, "/slack/events", body, form=False).status_code == 200

    (update,) = fake.wait_for("chat.update", timeout=10)
    assert "too large" in update.params["text"]
    assert fake.download_auth == []
    assert stack.jobs(message_key(body)) == []


def test_sharing_the_same_file_again_is_a_new_job(
    stack: Stack, fake: FakeSlack, resume_pdf: bytes
) -> None:
    file = fake.add_file("cv.pdf", resume_pdf)
    first = dm_file_event(fake.file_object(file), user="U0ERIN", channel="D0ERIN")
    assert post(stack.base_url, "/slack/events", event_body(first), form=False).status_code == 200
    uploaded(fake)
    again = {**first, "ts": "1700000009.000900"}
    assert post(stack.base_url, "/slack/events", event_body(again), form=False).status_code == 200
    fake.wait_for("files.completeUploadExternal", count=2, timeout=RESULT_TIMEOUT)
