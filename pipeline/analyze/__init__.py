"""Deterministic ATS-style analysis of a parsed resume.

``analyze(resume, job_description=None) -> Analysis``: a 0-100 score from weighted categories
(parseability 15, sections 20, contact 15, dates 15, content 35; see :mod:`.score`), the
findings that cost points (each with its location and a one-line fix), and, with a job
description, the keyword match beside the score (:mod:`.keywords`, never part of the score).

Pure and deterministic: no randomness, no clock, no network; the same resume always gets the
same score. About 1 ms for a two-page resume.
"""

from __future__ import annotations

from pipeline.analyze.findings import all_findings
from pipeline.analyze.keywords import match_keywords
from pipeline.analyze.score import cap
from pipeline.model import Analysis, Resume


def analyze(resume: Resume, job_description: str | None = None) -> Analysis:
    """Score ``resume`` and list what cost points; match ``job_description`` if given."""
    categories, findings, score = cap(all_findings(resume))
    keywords = (
        match_keywords(resume, job_description)
        if job_description and job_description.strip()
        else None
    )
    return Analysis(score=score, categories=categories, findings=findings, keywords=keywords)


__all__ = ["analyze"]
