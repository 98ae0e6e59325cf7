"""The action-verb lexicon reads American and British spellings of the same verb."""

from __future__ import annotations

import pytest

from pipeline.analyze.verbs import lookup


@pytest.mark.parametrize(
    "word", ["Localised", "Localized", "Internationalised", "Containerized", "Digitised"]
)
def test_localisation_and_platform_verbs_in_both_spellings(word: str) -> None:
    found = lookup(word)
    assert found is not None and found.strong
