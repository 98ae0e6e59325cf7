"""Open a PDF with PyMuPDF and refuse what cannot be read before extraction starts.

Order matters: encryption and page count are checked from the document catalogue, before any
page is loaded, so a 2,000-page or password-protected file is refused in milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pymupdf

from config.settings import LimitSettings
from pipeline.errors import Corrupt, Empty, Encrypted, NoTextLayer, TooManyPages
from pipeline.parse.lines import Line

# The trailer (or cross-reference stream dictionary) names the security handler in /Encrypt,
# either inline (<<...>>) or as an indirect reference (n g R). MuPDF 1.28 fails to open a file
# whose handler it does not implement (Adobe.PubSec: certificate encryption) with a generic
# "Failed to open stream", so the raw bytes are the only place that says why.
_ENCRYPT_ENTRY = re.compile(rb"/Encrypt\s*(<<|(\d+)\s+(\d+)\s+R)")
_FILTER = re.compile(rb"/Filter\s*/([A-Za-z0-9_.#-]+)")
# A complete PDF ends with "%%EOF" (ISO 32000-1 7.5.5); Acrobat accepts it anywhere in the last
# 1,024 bytes (Adobe PDF Reference 1.7, implementation note 18), so trailing junk is allowed.
_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 1024

# Below this many letters/digits in the whole document there is nothing to improve: a scan's
# OCR-less page number, a stray "1", a blank template.
MIN_TEXT_CHARS = 20
# Vector paths on a textless page: text converted to outlines ("Create outlines" in design
# tools) draws thousands; a ruled but empty form or a clip rectangle draws a handful.
_MANY_PATHS = 200


def open_pdf(data: bytes, limits: LimitSettings) -> pymupdf.Document:
    """Open ``data`` as a PDF, checking encryption and the page count.

    Returns:
        An open document (the caller closes it). Owner-password-only files (permissions
        restrictions, no password needed to open) are returned and processed normally.

    Raises:
        Encrypted: a user password is needed (Standard handler, RC4 or AES), or the file is
            encrypted for certificate holders (Adobe.PubSec), which MuPDF cannot open at all.
        Corrupt: MuPDF cannot open the file even with repair, or the file is cut off (MuPDF
            had to repair it and no ``%%EOF`` is near the end: an interrupted download or
            upload, where the pages MuPDF still finds are only part of the resume).
        Empty: the PDF has no pages.
        TooManyPages: more than ``limits.max_pages`` pages (counted from the page tree,
            without loading pages).
    """
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as exc:
        handler = encryption_handler(data)
        if handler is not None:
            raise _encrypted(handler) from exc
        raise Corrupt() from exc
    try:
        # needs_pass stays true only when the empty user password failed (MuPDF tries it).
        # metadata is None in this state, and page_count is 0: check before touching either.
        if doc.needs_pass:
            raise _encrypted(encryption_handler(data) or "Standard")
        if is_truncated(data, repaired=doc.is_repaired):
            raise Corrupt(
                "This PDF is incomplete: the file ends before the end of the document (an "
                "interrupted download or upload?), so part of your resume would be lost. "
                "Please send the complete file again."
            )
        pages = doc.page_count
        if pages > limits.max_pages:
            raise TooManyPages(
                f"This document has {pages} pages; a resume should have at most "
                f"{limits.max_pages}. Please send your resume on its own, not a longer document."
            )
        if pages == 0:
            raise Empty("This PDF has no pages. Please check you sent the right file.")
    except BaseException:
        doc.close()
        raise
    return doc


def is_truncated(data: bytes, *, repaired: bool) -> bool:
    """True when ``data`` is a cut-off PDF: MuPDF had to rebuild its cross-reference table
    (``repaired``) and no ``%%EOF`` marker is in the last 1,024 bytes.

    Both are needed: real-world files that MuPDF repairs harmlessly (wrong xref offsets after
    an editor's incremental update) still end with ``%%EOF``, and a complete file with junk
    after its marker opens without repair. A truncated file loses its final xref/trailer and
    marker, and MuPDF silently keeps only the objects before the cut.
    """
    return repaired and _EOF_MARKER not in data[-_EOF_WINDOW:]


def encryption_handler(data: bytes) -> str | None:
    """The /Filter of the PDF's /Encrypt dictionary ("Standard", "Adobe.PubSec"...), or None.

    Looks at the last /Encrypt entry (the newest trailer after incremental updates). An
    indirect dictionary is found by its ``n g obj`` header. Returns "unknown" when /Encrypt is
    present but its filter cannot be located (it is still encrypted).
    """
    matches = list(_ENCRYPT_ENTRY.finditer(data))
    if not matches:
        return None
    last = matches[-1]
    if last.group(1) == b"<<":
        body = data[last.end() : last.end() + 4096]
    else:
        header = re.compile(rb"(?<!\d)%s\s+%s\s+obj\b" % (last.group(2), last.group(3)))
        found = None
        for found in header.finditer(data):  # noqa: B007 - the last definition wins
            pass
        if found is None:
            return "unknown"
        body = data[found.end() : found.end() + 4096]
    filt = _FILTER.search(body)
    return filt.group(1).decode("ascii", "replace") if filt else "unknown"


def _encrypted(handler: str) -> Encrypted:
    if handler == "Adobe.PubSec":
        return Encrypted(
            "This PDF is encrypted with a certificate (for named recipients only), so nobody "
            "else can open it. Please export or print it to a new PDF without security, and "
            "send it again."
        )
    return Encrypted()


def check_has_text(doc: pymupdf.Document, lines: Sequence[Line]) -> list[str]:
    """Refuse a PDF with no usable text; warn about pages that are pictures only.

    A page with a full-page raster background and real text over it is a text resume: only
    the text decides. Args: the open document and the extractor's lines.

    Returns:
        Warnings for the person, e.g. "Page 2 has no selectable text ...".

    Raises:
        NoTextLayer: fewer than ``MIN_TEXT_CHARS`` letters/digits and some page shows an image
            or many vector paths (a scan, a photo, or text converted to outlines).
        Empty: no text and nothing drawn (a blank page), or a few characters and nothing drawn.
    """
    chars_by_page: dict[int, int] = {}
    for line in lines:
        # map() rather than a generator: this runs over every character of every PDF.
        chars_by_page[line.page] = chars_by_page.get(line.page, 0) + sum(
            map(str.isalnum, line.text)
        )
    total = sum(chars_by_page.values())
    if total >= MIN_TEXT_CHARS:
        return [
            f"Page {number + 1} has no selectable text (it looks like a scanned image), so its "
            "content was not read."
            for number in range(doc.page_count)
            if chars_by_page.get(number, 0) == 0 and _page_shows_something(doc[number])
        ]
    if any(_page_shows_something(doc[number]) for number in range(doc.page_count)):
        raise NoTextLayer()
    if total:
        raise Empty(
            f"This document has almost no text ({total} letters or digits): there is no resume "
            "in it to read. Please check you sent the right file."
        )
    raise Empty()


def _page_shows_something(page: pymupdf.Page) -> bool:
    """True when the page draws an image (XObject or inline) or many vector paths."""
    if page.get_images(full=False):
        return True
    if page.get_image_info():  # also inline images, which get_images() does not list
        return True
    return len(page.get_cdrawings()) >= _MANY_PATHS
