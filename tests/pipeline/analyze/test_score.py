"""The score: deterministic, weighted, and every lost point traceable to a finding."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from pipeline.analyze import analyze
from pipeline.analyze.score import CATEGORIES
from tests.pipeline.resume_factory import entry, resume, resumes


def _lost(a) -> float:
    return sum(f.points for f in a.findings)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(resumes())
def test_every_lost_point_has_a_finding_with_a_location_and_fix(r):
    a = analyze(r)
    # Points are shown to 3 decimals; the score is rounded to a whole number.
    assert abs((100 - _lost(a)) - a.score) <= 0.5 + 0.0005 * len(a.findings)
    for c in a.categories:
        lost_here = sum(f.points for f in a.findings if f.category == c.name)
        assert abs((c.max_score - c.score) - lost_here) < 0.01 + 0.0005 * len(a.findings)
    for f in a.findings:
        assert f.points > 0 and f.fix and f.message
        if f.category in ("content", "dates") and f.code not in (
            "too_short",
            "too_long",
            "no_bullets",
        ):
            assert f.location


@settings(max_examples=30, deadline=None)
@given(resumes())
def test_deterministic(r):
    assert analyze(r) == analyze(r.model_copy(deep=True))


def test_weights_sum_to_100():
    assert sum(CATEGORIES.values()) == 100


def test_worse_bullets_score_lower():
    good = resume(entry("Led 6 analysts", "Cut costs by 12%", "Built 9 dashboards"))
    bad = resume(
        entry("Responsible for analysts", "I was helping with costs", "Dashboards were built")
    )
    assert analyze(bad).score < analyze(good).score


def test_keyword_match_never_changes_the_score():
    r = resume(entry("Built 9 dashboards in Python", "Led 6 analysts"))
    assert analyze(r).score == analyze(r, "Python, Kubernetes, Go and Terraform").score
    assert analyze(r).keywords is None
    assert analyze(r, "Python and Kubernetes").keywords is not None
