"""The Telegram channel (aiogram 3): handlers, webhook and polling entry points, deliverer.

Handlers turn a chat message into a :class:`pipeline.jobs.JobRequest`; :mod:`.deliver` posts the
finished job back to the chat. Bot API limits used here (https://core.telegram.org/bots/api):
getFile downloads at most 20 MB, captions at most 1,024 characters, messages at most 4,096.
"""
