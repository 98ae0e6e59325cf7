"""Type sniffing by content: what is refused before any parser runs, and with which code."""

from __future__ import annotations

import io
import zipfile

import pytest

from config.settings import LimitSettings
from pipeline.errors import Corrupt, Empty, Encrypted, NoTextLayer, TooLarge, UnsupportedType
from pipeline.parse import parse_document
from pipeline.parse.sniff import sniff

LIMITS = LimitSettings()
PDF_HEAD = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buf.getvalue()


def test_pdf_header_found_after_leading_junk() -> None:
    assert sniff(b"\x00junk from a mail gateway\n" + PDF_HEAD, LIMITS) == "pdf"


def test_docx_is_a_zip_holding_word_document_xml() -> None:
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert sniff(data, LIMITS) == "docx"


def test_too_large_is_checked_before_the_content() -> None:
    limits = LimitSettings(max_file_bytes=1000)
    with pytest.raises(TooLarge) as err:
        sniff(PDF_HEAD + b"x" * 2000, limits)
    assert "limit" in err.value.message


@pytest.mark.parametrize(
    ("data", "error", "hint"),
    [
        pytest.param(
            b"<!DOCTYPE html>\n<html><head><title>CV</title></head><body>Jane</body></html>",
            UnsupportedType, "Save as PDF", id="html-saved-as-pdf",
        ),
        pytest.param(
            b"\xef\xbb\xbf  <html lang='en'><body>%PDF-1.4 is not a header here</body></html>",
            UnsupportedType, "web page", id="html-with-bom",
        ),
        pytest.param(
            _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                  "content.xml": b"<office:document-content/>"}),
            UnsupportedType, "spreadsheet", id="ods-renamed",
        ),
        pytest.param(
            _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
            UnsupportedType, "spreadsheet", id="xlsx-renamed",
        ),
        pytest.param(
            _zip({"[Content_Types].xml": b"<Types/>", "docProps/app.xml": b"<Properties/>"}),
            UnsupportedType, "zip archive", id="zip-renamed-docx-without-document-xml",
        ),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, UnsupportedType, ".docx",
            id="legacy-doc",
        ),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64
            + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64,
            Encrypted, "password", id="password-protected-docx",
        ),
        pytest.param(b"{\\rtf1\\ansi Jane Roe}", UnsupportedType, "RTF", id="rtf"),
        pytest.param(b"Jane Roe\nEngineer\n", UnsupportedType, "PDF or a Word", id="text"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, NoTextLayer, "PNG", id="png"),
        pytest.param(b"\xff\xd8\xff\xe0" + b"\x00" * 100, NoTextLayer, "JPEG", id="jpeg"),
        pytest.param(b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 100, NoTextLayer, "WebP",
                     id="webp"),
        pytest.param(b"", Empty, "empty", id="zero-bytes"),
        pytest.param(b"PK\x03\x04 truncated", Corrupt, "damaged", id="broken-zip"),
    ],
)  # fmt: skip
def test_refused_by_content(data: bytes, error: type, hint: str) -> None:
    with pytest.raises(error) as err:
        sniff(data, LIMITS)
    assert hint in err.value.message


def test_file_name_is_ignored() -> None:
    """An image named resume.pdf is still an image; refusal happens before any child runs."""
    with pytest.raises(NoTextLayer):
        parse_document(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "resume.pdf")
    with pytest.raises(UnsupportedType):
        parse_document(b"<html><body>cv</body></html>", "resume.docx")
