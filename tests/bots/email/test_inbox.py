"""The email channel end to end over real SMTP on 127.0.0.1.

Our SMTP server (``resume-engine smtp``) and a real Dramatiq worker run as subprocesses on a
private redis-server and a migrated SQLite database; smtplib is the sender; a second aiosmtpd
is the outbound relay and records what it receives.
"""

from __future__ import annotations

import os
import smtplib
import sys
import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage

import pymupdf
import pytest
from aiosmtpd.controller import Controller

from bots.email.mime import parse_bytes
from tests.bots.email.fixtures import eml, lines_pdf
from tests.support.jobs import job_env
from tests.support.processes import (
    RedisServer,
    free_port,
    service_process,
    worker_process,
)

INBOX = "resume@example.com"
FROM = "resume@engine.example"
MAX_BYTES = 2 * 1024 * 1024


class Relay:
    """The outbound relay: records every message it is handed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: N802
        msg = parse_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.messages.append(msg)
        return "250 OK"

    def replies_to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    def wait_for(self, address: str, count: int = 1, timeout: float = 45.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.replies_to(address)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(f"no reply to {address} within {timeout}s")


class Stack:
    def __init__(
        self, env: dict[str, str], smtp_port: int, relay: Relay, redis: RedisServer
    ) -> None:
        self.env, self.smtp_port, self.relay, self.redis = env, smtp_port, relay, redis

    def send(
        self, raw: bytes, mail_from: str, rcpt: str = INBOX, options: tuple[str, ...] = ()
    ) -> dict:
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=30) as client:
            return client.sendmail(mail_from, [rcpt], raw, mail_options=list(options))


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    relay = Relay()
    relay_port = free_port()
    controller = Controller(relay, hostname="127.0.0.1", port=relay_port, enable_SMTPUTF8=True)
    controller.start()
    redis = RedisServer().start()
    env = job_env(tmp_path_factory.mktemp("email"), redis.url)
    smtp_port = free_port()
    env.update(
        {
            "EMAIL__INBOX_ADDRESSES": INBOX,
            "EMAIL__FROM": FROM,
            "EMAIL__LISTEN_HOST": "127.0.0.1",
            "EMAIL__LISTEN_PORT": str(smtp_port),
            "EMAIL__MAX_MESSAGE_BYTES": str(MAX_BYTES),
            "EMAIL__RELAY_HOST": "127.0.0.1",
            "EMAIL__RELAY_PORT": str(relay_port),
            "EMAIL__RATE_LIMIT_PER_HOUR": "3",
        }
    )
    smtp = [sys.executable, "-m", "bots", "smtp"]
    try:
        with service_process(smtp, env, smtp_port, timeout=30), worker_process(env):
            yield Stack(env, smtp_port, relay, redis)
    finally:
        redis.close()
        controller.stop()


def _pdf_text(data: bytes) -> str:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return "\n".join(page.get_text() for page in doc)


def _attachments(msg: EmailMessage) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in msg.iter_attachments()}


@pytest.mark.parametrize(
    ("fixture", "sender", "improved_name"),
    [
        (
            "thunderbird-rfc2231-cyrillic.eml",
            "ivan.petrov@example.net",
            "Резюме_Иван_Петров-improved.pdf",
        ),
        (
            "outlook-rfc2047-in-quotes.eml",
            "j.mueller@example.org",
            "Lebenslauf_Jürgen_Müller-improved.pdf",
        ),
        (
            "folded-long-filename.eml",
            "alexandra@example.com",
            "Alexandra_Long-Name_Senior_Platform_Engineer_Resume_2026_final_version_two-improved.pdf",
        ),
        ("forwarded-resume.eml", "coach@example.org", "candidate-resume-improved.pdf"),
        ("html-only.eml", "priya@example.in", "priya-improved.pdf"),
    ],
)
def test_resume_gets_a_threaded_reply_with_the_improved_pdf(
    stack: Stack, fixture: str, sender: str, improved_name: str
) -> None:
    raw = eml(fixture)
    original = parse_bytes(raw)
    stack.send(raw, sender)
    [reply] = stack.relay.wait_for(sender)
    assert str(reply["Subject"]) == "Re: " + str(original["Subject"])
    assert reply["In-Reply-To"].strip() == original["Message-ID"]  # may be folded
    assert original["Message-ID"] in str(reply["References"])
    assert reply["Auto-Submitted"] == "auto-replied"
    files = _attachments(reply)
    assert improved_name in files, list(files)
    text = _pdf_text(files[improved_name])
    assert "Experience" in text or "EXPERIENCE" in text
    assert "change-report.pdf" in files
    body = reply.get_body(("plain",)).get_content()
    assert "score" in body.lower()
    assert reply.get_body(("html",)) is not None


def _already_strong_resume() -> bytes:
    """A fictional resume the rule engine has nothing to change in (checked by the test)."""
    lines = [
        "Casey Example",
        "casey.example@example.com | +1 415 555 0100 | Portland, OR",
        "",
        "EXPERIENCE",
        "Software Engineer, Acme Widgets    2020 - 2024",
        "\u2022 Built the billing service used by 40 teams.",
        "\u2022 Migrated 12 services to Kubernetes in 6 months.",
        "",
        "EDUCATION",
        "B.S. Computer Science, Oregon State University    2016 - 2020",
        "",
        "SKILLS",
        "Python, PostgreSQL, Redis, Docker",
    ]
    return lines_pdf(lines)


def test_unchanged_resume_is_not_called_improved(stack: Stack) -> None:
    from pipeline.process import run_inprocess

    pdf = _already_strong_resume()
    outcome = run_inprocess(pdf, "casey.pdf", isolate=False)
    assert outcome.changes is not None and outcome.changes.changes == []  # the premise
    sender = "casey.example@example.com"
    raw = eml("forwarded-resume.eml", pdf).replace(b"coach@example.org", sender.encode())
    raw = raw.replace(b"Message-ID: <", b"Message-ID: <unchanged-")
    stack.send(raw, sender)
    [reply] = stack.relay.wait_for(sender)
    body = reply.get_body(("plain",)).get_content()
    assert "its text needed no changes" in body
    assert "improved resume is attached" not in body


def test_non_ascii_envelope_sender_with_smtputf8(stack: Stack) -> None:
    raw = eml("raw-utf8-filename.eml")
    stack.send(raw, "zoë@example.se", options=("SMTPUTF8",))
    [reply] = stack.relay.wait_for("zoe@example.se")
    assert "CV_Zoë_Ångström-improved.pdf" in _attachments(reply)


def test_duplicate_message_id_is_one_job_and_one_reply(stack: Stack) -> None:
    raw = eml("forwarded-resume.eml").replace(b"coach@example.org", b"dup.sender@example.org")
    raw = raw.replace(b"<forward-0005@example.org>", b"<dup-0010@example.org>")
    first = stack.send(raw, "dup.sender@example.org")
    second = stack.send(raw, "dup.sender@example.org")
    assert first == {} and second == {}
    stack.relay.wait_for("dup.sender@example.org")
    time.sleep(3)  # a second job, if one had been made, would have replied by now
    assert len(stack.relay.replies_to("dup.sender@example.org")) == 1


def test_no_attachment_gets_a_helpful_reply(stack: Stack) -> None:
    stack.send(eml("no-attachment.eml"), "sam@example.com")
    [reply] = stack.relay.wait_for("sam@example.com")
    assert "did not find a resume" in reply.get_body(("plain",)).get_content()
    assert reply["In-Reply-To"].strip() == "<no-attachment-0007@example.com>"


def test_winmail_dat_is_answered_with_resend_as_pdf(stack: Stack) -> None:
    stack.send(eml("winmail-dat.eml"), "old.outlook@example.com")
    [reply] = stack.relay.wait_for("old.outlook@example.com")
    assert "winmail.dat" in reply.get_body(("plain",)).get_content()


def test_corrupt_pdf_gets_the_parser_refusal(stack: Stack) -> None:
    raw = eml("forwarded-resume.eml", pdf=b"%PDF-1.7\n" + b"\x00garbage" * 200)
    raw = raw.replace(b"coach@example.org", b"corrupt@example.org")
    raw = raw.replace(b"<forward-0005@example.org>", b"<corrupt-0011@example.org>")
    stack.send(raw, "corrupt@example.org")
    [reply] = stack.relay.wait_for("corrupt@example.org")
    body = reply.get_body(("plain",)).get_content()
    assert "damaged" in body or "cannot be opened" in body
    assert not list(reply.iter_attachments())


def test_auto_reply_gets_no_answer(stack: Stack) -> None:
    assert stack.send(eml("auto-reply.eml"), "busy.person@example.com") == {}
    stack.send(
        eml("no-attachment.eml")
        .replace(b"sam@example.com", b"after.oof@example.com")
        .replace(b"<no-attachment-0007", b"<after-oof-0012"),
        "after.oof@example.com",
    )
    stack.relay.wait_for("after.oof@example.com")
    time.sleep(1)
    assert stack.relay.replies_to("busy.person@example.com") == []


def test_unknown_recipient_refused_at_rcpt(stack: Stack) -> None:
    with pytest.raises(smtplib.SMTPRecipientsRefused) as info:
        stack.send(eml("no-attachment.eml"), "sam@example.com", rcpt="someone@example.com")
    assert info.value.recipients["someone@example.com"][0] == 550


def test_oversized_message_refused_with_552_and_size_advertised(stack: Stack) -> None:
    with smtplib.SMTP("127.0.0.1", stack.smtp_port, timeout=30) as client:
        client.ehlo()
        assert client.has_extn("size") and int(client.esmtp_features["size"]) == MAX_BYTES
        assert client.has_extn("smtputf8") and client.has_extn("8bitmime")
    big = eml("forwarded-resume.eml", pdf=b"%PDF-1.7\n" + os.urandom(MAX_BYTES))
    with pytest.raises((smtplib.SMTPSenderRefused, smtplib.SMTPDataError)) as info:
        stack.send(big, "big@example.com")
    assert info.value.smtp_code == 552


def test_junk_commands_do_not_break_the_server(stack: Stack) -> None:
    import socket

    with socket.create_connection(("127.0.0.1", stack.smtp_port), timeout=10) as sock:
        sock.recv(1024)
        sock.sendall(b"\x00\xff\xfe garbage\r\nNOT A COMMAND\r\nMAIL FROM:<<<>>>\r\n")
        time.sleep(0.3)
        sock.recv(4096)
    stack.send(
        eml("no-attachment.eml")
        .replace(b"sam@example.com", b"after.junk@example.com")
        .replace(b"<no-attachment-0007", b"<after-junk-0013"),
        "after.junk@example.com",
    )
    stack.relay.wait_for("after.junk@example.com")


def test_rate_limit_sends_one_polite_notice(stack: Stack) -> None:
    sender = b"eager@example.com"
    for i in range(5):
        raw = eml("no-attachment.eml").replace(b"sam@example.com", sender)
        raw = raw.replace(b"<no-attachment-0007", f"<eager-{i}".encode())
        stack.send(raw, sender.decode())
    replies = stack.relay.wait_for(sender.decode(), count=4)
    time.sleep(1)
    replies = stack.relay.replies_to(sender.decode())
    bodies = [r.get_body(("plain",)).get_content() for r in replies]
    assert len(bodies) == 4
    assert sum("paused replies" in b for b in bodies) == 1


def test_redis_down_answers_451_and_the_retry_is_delivered(stack: Stack) -> None:
    raw = eml("forwarded-resume.eml").replace(b"coach@example.org", b"retry@example.org")
    raw = raw.replace(b"<forward-0005@example.org>", b"<retry-0014@example.org>")
    stack.redis.stop()
    try:
        with pytest.raises(smtplib.SMTPDataError) as info:
            stack.send(raw, "retry@example.org")
        assert info.value.smtp_code == 451
    finally:
        stack.redis.start()
    # The sending server retries later; this time the job is stored and answered.
    for _ in range(50):
        try:
            stack.send(raw, "retry@example.org")
            break
        except smtplib.SMTPDataError:
            time.sleep(0.2)
    [reply] = stack.relay.wait_for("retry@example.org", timeout=60)
    assert "candidate-resume-improved.pdf" in _attachments(reply)
