"""The result message stays within Block Kit limits however long the summary is."""

from __future__ import annotations

from bots.slack.blocks import MAX_TOP_CHANGES, result_blocks
from tests.bots.slack.blockkit import assert_within_limits


def test_long_summary_is_cut_to_fit() -> None:
    items = [f"Rewrote bullet {i}: " + "x" * 900 for i in range(60)]
    built = result_blocks("ATS score 12 → 99 " + "y" * 300, items, "job-1")
    assert_within_limits(built)
    text = built[1]["text"]["text"]
    assert text.endswith("…")  # cut at 3,000 characters, marked
    assert len(built[0]["text"]["text"]) == 150


def test_top_changes_and_the_rest_counted() -> None:
    items = [f"change {i}" for i in range(12)]
    built = result_blocks("ATS score 62 → 81", items, "job-2")
    assert_within_limits(built)
    text = built[1]["text"]["text"]
    assert text.count("• ") == MAX_TOP_CHANGES
    assert "4 more" in text
    assert built[2]["elements"][0]["value"] == "job-2"


def test_user_text_cannot_inject_mentions() -> None:
    built = result_blocks("ATS score 1 → 2", ["<!channel> & <@U1>"], "j", report_button=False)
    assert built[1]["text"]["text"] == "• &lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert len(built) == 2
