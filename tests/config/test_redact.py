"""The log redactor masks phone numbers, e-mails and URL paths, and leaves operators' clues."""

from __future__ import annotations

import pytest

from config.redact import redact

PHONES = (
    "+1 415 555 0142",  # United States
    "(415) 555-0142",
    "415-555-0142",
    "415.555.0142",
    "+1-415-555-0142",
    "4155550142",
    "1-800-555-0199",
    "+44 20 7946 0958",  # United Kingdom
    "+44 (0) 20 7946 0958",
    "020 7946 0958",
    "+49 30 1234567",  # Germany
    "+49 (0)30 1234567",
    "030 1234567",
    "+33 6 12 34 56 78",  # France
    "06 12 34 56 78",
    "06.12.34.56.78",
    "+91 98765 43210",  # India
    "+86 138 0013 8000",  # China
    "13800138000",
    "+7 (495) 123-45-67",  # Russia
    "8 (495) 123-45-67",
    "+81 3-1234-5678",  # Japan
    "03-1234-5678",
    "+55 (11) 91234-5678",  # Brazil
    "+61 2 9374 4000",  # Australia
    "0412 345 678",
    "+39 06 6982 1234",  # Italy
    "+34 912 34 56 78",  # Spain
    "+31 20 123 4567",  # Netherlands
    "+234 803 123 4567",  # Nigeria
    "+972 50-123-4567",  # Israel
    "+52 55 1234 5678",  # Mexico
    "555 0100",
)


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_are_masked(phone: str) -> None:
    assert redact(f"call {phone} today") == "call [phone] today"
    assert redact(f"tel:{phone}") == "tel:[phone]"


@pytest.mark.parametrize(
    "text",
    [
        "alex.example@example.com",
        "a.b+tag@mail.example.co.uk",
    ],
)
def test_emails_are_masked(text: str) -> None:
    assert redact(f"from {text}, subject x") == "from [email], subject x"


def test_phone_after_a_non_phone_number_is_masked() -> None:
    assert redact("step 1.1 415 555 0142") == "step 1.1 [phone]"
    assert redact("2026-11-29 06 12 34 56 78") == "2026-11-29 [phone]"


@pytest.mark.parametrize(
    "text",
    [
        '"HTTP/1.1 500 Internal Server Error"',
        '"HTTP/1.1 200 OK"',
        "Python/3.11.7 httpx/0.27.0 v1.26.18",
        "build 10.0.19045.2965",
        "2026-11-29 12:12:14.123456",
        "2026-11-29T12:12:14.123+01:00",
        "at 12:12:14.123456",
        "due 29.11.2026",
        "took 1234567 ms",
        "took 1234.567 ms",
        "elapsed 12345.678",
        "size 10485760 bytes",
        "epoch 1732881134 / 1732881134123",
        "relay 127.0.0.1:2526 refused",
        "job 7031d4c2-8e1b-4a9f-b84a-479c11223344 failed",
        "job 00000000-0000-4000-8000-000000000000 queued",
    ],
)
def test_operator_clues_are_kept(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'POST https://hooks.slack.com/services/T0/B0/XYZ "HTTP/1.1 500 Internal Server Error"',
            'POST https://hooks.slack.com/[path] "HTTP/1.1 500 Internal Server Error"',
        ),
        ("GET http://127.0.0.1:8000/v1/jobs?x=1", "GET http://127.0.0.1:8000/[path]"),
        ("see https://example.com.", "see https://example.com."),
        ("see https://example.com/", "see https://example.com/"),
        ("(https://example.com/u/alex).", "(https://example.com/[path])."),
        ("https://example.com#alex", "https://example.com/[path]"),
        ("www.example.com/alex?ref=1", "www.example.com/[path]"),
        (
            "postgres://user:s3cret@db.example.com:5432/resumes",
            "postgres://[userinfo]@db.example.com:5432/[path]",
        ),
        ("redis://:pw@127.0.0.1:6379/0", "redis://[userinfo]@127.0.0.1:6379/[path]"),
    ],
)
def test_urls_keep_scheme_host_and_port(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_long_text_is_cut() -> None:
    out = redact("x" * 250)
    assert out.startswith("x" * 200) and out.endswith("[50 chars redacted]")
