"""Every labelled corpus file through the public entry ``parse_document``, checked against its
label (``../shared/corpus/labels``; matching rules from that folder's README).

Refusals must carry their labelled code. Resumes must give the labelled name, email, phone
digits, section kinds in order, experience entry count, education entry count and language,
include the labelled profile links, and give each labelled position's title, organization and
dates.

The parse runs in-process (``isolate=False``): the child-process limit is tested with the
intake; here each file is parsed once per session and shared by the checks.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import phonenumbers
import pytest

from pipeline.errors import ResumeError
from pipeline.model import Resume
from pipeline.parse import parse_document
from tests.conftest import corpus_label, corpus_params

_CACHE: dict[str, Resume | ResumeError] = {}


def _parsed(path: Path) -> Resume | ResumeError:
    if path.name not in _CACHE:
        try:
            _CACHE[path.name] = parse_document(path.read_bytes(), path.name, isolate=False)
        except ResumeError as err:
            _CACHE[path.name] = err
    return _CACHE[path.name]


def _norm(value: str | None) -> str:
    """NFKC, case folding, whitespace ignored (the labels' rule for names and titles)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "").casefold())


def _link_key(url: str) -> str:
    return url.lower().removeprefix("www.")


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_file_matches_its_label(path: Path) -> None:
    label = corpus_label(path)
    result = _parsed(path)
    if label["outcome"] == "error":
        assert isinstance(result, ResumeError), f"{path.name} must be refused"
        assert result.code == label["error_code"]
        return
    assert isinstance(result, Resume), f"{path.name} was refused: {result!r}"
    contact = result.contact
    assert _norm(contact.name) == _norm(label["name"])
    assert (contact.email or "").lower() == (label["email"] or "").lower()
    assert re.sub(r"\D", "", contact.phone or "") == (label["phone_digits"] or "")
    if contact.phone and contact.phone.startswith("+"):
        number = phonenumbers.parse(contact.phone, None)
        if phonenumbers.is_possible_number(number):  # else kept as printed ("+1 (234) 567 890")
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            assert contact.phone == e164
    assert [s.kind.value for s in result.sections] == label["sections"]
    jobs = [e for s in result.sections if s.kind == "experience" for e in s.entries]
    assert len(jobs) == len(label["experience"])
    for entry, want in zip(jobs, label["experience"], strict=True):
        for field in ("title", "organization", "dates"):
            if want[field] is not None:  # the 履歴書's positions have no title
                assert _norm(getattr(entry, field)) == _norm(want[field]), (field, entry)
    # The first education section's entries: moderncv's "Master thesis" is an education
    # section whose lines the labels do not count as degrees.
    education = next((s.entries for s in result.sections if s.kind == "education"), [])
    assert len(education) == label["education_count"]
    assert result.language == label["language"]
    links = {_link_key(u) for u in contact.links}
    assert {_link_key(u) for u in label["links"]} <= links
    assert result.pages >= 1
