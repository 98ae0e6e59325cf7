"""The HTTP endpoints on `resume-engine serve`: signatures, the command ack, the modal."""

from __future__ import annotations

import json
import time

import pytest

from tests.bots.slack.fake_slack import FakeSlack
from tests.bots.slack.payloads import command_body, post, submission_body
from tests.bots.slack.stack import Stack

MB = 1024 * 1024


def test_bad_signature_is_refused(stack: Stack, fake: FakeSlack) -> None:
    body = command_body()
    response = post(
        stack.base_url, "/slack/commands", body, headers={"X-Slack-Signature": "v0=" + "0" * 64}
    )
    assert response.status_code == 401
    time.sleep(0.2)
    assert fake.of("views.open") == []


def test_stale_timestamp_is_refused(stack: Stack, fake: FakeSlack) -> None:
    # Correctly signed, but 6 minutes old: outside Slack's 5-minute replay window.
    response = post(
        stack.base_url, "/slack/commands", command_body(), timestamp=int(time.time()) - 6 * 60
    )
    assert response.status_code == 401
    time.sleep(0.2)
    assert fake.of("views.open") == []


def test_help_explains_usage(stack: Stack, fake: FakeSlack) -> None:
    response = post(stack.base_url, "/slack/commands", command_body("help"))
    assert response.status_code == 200
    answer = response.json()
    assert "`/resume`" in answer["text"] and "PDF or DOCX" in answer["text"]
    assert fake.of("views.open") == []


def test_command_acks_then_opens_the_modal(stack: Stack, fake: FakeSlack) -> None:
    response = post(stack.base_url, "/slack/commands", command_body())
    assert response.status_code == 200
    assert response.content == b""  # a bare ack: nothing shown in the channel
    (call,) = fake.wait_for("views.open", timeout=10)
    view = call.params["view"]
    assert view["type"] == "modal" and view["callback_id"] == "resume_submit"
    elements = {b["block_id"]: b for b in view["blocks"]}
    file_input = elements["file"]["element"]
    assert file_input["type"] == "file_input"
    assert file_input["filetypes"] == ["pdf", "docx"] and file_input["max_files"] == 1
    assert elements["job_description"]["optional"] is True
    assert elements["job_description"]["element"]["multiline"] is True
    kinds = [o["value"] for o in elements["kind"]["element"]["options"]]
    formats = [o["value"] for o in elements["format"]["element"]["options"]]
    assert kinds == ["improve", "analyze"] and formats == ["pdf", "docx"]
    assert '"channel_id":"C0CHAN"' in view["private_metadata"]


@pytest.mark.parametrize(
    ("name", "size", "expected"),
    [("cv.pdf", 11 * MB, "too large"), ("cv.png", 1000, "not a PDF or a Word")],
)
def test_bad_file_is_refused_in_the_modal(
    stack: Stack, fake: FakeSlack, resume_pdf: bytes, name: str, size: int, expected: str
) -> None:
    file = fake.add_file(name, resume_pdf, size=size)
    view = {
        "id": "V0REFUSED",
        "type": "modal",
        "callback_id": "resume_submit",
        "private_metadata": '{"channel_id":"C0CHAN","team_id":"T0001"}',
    }
    response = post(
        stack.base_url, "/slack/interactive", submission_body(view, fake.file_object(file))
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["response_action"] == "errors"
    assert expected in answer["errors"]["file"]
    time.sleep(0.3)
    assert fake.of("files.info") == [] and fake.download_auth == []
    assert stack.jobs("view:V0REFUSED") == []


def test_events_url_verification_challenge(stack: Stack) -> None:
    # Slack sends this once when the Request URL is saved in the app settings.
    body = json.dumps(
        {
            "token": "legacy",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    ).encode()
    response = post(stack.base_url, "/slack/events", body, form=False)
    assert response.status_code == 200
    assert response.json()["challenge"].startswith("3eZbrw1aBm2rZgRNFdxV")
