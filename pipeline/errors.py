"""User-facing error taxonomy.

Every refusal of an input is a :class:`ResumeError` subclass with a stable ``code`` and a plain
``message`` that tells the person what to do. Input errors are permanent: no retry.
"""

from __future__ import annotations

from typing import ClassVar


class ResumeError(Exception):
    """A permanent, user-caused problem with an input. ``str(err)`` is the user message."""

    code: ClassVar[str] = "invalid_input"
    default_message: ClassVar[str] = "We could not use this file."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class UnsupportedType(ResumeError):
    code = "unsupported_type"
    default_message = (
        "This file is not a PDF or a Word (.docx) document. "
        "Please send your resume as a PDF or DOCX file."
    )


class TooLarge(ResumeError):
    code = "too_large"
    default_message = (
        "This file is too large. Please send a PDF or DOCX under 10 MB "
        "(export it again without embedded images, or compress it)."
    )


class TooManyPages(ResumeError):
    code = "too_many_pages"
    default_message = (
        "This document has too many pages for a resume. Please send a resume of at most 10 pages."
    )


class Encrypted(ResumeError):
    code = "encrypted"
    default_message = (
        "This PDF is password-protected. Please remove the password (print or export it "
        "to a new PDF) and send it again."
    )


class Corrupt(ResumeError):
    code = "corrupt"
    default_message = (
        "This file is damaged and cannot be opened. Please export your resume again "
        "and send the new file."
    )


class Empty(ResumeError):
    code = "empty"
    default_message = (
        "This document is empty: it has no text and no images. Please check you sent the "
        "right file."
    )


class NoTextLayer(ResumeError):
    code = "no_text_layer"
    default_message = (
        "This looks like a scan or a photo: it has no selectable text. Please send the "
        "original PDF or DOCX exported from your editor (Word, Google Docs, LaTeX...)."
    )


class NotAResume(ResumeError):
    code = "not_a_resume"
    default_message = (
        "This does not look like a resume: we found no contact details and no standard "
        "sections (experience, education, skills). Please send your resume."
    )


class UnreadableText(ResumeError):
    code = "unreadable_text"
    default_message = (
        "The text in this PDF cannot be read reliably (its fonts do not map to real "
        "characters). Please export it again from your editor, or send the DOCX."
    )


class ParseTimeout(ResumeError):
    code = "parse_timeout"
    default_message = (
        "This file took too long to read. Please export it again as a simpler PDF, or send "
        "the DOCX."
    )


ERRORS: dict[str, type[ResumeError]] = {
    cls.code: cls
    for cls in (
        UnsupportedType,
        TooLarge,
        TooManyPages,
        Encrypted,
        Corrupt,
        Empty,
        NoTextLayer,
        NotAResume,
        UnreadableText,
        ParseTimeout,
    )
}


def error_from_code(code: str, message: str | None = None) -> ResumeError:
    """Rebuild an error from its code (e.g. after crossing a process boundary)."""
    return ERRORS.get(code, ResumeError)(message)
