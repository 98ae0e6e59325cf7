"""Every labelled corpus file through the public entry point: refusals give their labelled code,
resumes are accepted (their fields are checked by the layout tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ResumeError
from pipeline.parse import parse_document
from tests.conftest import corpus_label, corpus_params


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_outcome(path: Path) -> None:
    label = corpus_label(path)
    data = path.read_bytes()
    if label["outcome"] == "error":
        with pytest.raises(ResumeError) as err:
            parse_document(data, path.name)
        assert err.value.code == label["error_code"]
        assert err.value.message.endswith(".")  # a sentence that says what to do
    else:
        resume = parse_document(data, path.name)
        assert resume.pages >= 1
        assert resume.sections, "a labelled resume must yield sections"
