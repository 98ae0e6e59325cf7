"""Whole jobs through real HTTP: the API process, a real worker, Redis and SQLite."""

from __future__ import annotations

import io
import uuid
import zipfile

import pymupdf
import pytest

from tests.bots.api.support import KEY_B, SAMPLE_DOCX, SAMPLE_PDF, wait_job
from tests.bots.api.test_requests import assert_problem

JOB_DESCRIPTION = "Backend engineer: Python, PostgreSQL, Redis, Docker, Kubernetes, REST APIs."


def submit(client, key, kind="generate", *, data=None, name="resume.pdf", **form):
    r = client.post(
        f"/api/v1/{kind}",
        headers=key,
        files={"file": (name, data or SAMPLE_PDF.read_bytes(), "application/pdf")},
        data=form,
    )
    assert r.status_code == 202, r.text
    return r


@pytest.fixture(scope="module")
def generated(stack):
    """One generate job (PDF, with a job description), finished."""
    import httpx

    key = {"X-API-Key": "test-key-alpha-0123456789"}
    with httpx.Client(base_url=stack.api.url, timeout=30) as c:
        accepted = submit(c, key, job_description=JOB_DESCRIPTION).json()
        status = wait_job(c, accepted["status_url"], key["X-API-Key"])
    return accepted, status


def test_submit_answers_202_with_links(generated, stack):
    accepted, _ = generated
    uuid.UUID(accepted["job_id"])
    assert accepted["status"] == "queued"
    assert accepted["status_url"] == f"{stack.api.url}/api/v1/generate/status/{accepted['job_id']}"
    assert accepted["result_url"] == f"{stack.api.url}/api/v1/generate/result/{accepted['job_id']}"


def test_status_reports_stage_timings(generated):
    _, status = generated
    assert status["status"] == "succeeded", status
    assert status["stage"] is None and status["error"] is None
    assert status["finished_at"] and status["created_at"] <= status["finished_at"]
    assert status["stage_timings"] and all(v >= 0 for v in status["stage_timings"].values())


def test_result_has_analysis_changes_summary_and_links(client, key_a, generated):
    accepted, _ = generated
    r = client.get(accepted["result_url"], headers=key_a)
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["status"] == "succeeded"
    assert 0 <= result["analysis_before"]["score"] <= 100
    assert 0 <= result["analysis_after"]["score"] <= 100
    assert result["analysis_before"]["keywords"]["total"] > 0  # the job description was used
    assert "changes" in result["changes"]
    assert "ATS score" in result["summary"]["headline"] and result["summary"]["items"]
    assert result["links"]["file"].endswith(f"/api/v1/jobs/{accepted['job_id']}/file")
    assert result["links"]["report"].endswith("?document=report")


def test_file_download_is_a_valid_pdf(client, key_a, generated):
    accepted, _ = generated
    r = client.get(f"/api/v1/jobs/{accepted['job_id']}/file", headers=key_a)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"].startswith("attachment; filename*=UTF-8''")
    with pymupdf.open(stream=r.content, filetype="pdf") as doc:
        assert doc.page_count >= 1
        assert len(doc[0].get_text()) > 100
    report = client.get(f"/api/v1/jobs/{accepted['job_id']}/file?document=report", headers=key_a)
    assert report.status_code == 200 and report.content.startswith(b"%PDF-")


def test_downloads_are_named_as_the_cli_names_its_files(client, key_a, generated):
    # resume.pdf -> resume-improved.pdf and resume-report.pdf (as `resume-engine improve`).
    accepted, _ = generated
    url = f"/api/v1/jobs/{accepted['job_id']}/file"
    names = {
        document: client.get(url, params={"document": document}, headers=key_a).headers[
            "content-disposition"
        ]
        for document in ("output", "report")
    }
    assert names["output"] == "attachment; filename*=UTF-8''resume-improved.pdf"
    assert names["report"] == "attachment; filename*=UTF-8''resume-report.pdf"


def test_another_key_sees_nothing(client, key_b, generated):
    accepted, _ = generated
    job = accepted["job_id"]
    assert_problem(client.get(accepted["status_url"], headers=key_b), 404, "job_not_found")
    assert_problem(client.get(accepted["result_url"], headers=key_b), 404)
    assert_problem(client.get(f"/api/v1/jobs/{job}/file", headers=key_b), 404)
    assert_problem(client.delete(f"/api/v1/jobs/{job}", headers=key_b), 404)


def test_wrong_module_in_the_path_is_404(client, key_a, generated):
    accepted, _ = generated
    r = client.get(f"/api/v1/analyze/status/{accepted['job_id']}", headers=key_a)
    assert_problem(r, 404, "job_not_found")


def test_docx_in_docx_out(client, key_a):
    r = client.post(
        "/api/v1/generate",
        headers=key_a,
        data={"format": "docx"},
        files={"file": ("cv.docx", SAMPLE_DOCX.read_bytes(), "application/octet-stream")},
    )
    assert r.status_code == 202, r.text
    status = wait_job(client, r.json()["status_url"], key_a["X-API-Key"])
    assert status["status"] == "succeeded", status
    f = client.get(f"/api/v1/jobs/{r.json()['job_id']}/file", headers=key_a)
    assert f.status_code == 200
    assert f.headers["content-type"].endswith("wordprocessingml.document")
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(f.content)).namelist()


def test_analyze_job_has_no_file(client, key_a):
    accepted = submit(client, key_a, "analyze").json()
    early = client.get(accepted["result_url"], headers=key_a)
    assert early.status_code in (200, 202)
    if early.status_code == 202:  # still running: the status document and a polling hint
        assert early.json()["status"] not in ("succeeded", "failed")
        assert early.headers["retry-after"] == "1"
    wait_job(client, accepted["status_url"], key_a["X-API-Key"])
    result = client.get(accepted["result_url"], headers=key_a).json()
    assert result["status"] == "succeeded"
    assert result["analysis_before"]["findings"] is not None
    assert result["links"]["file"] is None
    # Nothing was rewritten: no improved resume, but the parsed upload is there.
    assert result["resume"] is None and result["changes"] is None
    assert result["resume_before"]["contact"]["name"]
    assert bullets(result["resume_before"])
    r = client.get(f"/api/v1/jobs/{accepted['job_id']}/file", headers=key_a)
    assert_problem(r, 404, "document_not_found")


def test_a_refused_input_fails_the_job_with_its_code(client, key_a):
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a real pdf\n%%EOF\n"
    accepted = submit(client, key_a, "improve", data=broken).json()
    status = wait_job(client, accepted["status_url"], key_a["X-API-Key"])
    assert status["status"] == "failed"
    assert status["error"]["code"] in ("corrupt", "empty", "no_text_layer", "not_a_resume")
    assert status["error"]["message"]
    result = client.get(accepted["result_url"], headers=key_a).json()
    assert result["status"] == "failed" and result["error"] == status["error"]


def test_idempotency_key_makes_one_job(client):
    key = {"X-API-Key": KEY_B, "Idempotency-Key": f"order-{uuid.uuid4()}"}
    first = submit(client, key, "analyze").json()
    again = submit(client, key, "analyze").json()
    assert again["job_id"] == first["job_id"]
    other = submit(client, {"X-API-Key": KEY_B}, "analyze").json()
    assert other["job_id"] != first["job_id"]
    # The same key for another file or another endpoint is a client bug: 409, not the old job.
    r = client.post(
        "/api/v1/analyze", headers=key, files={"file": ("cv.docx", SAMPLE_DOCX.read_bytes())}
    )
    assert_problem(r, 409, "idempotency_key_reused")
    r = client.post(
        "/api/v1/improve", headers=key, files={"file": ("cv.pdf", SAMPLE_PDF.read_bytes())}
    )
    assert_problem(r, 409, "idempotency_key_reused")


def test_erasure_deletes_the_job_and_its_files(client, key_a):
    accepted = submit(client, key_a, "generate").json()
    wait_job(client, accepted["status_url"], key_a["X-API-Key"])
    job = accepted["job_id"]
    assert client.get(f"/api/v1/jobs/{job}/file", headers=key_a).status_code == 200
    r = client.delete(f"/api/v1/jobs/{job}", headers=key_a)
    assert r.status_code == 204 and r.content == b""
    assert_problem(client.get(accepted["status_url"], headers=key_a), 404)
    assert_problem(client.get(f"/api/v1/jobs/{job}/file", headers=key_a), 404)
    assert_problem(client.delete(f"/api/v1/jobs/{job}", headers=key_a), 404)


@pytest.mark.parametrize(
    "asked, article", [("improve", "an analyze"), ("analyze", "a generate")], ids=["an", "a"]
)
def test_status_under_another_module_is_404_naming_the_kind(client, key_a, asked, article):
    kind = article.split()[1]
    job_id = submit(client, key_a, kind).json()["job_id"]
    r = client.get(f"/api/v1/{asked}/status/{job_id}", headers=key_a)
    body = assert_problem(r, 404, "job_not_found")
    assert f"is {article} job, not {asked}." in body["detail"]


def bullets(resume: dict) -> dict[str, str]:
    """bullet id -> text of a resume in the public JSON shape."""
    return {
        b["id"]: b["text"]
        for section in resume["sections"]
        for entry in section["entries"]
        for b in entry["bullets"]
    }


def rewrites_of(result: dict) -> list[dict]:
    """The changes that rewrote a bullet of the improved resume."""
    ids = bullets(result["resume"])
    return [c for c in result["changes"]["changes"] if c["location"] in ids]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_improve_result_has_the_rewritten_resume(client, key_a):
    answer = submit(client, key_a, "improve", job_description=JOB_DESCRIPTION)
    accepted = answer.json()
    assert answer.headers["location"] == accepted["status_url"]
    status = wait_job(client, accepted["status_url"], key_a["X-API-Key"])
    assert status["status"] == "succeeded", status
    r = client.get(accepted["result_url"], headers=key_a)
    assert r.status_code == 200, r.text
    result = r.json()
    before, after = bullets(result["resume_before"]), bullets(result["resume"])
    assert before.keys() == after.keys()  # bullet ids are stable across the rewrite
    rewrites = rewrites_of(result)
    assert rewrites, result["changes"]
    for change in rewrites:
        assert after[change["location"]] == change["after"] != change["before"]
        assert before[change["location"]] == change["before"]
    # Bullets no change names are the same text before and after.
    untouched = before.keys() - {c["location"] for c in rewrites}
    assert all(before[i] == after[i] for i in untouched)
    assert result["resume"]["contact"]["name"] == result["resume_before"]["contact"]["name"]
    assert result["links"]["file"] is None  # improve renders no file


def test_generate_result_has_the_resume_of_the_file(client, key_a, generated):
    accepted, _ = generated
    result = client.get(accepted["result_url"], headers=key_a).json()
    after = bullets(result["resume"])
    assert all(after[c["location"]] == c["after"] for c in rewrites_of(result))
    # The downloaded PDF holds the improved resume's words, not the originals it replaced.
    pdf = client.get(result["links"]["file"], headers=key_a)
    with pymupdf.open(stream=pdf.content, filetype="pdf") as doc:
        text = " ".join(" ".join(page.get_text().split()) for page in doc)
    assert result["resume"]["contact"]["name"] in text
    rewritten = [(c["before"], c["after"]) for c in rewrites_of(result)]
    assert any(flat(a) in text and flat(b) not in text for b, a in rewritten), rewritten
