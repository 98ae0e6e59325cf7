"""Real Bot API ``Update`` JSON, as Telegram POSTs it (https://core.telegram.org/bots/api#update)."""

from __future__ import annotations

import itertools
import time
from typing import Any

from tests.bots.telegram.fakeapi import BOT_ID, BOT_USERNAME

_update_ids = itertools.count(int(time.time()) % 1_000_000 * 100)
_message_ids = itertools.count(1)


def _user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Alex", "language_code": "en"}


def message(
    chat_id: int, user_id: int | None = None, *, chat_type: str = "private", **fields: Any
) -> dict[str, Any]:
    """An update carrying a message; ``fields`` are Message fields (text, document...)."""
    user_id = user_id or chat_id
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = "Alex"
    else:
        chat["title"] = "Job hunters"
    return {
        "update_id": next(_update_ids),
        "message": {
            "message_id": next(_message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": _user(user_id),
            **fields,
        },
    }


def command(chat_id: int, text: str, **kw: Any) -> dict[str, Any]:
    name = text.split()[0]
    return message(
        chat_id,
        text=text,
        entities=[{"type": "bot_command", "offset": 0, "length": len(name)}],
        **kw,
    )


def document(
    chat_id: int,
    file_id: str,
    file_name: str,
    mime: str,
    size: int | None,
    caption: str | None = None,
    **kw: Any,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "file_id": file_id,
        "file_unique_id": f"u-{file_id}",
        "file_name": file_name,
        "mime_type": mime,
    }
    if size is not None:
        doc["file_size"] = size
    extra: dict[str, Any] = {"document": doc}
    if caption is not None:
        extra["caption"] = caption
    return message(chat_id, **extra, **kw)


def mention_caption(text: str) -> dict[str, Any]:
    """Caption fields mentioning the bot first, as a group member would write it."""
    mention = f"@{BOT_USERNAME}"
    return {
        "caption": f"{mention} {text}",
        "caption_entities": [{"type": "mention", "offset": 0, "length": len(mention)}],
    }


def photo(chat_id: int, file_id: str) -> dict[str, Any]:
    sizes = [
        {
            "file_id": f"{file_id}-{w}",
            "file_unique_id": f"u-{file_id}-{w}",
            "width": w,
            "height": w,
            "file_size": w * 100,
        }
        for w in (90, 320, 800)
    ]
    return message(chat_id, photo=sizes)


def callback(chat_id: int, user_id: int, data: str, message_id: int) -> dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": str(next(_update_ids)),
            "from": _user(user_id),
            "chat_instance": "ci-1",
            "data": data,
            "message": {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private", "first_name": "Alex"},
                "from": {
                    "id": BOT_ID,
                    "is_bot": True,
                    "first_name": "Resume Engine",
                    "username": BOT_USERNAME,
                },
                "text": "What changed",
            },
        },
    }
