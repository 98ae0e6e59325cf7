"""Refusals over real HTTP: keys, rate limit, oversized and wrong-type uploads, unknown ids.

Every refusal must be RFC 9457 problem+json with a clear detail, and nothing must be stored.
"""

from __future__ import annotations

import io
import uuid
import zipfile

import httpx
import pytest

from bots.api.uploads import too_large_message
from config.settings import LimitSettings
from pipeline.errors import ResumeError
from pipeline.parse import parse_document
from tests.bots.api.conftest import MAX_FILE_BYTES
from tests.bots.api.support import SAMPLE_PDF

PROBLEM = "application/problem+json"


def assert_problem(r: httpx.Response, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"].startswith("https://")
    if code is not None:
        assert body["code"] == code
    return body


@pytest.mark.parametrize(
    "headers, code",
    [
        ({}, "missing_api_key"),
        ({"X-API-Key": "not-a-key"}, "invalid_api_key"),
        ({"X-API-Key": "test-key-alpha-012345678"}, "invalid_api_key"),
    ],  # a prefix of a real key
    ids=["missing", "wrong", "prefix"],
)
def test_submit_without_a_valid_key_is_401(client, headers, code):
    r = client.post(
        "/api/v1/analyze",
        headers=headers,
        files={"file": ("cv.pdf", SAMPLE_PDF.read_bytes(), "application/pdf")},
    )
    assert_problem(r, 401, code)
    assert r.headers["www-authenticate"] == "ApiKey"


def test_reads_need_a_key_too(client):
    assert_problem(client.get(f"/api/v1/analyze/status/{uuid.uuid4()}"), 401)
    assert_problem(client.get("/api/v1/webhooks"), 401)


def test_oversized_upload_with_content_length_is_413(client, key_a):
    data = b"%PDF-1.7\n" + b"0" * (MAX_FILE_BYTES + 300 * 1024)
    r = client.post(
        "/api/v1/analyze", headers=key_a, files={"file": ("big.pdf", data, "application/pdf")}
    )
    body = assert_problem(r, 413, "too_large")
    assert "1 MB" in body["detail"]


@pytest.mark.parametrize(
    "limit, named",
    [(10 * 1024 * 1024, "10 MB"), (1536 * 1024, "1.5 MB"), (2 * 1024 * 1024 - 1, "1.9 MB"),
     (200_000, "195 KB")],
)  # fmt: skip
def test_too_large_message_names_a_size_that_passes(limit, named):
    assert f"under {named} (" in too_large_message(limit)


def test_oversized_upload_streamed_without_length_is_cut_off(client, key_a):
    """Chunked upload (no Content-Length): the server stops reading once past the cap."""
    boundary = "re-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n'
    ).encode()
    sent = 0

    def body():
        nonlocal sent
        yield head
        chunk = b"0" * (64 * 1024)
        for _ in range(64):  # up to 4 MB, 4x the limit
            sent += len(chunk)
            yield chunk
        yield f"\r\n--{boundary}--\r\n".encode()

    r = client.post(
        "/api/v1/analyze",
        content=body(),
        headers={**key_a, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert_problem(r, 413, "too_large")


def test_file_just_over_the_limit_inside_the_form_cap_is_413(client, key_a):
    data = b"%PDF-1.7\n" + b"0" * MAX_FILE_BYTES
    r = client.post(
        "/api/v1/analyze", headers=key_a, files={"file": ("big.pdf", data, "application/pdf")}
    )
    assert_problem(r, 413, "too_large")


def _zip(names: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in names:
            z.writestr(name, "<x/>")
    return buf.getvalue()


def _ole(payload: bytes) -> bytes:
    """An OLE2 compound file header followed by ``payload`` (legacy .doc / encrypted .docx)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + payload


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize(
    "name, data, declared, status, code",
    [
        ("resume.pdf", b"Jane Doe\nEngineer\n" * 50, "application/pdf", 415, "unsupported_type"),
        ("resume.docx", _zip(["xl/workbook.xml"]), DOCX_TYPE, 415, "unsupported_type"),
        ("resume.pdf", b"<!DOCTYPE html><html><body>cv</body></html>", "application/pdf", 415,
         "unsupported_type"),
        ("resume.doc", _ole("WordDocument".encode("utf-16-le")), "application/msword", 415,
         "unsupported_type"),
        ("resume.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png", 415, "no_text_layer"),
        ("resume.pdf", b"\xff\xd8\xff\xe0" + b"\0" * 100, "application/pdf", 415,
         "no_text_layer"),
        ("empty.pdf", b"", "application/pdf", 422, "empty"),
        ("blank.pdf", b" \n" * 20, "application/pdf", 422, "empty"),
        ("resume.docx", b"PK\x03\x04" + b"\0" * 200, DOCX_TYPE, 422, "corrupt"),
        ("resume.docx", _ole("EncryptedPackage".encode("utf-16-le")), DOCX_TYPE, 422,
         "encrypted"),
    ],
    ids=["text-named-pdf", "zip-without-word", "html", "legacy-doc", "png", "jpeg-named-pdf",
         "empty", "whitespace", "broken-zip", "encrypted-docx"],
)  # fmt: skip
def test_refused_upload_has_the_parsers_code(client, key_a, name, data, declared, status, code):
    """The API refuses by content with the code and message the parser (and so the CLI and the
    chat channels) gives for the same bytes: 415 for a wrong type, 422 for an unusable file."""
    with pytest.raises(ResumeError) as parsed:
        parse_document(data, name, limits=LimitSettings(max_file_bytes=MAX_FILE_BYTES))
    assert parsed.value.code == code

    r = client.post("/api/v1/generate", headers=key_a, files={"file": (name, data, declared)})
    body = assert_problem(r, status, code)
    assert body["detail"] == parsed.value.message
    assert body["type"].endswith("/" + code)


def test_refused_upload_is_not_stored(client, key_a, stack):
    """A refused upload never becomes a job: the key's job list on the database is unchanged."""
    before = _api_jobs(stack)
    r = client.post(
        "/api/v1/analyze", headers=key_a, files={"file": ("empty.pdf", b"", "application/pdf")}
    )
    assert_problem(r, 422, "empty")
    assert _api_jobs(stack) == before


def _api_jobs(stack) -> int:
    import sqlite3

    path = stack.env["DATABASE_URL"].removeprefix("sqlite://")
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM job WHERE channel = 'api'").fetchone()[0]


def test_pdf_with_a_misleading_name_and_type_is_accepted(client, key_a):
    r = client.post(
        "/api/v1/analyze",
        headers=key_a,
        files={"file": ("notes.txt", SAMPLE_PDF.read_bytes(), "text/plain")},
    )
    assert r.status_code == 202, r.text


@pytest.mark.parametrize(
    "form, files",
    [({"format": "odt"}, True), ({}, False), ({"job_description": "x" * 20_001}, True)],
    ids=["bad-format", "no-file", "job-description-too-long"],
)
def test_invalid_form_is_422(client, key_a, form, files):
    kwargs = (
        {"files": {"file": ("cv.pdf", SAMPLE_PDF.read_bytes(), "application/pdf")}}
        if files
        else {"files": {"other": ("x", b"x")}}
    )
    r = client.post("/api/v1/generate", headers=key_a, data=form, **kwargs)
    assert_problem(r, 422, "validation_error")
    assert "x" * 100 not in r.text  # the rejected input is not echoed


@pytest.mark.parametrize("size", [1024 * 1024 + 1, 1024 * 1024 + 100 * 1024])
def test_job_description_over_the_form_parsers_part_limit_is_422(client, key_a, size):
    """Past the multipart parser's 1 MB per-field limit the answer is still the documented 422
    problem naming the limit (it was a bare 400 from the parser)."""
    r = client.post(
        "/api/v1/generate",
        headers=key_a,
        data={"job_description": "x" * size},
        files={"file": ("cv.pdf", SAMPLE_PDF.read_bytes(), "application/pdf")},
    )
    body = assert_problem(r, 422, "validation_error")
    assert "job_description may be at most 20000 characters" in body["detail"]
    assert body["errors"] and body["errors"][0]["type"] == "string_too_long"
    assert "x" * 100 not in r.text


@pytest.mark.parametrize(
    "path",
    ["/api/v1/analyze/status/{id}", "/api/v1/generate/result/{id}", "/api/v1/jobs/{id}/file"],
)
def test_unknown_job_is_404(client, key_a, path):
    assert_problem(client.get(path.format(id=uuid.uuid4()), headers=key_a), 404, "job_not_found")


def test_erasing_an_unknown_job_is_404(client, key_a):
    assert_problem(client.delete(f"/api/v1/jobs/{uuid.uuid4()}", headers=key_a), 404)


def test_malformed_job_id_is_422(client, key_a):
    assert_problem(client.get("/api/v1/analyze/status/not-a-uuid", headers=key_a), 422)


def test_unknown_module_and_route_are_problems(client, key_a):
    assert_problem(client.get(f"/api/v1/rewrite/status/{uuid.uuid4()}", headers=key_a), 422)
    assert_problem(client.get("/api/v1/nothing-here", headers=key_a), 404)
    assert_problem(client.put("/api/v1/analyze", headers=key_a), 405)


def test_rate_limit_is_429_with_retry_after(guarded):
    """The guarded server allows 5 requests per minute per key; the other key is unaffected."""
    key = {"X-API-Key": "test-key-bravo-9876543210"}
    with httpx.Client(base_url=guarded.url) as c:
        codes: list[int] = []
        while len(codes) < 12 and 429 not in codes:
            r = c.get("/api/v1/webhooks", headers=key)
            codes.append(r.status_code)
        # At least 5 pass before the first 429 (more only if a minute window ended meanwhile).
        assert codes[-1] == 429 and set(codes[:-1]) == {200} and len(codes) >= 6, codes
        body = assert_problem(r, 429, "rate_limited")
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert "per minute" in body["detail"]
        assert (
            c.get(
                "/api/v1/webhooks", headers={"X-API-Key": "test-key-alpha-0123456789"}
            ).status_code
            == 200
        )
