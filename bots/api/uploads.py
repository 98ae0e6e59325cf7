"""Upload checks: size while streaming and type by content, never by name or header.

Size: :class:`BodyCap` (pure ASGI middleware) answers 413 from ``Content-Length`` before
reading anything, and otherwise counts the body as it streams in and stops the request as soon
as the running total passes the cap, so an oversized body never sits whole in memory or on disk
(Starlette would otherwise spool the whole multipart body first). The cap is the file limit plus
:data:`FORM_OVERHEAD` for the multipart framing and the job description; the file part itself is
then checked exactly against ``settings.limits.max_file_bytes`` by :func:`read_upload`.
(FastAPI's own ``max_body_size`` answers ``text/plain``; our errors are problem+json.)

Type: ``%PDF-`` within the first 1024 bytes (where PDF readers look for the header; Acrobat
tolerates leading bytes), or a ZIP holding ``word/document.xml`` (a DOCX, ECMA-376 Part 2).
Anything else is 415.
"""

from __future__ import annotations

import io
import zipfile

from fastapi import UploadFile
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bots.api.problems import ApiProblem, problem
from pipeline.errors import TooLarge, UnsupportedType
from storage.documents import DOCX, PDF

FORM_OVERHEAD = 256 * 1024  # multipart boundaries, part headers, a 20k-char job description
_CHUNK = 64 * 1024
PDF_HEADER_WINDOW = 1024


def sniff(data: bytes) -> str | None:
    """The content type of ``data`` (PDF or DOCX media type), or None when it is neither."""
    if b"%PDF-" in data[:PDF_HEADER_WINDOW]:
        return PDF
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
    return None


async def read_upload(upload: UploadFile, max_bytes: int) -> tuple[bytes, str]:
    """Read ``upload`` (at most ``max_bytes``) and sniff it.

    Returns ``(data, content_type)``. Raises :class:`ApiProblem` 413 (``too_large``) when the
    file passes ``max_bytes`` and 415 (``unsupported_type``) when it is not a PDF or a DOCX.
    """
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise ApiProblem(413, too_large_message(max_bytes), code=TooLarge.code)
        chunks.append(chunk)
    data = b"".join(chunks)
    content_type = sniff(data)
    if content_type is None:
        raise ApiProblem(415, UnsupportedType.default_message, code=UnsupportedType.code)
    return data, content_type


def too_large_message(max_bytes: int) -> str:
    mb = max_bytes / (1024 * 1024)
    return (
        f"This file is too large. Please send a PDF or DOCX under {mb:g} MB "
        "(export it again without embedded images, or compress it)."
    )


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when the streamed body passes the cap.

    An ``HTTPException`` so FastAPI re-raises it from body parsing (anything else becomes a
    400) and the app's handler answers 413 problem+json.
    """

    def __init__(self) -> None:
        super().__init__(status_code=413)


class BodyCap:
    """ASGI middleware capping every HTTP request body at ``max_file_bytes + FORM_OVERHEAD``."""

    def __init__(self, app: ASGIApp, max_file_bytes: int) -> None:
        self.app = app
        self.max_file_bytes = max_file_bytes
        self.max_bytes = max_file_bytes + FORM_OVERHEAD

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            request = Request(scope, receive)
            response = problem(
                request, 413, too_large_message(self.max_file_bytes), code="too_large"
            )
            # Tell the client we will not read the rest of its upload.
            response.headers["Connection"] = "close"
            await response(scope, receive, send)
            return
        total = 0

        async def capped_receive() -> Message:
            nonlocal total
            message = await receive()
            if message["type"] == "http.request":
                total += len(message.get("body", b""))
                if total > self.max_bytes:
                    raise BodyTooLarge()
            return message

        await self.app(scope, capped_receive, send)
