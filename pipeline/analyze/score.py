"""Score weights: how many points each category and each check may cost.

The score is 100 minus the points the findings cost. Each category has a maximum; per-bullet
checks share a budget spread over the checked bullets (a resume where every bullet fails a
check loses that check's whole budget, one failing bullet in twenty loses 1/20 of it). When the
findings of a category cost more than its maximum they are scaled down together, so the sum of
``Finding.points`` always equals the points lost: every lost point has a named finding.
"""

from __future__ import annotations

from pipeline.model import CategoryScore, Finding

CATEGORIES: dict[str, float] = {
    "parseability": 15.0,
    "sections": 20.0,
    "contact": 15.0,
    "dates": 15.0,
    "content": 35.0,
}

# Fixed costs (points).
COST = {
    "parser_warning": 3.0,
    "hidden_text": 3.0,
    "no_sections": 15.0,
    "missing_experience": 8.0,
    "missing_education": 5.0,
    "missing_skills": 4.0,
    "non_standard_heading": 1.5,
    "missing_name": 5.0,
    "missing_email": 5.0,
    "missing_phone": 3.0,
    "missing_location": 2.0,
    "no_bullets": 20.0,
    "too_short": 3.0,
    "too_long": 3.0,
}

# Budgets shared by all checked bullets / dated entries (points).
BUDGET = {
    "missing_dates": 15.0,
    "no_action_verb": 7.0,
    "weak_opener": 6.0,
    "first_person": 3.0,
    "passive_voice": 2.0,
    "no_metric": 6.0,
    "long_bullet": 3.0,
    "wrong_tense": 3.0,
    "repeated_opener": 2.0,
}


def cap(findings: list[Finding]) -> tuple[list[CategoryScore], list[Finding], int]:
    """Scale each category's findings to its maximum; return categories, findings, score."""
    out: list[Finding] = []
    categories: list[CategoryScore] = []
    for name, maximum in CATEGORIES.items():
        group = [f for f in findings if f.category == name]
        lost = sum(f.points for f in group)
        factor = maximum / lost if lost > maximum else 1.0
        scaled = [f.model_copy(update={"points": round(f.points * factor, 3)}) for f in group]
        out += scaled
        lost = min(lost, maximum)
        categories.append(
            CategoryScore(name=name, score=round(maximum - lost, 2), max_score=maximum)
        )
    total_lost = sum(c.max_score - c.score for c in categories)
    score = max(0, min(100, round(100 - total_lost)))
    return categories, out, score
