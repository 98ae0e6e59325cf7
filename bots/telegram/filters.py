"""Who the bot listens to in group chats: only messages addressed to it."""

from __future__ import annotations

from aiogram import Bot
from aiogram.filters import Filter
from aiogram.types import Message


class Addressed(Filter):
    """Private chats always; in groups a message that mentions the bot or replies to it.

    Bots in groups with privacy mode see only such messages and commands anyway
    (https://core.telegram.org/bots/features#privacy-mode); this keeps a bot with privacy mode
    off from answering every file posted in a group.
    """

    async def __call__(self, message: Message, bot: Bot) -> bool:
        if message.chat.type == "private":
            return True
        reply = message.reply_to_message
        if reply is not None and reply.from_user is not None and reply.from_user.id == bot.id:
            return True
        text = message.text or message.caption or ""
        entities = message.entities or message.caption_entities or []
        me = await bot.me()
        mention = f"@{me.username}".lower() if me.username else None
        return any(
            entity.type == "mention"
            and mention is not None
            and entity.extract_from(text).lower() == mention
            for entity in entities
        )
