"""Shared fixtures. Sub-folders add their own conftest.py for what only they need."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

import pipeline  # noqa: F401  (first: keeps PyMuPDF from loading its layout analyser)
from config.settings import get_settings

# CI (CI=true) explores the same examples on every run, so a landing never hinges on luck; a
# developer's run explores new ones. No deadline: timings on a loaded 2-core machine are noise.
hypothesis_settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_MISSING = (
    f"the labelled resume corpus is not at {CORPUS} (it ships beside the project checkout in "
    "CI and the developers' machines, not in a user's clone)"
)


def corpus_files() -> list[Path]:
    """Corpus resumes that have a label, sorted; empty when the corpus is absent."""
    if not (CORPUS / "resumes").is_dir():
        return []
    return sorted(
        p for p in (CORPUS / "resumes").iterdir() if (CORPUS / "labels" / f"{p.name}.json").exists()
    )


def corpus_label(path: Path) -> dict:
    return json.loads((CORPUS / "labels" / f"{path.name}.json").read_text())


def corpus_params() -> list:
    """pytest params over the corpus: one skipped case with the reason when it is absent."""
    files = corpus_files()
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=CORPUS_MISSING), id="no-corpus")]
    return [pytest.param(p, id=p.name) for p in files]


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    """Each test reads the environment afresh (tests use monkeypatch.setenv)."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
