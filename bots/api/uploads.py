"""Upload checks: size while streaming and type by content, never by name or header.

Size: :class:`BodyCap` (pure ASGI middleware) answers 413 from ``Content-Length`` before
reading anything, and otherwise counts the body as it streams in and stops the request as soon
as the running total passes the cap, so an oversized body never sits whole in memory or on disk
(Starlette would otherwise spool the whole multipart body first). The cap is the file limit plus
:data:`FORM_OVERHEAD` for the multipart framing and the job description; the file part itself is
then checked exactly against ``settings.limits.max_file_bytes`` by :func:`read_upload`.
(FastAPI's own ``max_body_size`` answers ``text/plain``; our errors are problem+json.)

Type: decided from the content by the parser's own check (``pipeline.parse.sniff.sniff``), so
the API refuses exactly what ``resume-engine improve`` and the chat channels refuse, with the
same stable ``code`` and message. HTTP status by code: 415 when the content is not a PDF or
DOCX at all (``unsupported_type``; ``no_text_layer`` for a picture: PNG, JPEG...), 422 when it
is one but unusable (``empty``, ``corrupt``, ``encrypted``), 413 for ``too_large``.
"""

from __future__ import annotations

from fastapi import UploadFile
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bots.api.problems import ApiProblem, problem
from config.settings import LimitSettings
from pipeline.errors import NoTextLayer, ResumeError, TooLarge, UnsupportedType
from pipeline.parse.sniff import sniff
from storage.documents import DOCX, PDF

FORM_OVERHEAD = 256 * 1024  # multipart boundaries, part headers, a 20k-char job description
_CHUNK = 64 * 1024

MEDIA_TYPES = {"pdf": PDF, "docx": DOCX}

# The content is not a document we take at all: 415. Any other refusal of the upload (empty,
# damaged, password-protected) is about a PDF or DOCX we cannot use: 422.
_WRONG_TYPE = {UnsupportedType.code, NoTextLayer.code}


def refusal_status(error: ResumeError) -> int:
    """The HTTP status for a refused upload: 413, 415 or 422 (see the module docstring)."""
    if error.code == TooLarge.code:
        return 413
    return 415 if error.code in _WRONG_TYPE else 422


async def read_upload(upload: UploadFile, limits: LimitSettings) -> tuple[bytes, str]:
    """Read ``upload`` (at most ``limits.max_file_bytes``) and sniff it.

    Returns ``(data, content_type)``. Raises :class:`ApiProblem` 413 (``too_large``) when the
    file passes the limit, and otherwise the parser's refusal (its ``code`` and message) with
    the status of :func:`refusal_status`.
    """
    max_bytes = limits.max_file_bytes
    chunks: list[bytes] = []
    size = 0
    while chunk := await upload.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise ApiProblem(413, too_large_message(max_bytes), code=TooLarge.code)
        chunks.append(chunk)
    data = b"".join(chunks)
    try:
        kind = sniff(data, limits)
    except ResumeError as exc:
        raise ApiProblem(refusal_status(exc), exc.message, code=exc.code) from None
    return data, MEDIA_TYPES[kind]


def too_large_message(max_bytes: int) -> str:
    mb = max_bytes / (1024 * 1024)
    # "10 MB", "1.5 MB"; a limit under 1 MB in KB ("195 KB", not "0.190735 MB").
    # Rounded down, so the size named is always one that passes.
    size = f"{int(mb * 10) / 10:g} MB" if mb >= 1 else f"{max(1, max_bytes // 1024)} KB"
    return (
        f"This file is too large. Please send a PDF or DOCX under {size} "
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
