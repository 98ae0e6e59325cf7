"""Decide what an upload is from its bytes, never from its file name.

Users rename files freely: a spreadsheet saved as ``cv.pdf``, a web page "saved as PDF" from the
browser's File menu (which writes HTML), a phone photo sent as a document. The only accepted
kinds are PDF and DOCX; everything else is refused here, before any parser touches the bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Literal

from config.settings import LimitSettings
from pipeline.errors import Corrupt, Empty, Encrypted, NoTextLayer, TooLarge, UnsupportedType

Kind = Literal["pdf", "docx"]

# ISO 32000-1 §7.5.2 puts the header at byte 0, but Acrobat accepts it anywhere in the first
# 1024 bytes (Implementation note 13, PDF Reference 1.7), and real files carry junk before it.
_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
_PDF_HEADER_WINDOW = 1024

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# OLE2 compound file: legacy .doc/.xls/.ppt, and also password-protected OOXML (MS-OFFCRYPTO
# stores an encrypted .docx as an OLE file holding EncryptionInfo + EncryptedPackage streams).
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

# Raster formats people send instead of a document (photo, screenshot, scan).
_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<meta|<!--)", re.I)

_WORD_MAIN = "word/document.xml"
_ODF_MIMETYPE = "mimetype"


def sniff(data: bytes, limits: LimitSettings) -> Kind:
    """Return ``"pdf"`` or ``"docx"`` for ``data``, or refuse it.

    Args:
        data: the whole upload.
        limits: ``max_file_bytes`` is checked first, before looking at the content.

    Raises:
        TooLarge: more than ``limits.max_file_bytes`` bytes.
        Empty: zero bytes (or only whitespace).
        NoTextLayer: a raster image (PNG, JPEG, GIF, TIFF, BMP, WebP, HEIC): a picture of a
            resume has no text to read (the corpus labels an image upload ``no_text_layer``).
        Encrypted: a password-protected Word file (OLE container with an EncryptedPackage).
        UnsupportedType: anything else that is not PDF or DOCX: HTML, legacy .doc, a
            spreadsheet or other zip, RTF, plain text.
        Corrupt: a zip whose central directory cannot be read.
    """
    if len(data) > limits.max_file_bytes:
        raise TooLarge(
            f"This file is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{limits.max_file_bytes / 1_048_576:.0f} MB. Please export your resume again "
            "without large embedded images, or compress it, and send it again."
        )
    if not data or (len(data) < _PDF_HEADER_WINDOW and not data.strip()):
        raise Empty("This file is empty (0 bytes). Please check you sent the right file.")
    head = data[:_PDF_HEADER_WINDOW]
    if head.startswith(_ZIP_MAGIC):
        return _sniff_zip(data)
    if head.startswith(_OLE_MAGIC):
        if _OLE_ENCRYPTED_PACKAGE in data:
            raise Encrypted(
                "This Word document is password-protected. Please remove the password (File > "
                "Info > Protect Document) or export it as a PDF, and send it again."
            )
        raise UnsupportedType(
            "This is an old-style Word (.doc) or Office file. Please save it as .docx "
            "(File > Save As > Word Document) or export it as a PDF, and send it again."
        )
    image = _image_format(head)
    if image is not None:
        raise NoTextLayer(
            f"This is a picture ({image}), not a document: it has no text we can read. Please "
            "send your resume as the PDF or DOCX exported from your editor (Word, Google Docs, "
            "LaTeX...)."
        )
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    # Before the looser header search: a web page may quote "%PDF-" in its first 1 KB.
    if _HTML_START.match(head.lstrip(b"\xef\xbb\xbf")):
        raise UnsupportedType(
            "This is a web page (HTML), not a PDF. In your browser, use Print > Save as PDF "
            "instead of Save Page As, and send the PDF."
        )
    if _PDF_HEADER.search(head):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        raise UnsupportedType(
            "This is an RTF document. Please save it as .docx or export it as a PDF, and send "
            "it again."
        )
    raise UnsupportedType()


def _image_format(head: bytes) -> str | None:
    for magic, name in _IMAGE_MAGIC:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"avif"):
        return "HEIC"
    return None


def _sniff_zip(data: bytes) -> Kind:
    """A zip is a DOCX only when it holds ``word/document.xml``; ODF/XLSX/others are refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            odf_type = (
                archive.read(_ODF_MIMETYPE)[:100].decode("ascii", "replace")
                if _ODF_MIMETYPE in names
                else ""
            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError) as exc:
        raise Corrupt(
            "This file looks like a Word document or zip archive but it is damaged. Please "
            "export your resume again and send the new file."
        ) from exc
    if _WORD_MAIN in names:
        return "docx"
    if "spreadsheet" in odf_type or "xl/workbook.xml" in names:
        raise UnsupportedType(
            "This is a spreadsheet, not a resume document. Please send your resume as a PDF or "
            "DOCX file."
        )
    if odf_type.startswith("application/vnd.oasis.opendocument.text"):
        raise UnsupportedType(
            "This is an OpenDocument (.odt) file. Please save it as .docx or export it as a "
            "PDF, and send it again."
        )
    raise UnsupportedType(
        "This is a zip archive (or an Office file of another kind), not a PDF or a Word (.docx) "
        "document. Please send your resume itself as a PDF or DOCX file."
    )
