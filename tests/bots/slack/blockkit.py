"""Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks), checked on what the
app actually sent."""

from __future__ import annotations

from typing import Any


def assert_within_limits(blocks: list[dict[str, Any]], *, max_blocks: int = 50) -> None:
    assert 0 < len(blocks) <= max_blocks
    for block in blocks:
        kind = block["type"]
        if kind == "section":
            assert len(block["text"]["text"]) <= 3000
        elif kind == "header":
            assert block["text"]["type"] == "plain_text" and len(block["text"]["text"]) <= 150
        elif kind == "actions":
            assert 0 < len(block["elements"]) <= 25
            for element in block["elements"]:
                assert len(element["text"]["text"]) <= 75
                assert len(element.get("value", "")) <= 2000
                assert len(element["action_id"]) <= 255
        else:
            raise AssertionError(f"unexpected block type {kind}")
        if "block_id" in block:
            assert len(block["block_id"]) <= 255
