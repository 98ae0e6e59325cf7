"""Reading real-world message shapes: filenames, nesting, bodies, loops."""

from __future__ import annotations

import pytest

from bots.email.loops import authenticated, auto_reason
from bots.email.mime import parse_bytes, read_message, strip_quotes_and_signature
from tests.bots.email.fixtures import eml, resume_pdf

OWN = {"resume@example.com"}


@pytest.mark.parametrize(
    ("fixture", "filename"),
    [
        ("thunderbird-rfc2231-cyrillic.eml", "Резюме_Иван_Петров.pdf"),
        ("outlook-rfc2047-in-quotes.eml", "Lebenslauf_Jürgen_Müller.pdf"),
        ("raw-utf8-filename.eml", "CV_Zoë_Ångström.pdf"),
        (
            "folded-long-filename.eml",
            "Alexandra_Long-Name_Senior_Platform_Engineer_Resume_2026_final_version_two.pdf",
        ),
        ("forwarded-resume.eml", "candidate-resume.pdf"),
        ("html-only.eml", "priya.pdf"),
    ],
)
def test_resume_attachment_found_with_decoded_filename(fixture: str, filename: str) -> None:
    mail = read_message(eml(fixture))
    assert mail.resume is not None
    assert mail.resume.filename == filename
    assert mail.resume.data == resume_pdf()


def test_threading_headers_and_reply_address() -> None:
    mail = read_message(eml("thunderbird-rfc2231-cyrillic.eml"))
    assert mail.message_id == "<5b8c1e2a-thunderbird-0001@example.net>"
    assert mail.reply_address == "ivan.petrov@example.net"
    assert mail.subject == "Моё резюме"


def test_job_description_from_text_body_without_signature() -> None:
    mail = read_message(eml("outlook-rfc2047-in-quotes.eml"))
    jd = mail.job_description
    assert jd is not None and "PostgreSQL and Redis" in jd and "Kubernetes" in jd


def test_html_only_body_becomes_text_without_quote_or_signature() -> None:
    mail = read_message(eml("html-only.eml"))
    jd = mail.job_description
    assert jd is not None
    assert "Senior Product Manager" in jd and "<b>" not in jd
    assert "old thread" not in jd and "Priya" not in jd.splitlines()[-1]


def test_short_greeting_is_not_a_job_description() -> None:
    assert read_message(eml("thunderbird-rfc2231-cyrillic.eml")).job_description is None


def test_no_attachment() -> None:
    mail = read_message(eml("no-attachment.eml"))
    assert mail.resume is None and mail.attachments == []


def test_unreadable_winmail_dat_is_flagged_not_lost() -> None:
    mail = read_message(eml("winmail-dat.eml"))
    assert mail.had_tnef and mail.resume is None


@pytest.mark.parametrize(
    ("headers", "mail_from", "reason"),
    [
        ("Auto-Submitted: auto-replied\n", "a@example.com", "Auto-Submitted: auto-replied"),
        ("Precedence: bulk\n", "a@example.com", "Precedence: bulk"),
        ("List-Id: <jobs.example.com>\n", "a@example.com", "List-Id present"),
        ("", "", "empty return path"),
        ("", "MAILER-DAEMON@example.com", "automated sender MAILER-DAEMON"),
        ("", "no-reply@example.com", "automated sender no-reply"),
        ("", "resume@example.com", "our own address"),
        ("Auto-Submitted: no\n", "person@example.com", None),
    ],
)
def test_auto_reason(headers: str, mail_from: str, reason: str | None) -> None:
    raw = f"From: {mail_from or 'x@example.com'}\n{headers}Subject: hi\n\nbody\n".encode()
    msg = parse_bytes(raw)
    assert auto_reason(msg, mail_from, mail_from or "x@example.com", OWN) == reason


def test_authentication_results() -> None:
    assert authenticated(["mx.example.com; dkim=pass header.d=example.org; spf=fail"])
    assert not authenticated(["mx.example.com; dkim=fail; spf=softfail"])


def test_quote_stripping() -> None:
    text = "Please see my CV.\n\nOn Mon, 1 Jan 2026 at 10:00, Bob <b@x.com> wrote:\n> old\n"
    assert strip_quotes_and_signature(text) == "Please see my CV."


def test_malformed_bytes_do_not_raise() -> None:
    mail = read_message(b"\x00\xff garbage \r\n\r\n\x89PNG")
    assert mail.resume is None
