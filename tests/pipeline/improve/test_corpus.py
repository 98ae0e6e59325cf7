"""The rule improver on every corpus resume: no fact added or lost, score never lower.

Files whose label says the outcome is an error are refused by the parser, so they have nothing
to improve and are skipped with that reason. The >= 90% action-verb share is a corpus-wide
figure reported by bench/quality.py; here every bullet left without an action verb must be one
the rules cannot fix without inventing what the person did (no verb anywhere at its start).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.analyze import analyze
from pipeline.analyze import bullets as b
from pipeline.analyze.findings import checked_bullets, is_english
from pipeline.improve import RuleImprover
from pipeline.improve.facts import extract_facts
from pipeline.improve.guard import guard_resume
from pipeline.model import Resume
from pipeline.parse import parse_document
from tests.conftest import corpus_label, corpus_params

JOBS = Path(__file__).resolve().parents[3] / "bench" / "data"
_cache: dict[Path, Resume] = {}


def _parsed(path: Path | None) -> Resume:
    if path is None:
        pytest.skip("no corpus")
    if corpus_label(path)["outcome"] != "resume":
        pytest.skip(f"label says the parser refuses this file ({corpus_label(path)['error_code']})")
    if path not in _cache:
        # isolate=False: the corpus is trusted input, and a child process per file would cost
        # more than the whole check (the parser's own tests cover isolation).
        _cache[path] = parse_document(path.read_bytes(), path.name, isolate=False)
    return _cache[path]


def _facts(resume: Resume) -> set[str]:
    blank = resume.model_copy(deep=True)
    for section in blank.sections:
        section.title = ""  # headings are checked by the guard, not as facts
    return extract_facts(blank.plain_text())


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params())
def test_no_fact_added_or_dropped_and_score_never_lower(path):
    resume = _parsed(path)
    raw, _changes = RuleImprover().rewrite(resume)
    assert guard_resume(resume, raw, None) == []
    out = RuleImprover().improve(resume)
    assert out.changes.rejected == 0
    assert _facts(out.resume) == _facts(resume)
    assert analyze(out.resume).score >= analyze(resume).score
    for jd_file in sorted(JOBS.glob("jd-*.txt")):
        jd = jd_file.read_text()
        with_jd = RuleImprover().improve(resume, jd).resume
        assert _facts(with_jd) - _facts(resume) == set(), jd_file.name
        assert _facts(resume) - _facts(with_jd) == set(), jd_file.name
        assert analyze(with_jd, jd).keywords.coverage == analyze(resume, jd).keywords.coverage


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_params())
def test_no_weak_opener_or_pronoun_left_and_no_fixable_bullet_without_a_verb(path):
    resume = _parsed(path)
    out = RuleImprover().improve(resume).resume
    if not is_english(out):
        assert out == resume  # nothing English-specific is applied to other languages
        return
    for *_where, bullet in checked_bullets(out):
        text = bullet.text
        assert b.weak_opener(text) is None, text
        assert not b.pronouns(text), text
        if not b.starts_with_action_verb(text):
            op = b.opener(text)
            assert op is None or op.verb is None, text
