"""What every ``resume-engine`` command shares: how errors are printed and exit codes, reading
the resume and the job description, and where output files go.

Every error is one line on stderr, ``code: message`` (the same stable codes as the API and the
chat replies: ``encrypted``, ``not_found``, ``not_migrated``, ...); with ``--json`` the same
``{"error": {"code", "message"}}`` is also printed on stdout. Exit codes:

- 0: done.
- 1: the service side failed: the database or Redis is unreachable or not migrated, a job timed
  out or disappeared while waiting (``code: message`` on stderr), or an unexpected error
  (a traceback).
- 2: the input, the arguments or a required setting cannot be used: a missing, unreadable or
  refused file, a bad output path, a job that failed on its input, a channel's token not set
  (``code: message`` on stderr). Usage errors reported by the argument parser also exit 2.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REFUSED = 2

EXIT_CODES_HELP = (
    "exit status: 0 done; 1 the service side failed (database or Redis unreachable or not "
    "migrated, a wait timed out); 2 the input, the arguments or a required setting cannot be "
    "used. Every error is one line on stderr: 'code: message'."
)

# Names ending like this are files to the user, whatever their content: a job description
# argument with one of these suffixes that does not exist is a typo, not three words of text.
_FILE_SUFFIXES = frozenset(
    {".txt", ".md", ".markdown", ".text", ".rst", ".pdf", ".docx", ".doc", ".odt", ".rtf"}
    | {".html", ".htm", ".json"}
)
_SEPARATORS = tuple({"/", os.sep})

JOB_DESCRIPTION_HELP = (
    "the job description: a text file's path or the text itself. An existing file is read "
    "(a directory is refused); a single word that looks like a path (ends in .txt, .md, ..., "
    "starts with / ./ ../ ~ or names a file in an existing folder) but does not exist is "
    "refused as not_found; anything else is used as the text"
)


class CliError(Exception):
    """An error the command reports as ``code: message`` and exits with ``exit_code``."""

    def __init__(self, code: str, message: str, exit_code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.code, self.message, self.exit_code = code, message, exit_code


# The name the analyze/improve commands have always used for an input they cannot use.
Refusal = CliError


def print_error(code: str, message: str, *, json_out: bool = False) -> None:
    """``code: message`` on stderr; with ``json_out`` also ``{"error": ...}`` on stdout."""
    sys.stderr.write(f"{code}: {message}\n")
    if json_out:
        error = {"error": {"code": code, "message": message}}
        sys.stdout.write(json.dumps(error, ensure_ascii=False) + "\n")


def read_input(path: Path) -> bytes:
    """The resume file's bytes, or a :class:`CliError` saying why not."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CliError("not_found", f"No such file: {path}") from None
    except IsADirectoryError:
        raise CliError("not_a_file", f"{path} is a directory; give a PDF or DOCX file.") from None
    except PermissionError:
        raise CliError("not_readable", f"{path} cannot be read (permission denied).") from None
    except OSError as exc:
        raise CliError("not_readable", f"{path} cannot be read: {exc.strerror or exc}.") from None


def _looks_like_path(value: str) -> bool:
    """One word a person means as a file name, not as job description text."""
    if not value or any(ch.isspace() for ch in value):
        return False
    if value.startswith(("/", "./", "../", "~")) or value.endswith(_SEPARATORS):
        return True
    path = Path(value)
    if path.suffix.lower() in _FILE_SUFFIXES:
        return True
    # "jobs/backend" when ./jobs exists is a path; "CI/CD" or "Python/Go" is text.
    return any(sep in value for sep in _SEPARATORS) and path.parent.is_dir()


def job_description(value: str | None) -> str | None:
    """``--job-description``: an existing file's text, else the value itself as the text.

    A directory is refused (``not_a_file``); a value that looks like a path (see
    :func:`_looks_like_path`) but does not exist is refused (``not_found``) rather than silently
    matched as a one-word job description; a binary file (PDF, DOCX, ...) is refused
    (``not_text``).
    """
    if value is None:
        return None
    if not value.strip():  # "" would otherwise name the current directory
        raise CliError("empty_job_description", "The job description is empty.")
    text = value
    if "\n" not in value and len(value) < 4096:
        path = Path(value).expanduser()
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except (OSError, ValueError):  # a name too long for the OS, a NUL byte: text
            is_dir = exists = False
        if is_dir:
            raise CliError(
                "not_a_file",
                f"{value} is a directory: give the job description as a text file "
                "(e.g. jd.txt) or as the text itself.",
            )
        if exists:
            text = _read_text_file(path)
        elif _looks_like_path(value):
            raise CliError(
                "not_found",
                f"No such job description file: {value}",
            )
    text = text.strip()
    if not text:
        raise CliError("empty_job_description", "The job description is empty.")
    return text


def _read_text_file(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CliError("not_readable", f"{path} cannot be read: {exc.strerror or exc}.") from None
    if b"\x00" in raw[:8192] or raw.startswith((b"%PDF", b"PK\x03\x04")):
        raise CliError(
            "not_text",
            f"{path} is not a text file: give the job description as plain text "
            "(a .txt file, or the text itself).",
        )
    return raw.decode("utf-8", errors="replace")


def names_a_directory(raw: str) -> bool:
    """``-o out/`` (ends with a separator) or ``-o out`` where ``out`` is an existing folder."""
    return raw.endswith(_SEPARATORS) or Path(raw).expanduser().is_dir()


def output_path(raw: str | None, default_name: str) -> Path:
    """Where to write: ``raw`` itself, or ``raw/default_name`` when ``raw`` names a directory
    (one ending with a separator is created when written), or ``default_name`` in the current
    directory when ``raw`` is None.

    An empty path is refused (``empty_path``: ``Path("")`` would mean the current folder). A
    file name in a folder that does not exist is refused (``no_such_directory``): a typo in
    the folder would otherwise create a stray tree. Only a path ending with a separator asks
    for its folders to be created.
    """
    if raw is None:
        return Path(default_name)
    if not raw.strip():
        raise CliError("empty_path", "The output path is empty: give a file or folder name.")
    if names_a_directory(raw):
        return Path(raw).expanduser() / default_name
    target = Path(raw).expanduser()
    if not target.parent.is_dir():
        raise CliError(
            "no_such_directory",
            f"{target.parent} is not an existing folder: create it first, or end the path "
            "with / to have it created.",
        )
    return target


def check_suffix(target: Path, fmt: str, what: str, fix: str) -> None:
    """Refuse ``target`` when its extension names another file format than ``fmt``: the
    message is ``<target> ends in <suffix> but <what>: <fix>.``"""
    suffix = target.suffix.lower()
    if suffix in _FILE_SUFFIXES and suffix != f".{fmt}":
        raise CliError("format_mismatch", f"{target} ends in {target.suffix} but {what}: {fix}.")


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, creating its folders (:func:`output_path` has refused a
    missing folder unless asked for one); a :class:`CliError` when we cannot."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise CliError("cannot_write", f"cannot write {path}: {exc.strerror or exc}.") from None
