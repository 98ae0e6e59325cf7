"""Opening PDFs: encryption, damage, page limits, blank pages and scans (fictional fixtures)."""

from __future__ import annotations

import pymupdf
import pytest

from config.settings import LimitSettings
from pipeline.errors import Corrupt, Empty, Encrypted, NoTextLayer, TooManyPages
from pipeline.parse import parse_document
from pipeline.parse.open_pdf import encryption_handler, open_pdf

LIMITS = LimitSettings()

RESUME_LINES = [
    (20, True, "Jane Q. Roe"),
    (10, False, "jane.roe@example.org  |  +1 206 555 0100  |  Portland, OR"),
    (14, True, "Experience"),
    (10, True, "Senior Engineer, Acme Corp  2019 - 2024"),
    (10, False, "- Built the billing service used by 2 million customers"),
    (10, False, "- Cut deployment time from two hours to ten minutes"),
    (14, True, "Education"),
    (10, True, "BSc Computer Science, Portland State University  2011 - 2015"),
    (14, True, "Skills"),
    (10, False, "Python, PostgreSQL, Kubernetes, Terraform"),
]


def _scan_png() -> bytes:
    """A grey A4-shaped picture: what a phone scan of a resume looks like to a parser."""
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 210, 297), False)
    pix.clear_with(200)
    return pix.tobytes("png")


def _write_resume(page: pymupdf.Page) -> None:
    y = 72.0
    for size, bold, text in RESUME_LINES:
        page.insert_text((72, y), text, fontsize=size, fontname="hebo" if bold else "helv")
        y += size * 1.8


def make_pdf(
    *,
    text_pages: int = 1,
    blank_pages: int = 0,
    scan_pages: int = 0,
    background: bool = False,
    **save: object,
) -> bytes:
    doc = pymupdf.open()
    for _ in range(text_pages):
        page = doc.new_page()
        if background:  # a designer template: full-page raster behind real text
            page.insert_image(page.rect, stream=_scan_png())
        _write_resume(page)
    for _ in range(blank_pages):
        doc.new_page()
    for _ in range(scan_pages):
        page = doc.new_page()
        page.insert_image(page.rect, stream=_scan_png())
    return doc.tobytes(**save)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def aes_user_pdf() -> bytes:
    return make_pdf(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")


@pytest.mark.parametrize(
    "method",
    [pymupdf.PDF_ENCRYPT_AES_256, pymupdf.PDF_ENCRYPT_AES_128, pymupdf.PDF_ENCRYPT_RC4_128],
)
def test_user_password_is_refused_as_encrypted(method: int) -> None:
    data = make_pdf(encryption=method, user_pw="secret", owner_pw="owner")
    with pytest.raises(Encrypted) as err:
        open_pdf(data, LIMITS)
    assert "password" in err.value.message


def test_certificate_encryption_is_refused_as_encrypted(aes_user_pdf: bytes) -> None:
    """Adobe.PubSec: MuPDF cannot open it at all; the trailer's /Encrypt says why."""
    pubsec = aes_user_pdf.replace(
        b"/Filter/Standard", b"/Filter/Adobe.PubSec/SubFilter/adbe.pkcs7.s5"
    )
    assert pubsec != aes_user_pdf
    with pytest.raises(pymupdf.FileDataError):
        pymupdf.open(stream=pubsec, filetype="pdf")  # the generic failure we must see through
    with pytest.raises(Encrypted) as err:
        open_pdf(pubsec, LIMITS)
    assert "certificate" in err.value.message


def test_encryption_handler_follows_an_indirect_reference() -> None:
    data = (
        b"%PDF-1.6\n11 0 obj\n<< /Filter /Adobe.PubSec /V 4 /R 4 >>\nendobj\n"
        b"trailer\n<< /Size 12 /Root 1 0 R /Encrypt 11 0 R >>\n%%EOF\n"
    )
    assert encryption_handler(data) == "Adobe.PubSec"
    with pytest.raises(Encrypted):
        open_pdf(data, LIMITS)
    assert encryption_handler(b"%PDF-1.4\ntrailer\n<< /Root 1 0 R >>\n") is None


def test_owner_password_only_pdf_is_processed() -> None:
    data = make_pdf(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", permissions=0)
    assert b"/Encrypt" in data
    resume = parse_document(data, "locked.pdf")
    assert resume.contact.email == "jane.roe@example.org"
    assert resume.pages == 1


def test_user_password_via_parse_document(aes_user_pdf: bytes) -> None:
    with pytest.raises(Encrypted):
        parse_document(aes_user_pdf, "cv.pdf")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"%PDF-1.4\n" + bytes(range(256)) * 20, id="garbage-after-header"),
        pytest.param(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n", id="no-pages-no-xref"),
    ],
)
def test_damaged_pdf_is_corrupt_or_empty(data: bytes) -> None:
    with pytest.raises((Corrupt, Empty)) as err:
        parse_document(data, "broken.pdf")
    assert err.value.code in ("corrupt", "empty")


def test_truncated_pdf_is_corrupt() -> None:
    with pytest.raises(Corrupt):
        open_pdf(b"%PDF-1.5\n%\xe2\xe3\n\x00\x01\x02", LIMITS)


@pytest.mark.timeout(30)  # a safety net only: the point is that no page is loaded
def test_2000_pages_are_refused_from_the_page_tree() -> None:
    data = make_pdf(text_pages=1, blank_pages=1999)
    with pytest.raises(TooManyPages) as err:
        parse_document(data, "thesis.pdf")
    assert "2000 pages" in err.value.message
    assert "at most 10" in err.value.message


def test_page_limit_comes_from_the_limits() -> None:
    data = make_pdf(text_pages=3)
    with pytest.raises(TooManyPages):
        parse_document(data, limits=LimitSettings(max_pages=2))
    assert parse_document(data, limits=LimitSettings(max_pages=3)).pages == 3


def test_blank_page_is_empty() -> None:
    with pytest.raises(Empty):
        parse_document(make_pdf(text_pages=0, blank_pages=1), "blank.pdf")


def test_a_word_of_text_is_almost_empty_not_textless() -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "hello", fontsize=11)
    data = doc.tobytes()
    doc.close()
    with pytest.raises(Empty) as err:
        parse_document(data, "hello.pdf")
    assert "almost no text (5 letters or digits)" in err.value.message
    assert "no text and no images" not in err.value.message


def test_image_only_pdf_is_a_scan() -> None:
    with pytest.raises(NoTextLayer) as err:
        parse_document(make_pdf(text_pages=0, scan_pages=2), "scan.pdf")
    assert "scan" in err.value.message


def test_full_page_background_with_real_text_is_a_text_resume() -> None:
    resume = parse_document(make_pdf(background=True), "designed.pdf")
    assert resume.contact.email == "jane.roe@example.org"
    assert any(s.kind == "experience" for s in resume.sections)


def test_scanned_page_after_text_pages_gets_a_warning() -> None:
    resume = parse_document(make_pdf(text_pages=1, scan_pages=1), "mixed.pdf")
    assert resume.pages == 2
    assert any(w.startswith("Page 2 has no selectable text") for w in resume.warnings)


def _vector_page(paths: int) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    shape = page.new_shape()
    for i in range(paths):  # glyph outlines: many small filled paths
        x, y = 72 + (i % 40) * 11, 72 + (i // 40) * 14
        shape.draw_rect(pymupdf.Rect(x, y, x + 7, y + 10))
        shape.finish(fill=(0, 0, 0))
    shape.commit()
    return doc.tobytes()


def test_text_converted_to_outlines_is_a_scan_not_empty() -> None:
    with pytest.raises(NoTextLayer):
        parse_document(_vector_page(400), "outlined.pdf")


def test_a_few_rules_without_text_are_empty() -> None:
    with pytest.raises(Empty):
        parse_document(_vector_page(3), "form.pdf")


def _two_page_resume() -> bytes:
    return make_pdf(text_pages=2, garbage=0, deflate=False)


@pytest.mark.parametrize("keep", [0.4, 0.7, 0.97])
def test_cut_off_pdf_is_corrupt_not_partly_parsed(keep: float) -> None:
    data = _two_page_resume()
    cut = data[: int(len(data) * keep)]
    with pytest.raises(Corrupt) as err:
        parse_document(cut, "cv.pdf")
    assert "incomplete" in err.value.message


def test_harmlessly_repaired_pdf_still_opens() -> None:
    # A wrong startxref offset (as left by some editors' incremental updates) makes MuPDF
    # rebuild the xref table, but the file is complete: it ends with %%EOF.
    data = _two_page_resume()
    pos = data.rindex(b"startxref")
    broken = data[:pos] + b"startxref\n17\n%%EOF\n"
    doc = open_pdf(broken, LIMITS)
    try:
        assert doc.is_repaired
        assert doc.page_count == 2
    finally:
        doc.close()
    resume = parse_document(broken + b"\x00" * 300, "cv.pdf")  # junk after %%EOF is fine
    assert resume.contact.name == "Jane Q. Roe"
    assert resume.pages == 2
