"""Message formatting against the Bot API limits (4,096 per message, 1,024 per caption)."""

from __future__ import annotations

import html

from bots.telegram.format import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    caption,
    improved_name,
    split_messages,
)


def test_improved_name_keeps_the_stem_and_uses_the_output_extension() -> None:
    assert improved_name("CV Jane Doe.docx") == "CV Jane Doe-improved.pdf"
    assert improved_name("resume.pdf", "docx") == "resume-improved.docx"
    assert improved_name("../../etc/passwd.pdf") == "passwd-improved.pdf"
    assert improved_name(None) == "resume-improved.pdf"


def test_caption_is_clipped_to_the_caption_limit() -> None:
    assert caption("ATS score 62 → 81") == "ATS score 62 → 81"
    long = caption("ATS score 62 → 81", "x" * 5000)
    assert len(long) == CAPTION_LIMIT and long.endswith("…")


def test_split_escapes_html_and_keeps_order_under_the_limit() -> None:
    items = [f"Rewrote <bullet> {i} & added a metric" for i in range(400)]
    messages = split_messages("<b>What changed</b>", items)
    assert len(messages) > 1
    assert all(len(m) <= MESSAGE_LIMIT for m in messages)
    assert messages[0].startswith("<b>What changed</b>\n• ")
    joined = "\n".join(messages)
    assert "<bullet>" not in joined and "&lt;bullet&gt; 0 &amp; added" in joined
    # Order preserved: most important first.
    assert joined.index("&lt;bullet&gt; 1 ") < joined.index("&lt;bullet&gt; 399 ")
    assert html.unescape(joined).count("• ") == 400


def test_an_item_longer_than_a_message_is_continued_without_cutting_an_entity() -> None:
    item = "&" * 5000  # each escapes to 5 characters: 25,000 escaped
    messages = split_messages("<b>T</b>", [item], limit=MESSAGE_LIMIT)
    assert all(len(m) <= MESSAGE_LIMIT for m in messages)
    body = "".join(m.removeprefix("<b>T</b>\n") for m in messages)
    assert body == "• " + "&amp;" * 5000


def test_no_items_no_messages() -> None:
    assert split_messages("<b>T</b>", []) == []
