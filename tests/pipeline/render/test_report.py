"""The one-page change report."""

from __future__ import annotations

import pymupdf
import pytest

from pipeline.model import Analysis, CategoryScore, Change, ChangeSet, KeywordMatch
from pipeline.render import render_report

CATEGORIES = ("parseability", "sections", "contact", "dates", "content")


def _analysis(score: int, content: float, keywords: KeywordMatch | None = None) -> Analysis:
    cats = [CategoryScore(name=n, score=15, max_score=20) for n in CATEGORIES[:-1]]
    cats.append(CategoryScore(name="content", score=content, max_score=20))
    return Analysis(score=score, categories=cats, keywords=keywords)


def _open(pdf: bytes) -> pymupdf.Document:
    return pymupdf.open(stream=pdf, filetype="pdf")


def test_many_changes_still_fit_one_page_with_a_count_of_the_rest() -> None:
    changes = ChangeSet(
        changes=[
            Change(
                location=f"b{i}",
                before=f"Responsible for project {i} " * 4,
                after=f"Led project {i}",
                reason="Weak opener replaced",
            )
            for i in range(150)
        ],
        suggestions=[
            Change(
                location="b1",
                before="",
                after="Add how many users this served",
                reason="No measurable result",
                kind="suggestion",
            )
        ]
        * 6,
    )
    doc = _open(render_report(_analysis(55, 5), _analysis(71, 17), changes, "Zoë Åström"))
    assert doc.page_count == 1
    text = doc[0].get_text()
    shown = text.count("Weak opener replaced")
    assert 10 < shown < 150
    assert f"and {150 - shown} more changes" in text
    # the suggestions stay visible under the long change list
    assert text.count("No measurable result") >= 3 and "more suggestions" in text
    assert "ATS score 55 → 71" in text
    assert "Resume review: Zoë Åström" in text


def test_bar_chart_and_keywords() -> None:
    kw_before = KeywordMatch(
        matched=["python"], missing=["kubernetes", "go"], total=3, coverage=0.3
    )
    kw_after = KeywordMatch(matched=["python", "go"], missing=["kubernetes"], total=3, coverage=0.6)
    doc = _open(
        render_report(_analysis(60, 8, kw_before), _analysis(66, 14, kw_after), ChangeSet())
    )
    page = doc[0]
    text = page.get_text()
    for name in CATEGORIES:
        assert name.capitalize() in text  # category axis labels
    assert "matched 2 of 3 terms, weighted coverage 30% → 60%" in text
    assert "Missing: kubernetes" in text
    assert "No text needed changing." in text
    # the bars: filled rectangles in the before and after colours
    fills = {tuple(round(c, 2) for c in d["fill"]) for d in page.get_drawings() if d.get("fill")}
    assert (0.12, 0.44, 0.92) in fills and (0.6, 0.65, 0.69) in fills


@pytest.mark.parametrize("count", [0, 3, 40, 400])
@pytest.mark.parametrize(
    "text", ["short", "long " * 60, "长的句子" * 40], ids=["short", "long", "cjk"]
)
def test_always_one_page(count: int, text: str) -> None:
    changes = ChangeSet(
        changes=[
            Change(location=f"b{i}", before=text, after=text[::-1], reason=text)
            for i in range(count)
        ],
        suggestions=[Change(location="b", before="", after=text, reason="Add a metric")] * count,
        notes=[text] * min(count, 5),
    )
    doc = _open(render_report(_analysis(40, 3), _analysis(44, 6), changes, text[:40]))
    assert doc.page_count == 1
