"""The deliverer's Bot API error policy, with the real aiogram Bot against the fake server."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from bots.telegram.client import make_bot
from bots.telegram.results import call
from config.settings import TelegramSettings
from pipeline.delivery import DeliveryGone, DeliveryRetry
from tests.bots.telegram.fakeapi import TOKEN, FakeBotAPI
from tests.support.processes import free_port


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeBotAPI]:
    server = FakeBotAPI()
    with server.running():
        yield server


def bot_for(url: str) -> Bot:
    return make_bot(TelegramSettings(bot_token=TOKEN, api_base=url))


async def test_short_flood_wait_is_waited_out_and_retried(fake: FakeBotAPI) -> None:
    bot = bot_for(fake.url)
    fake.retry_after_once("sendMessage", seconds=1, chat_id=11)
    t0 = time.monotonic()
    message = await call(lambda: bot.send_message(11, "hello"))
    assert message.text == "hello" and time.monotonic() - t0 >= 0.95
    assert len(fake.calls_of("sendMessage", 11)) == 2
    await bot.session.close()


async def test_long_flood_wait_goes_back_to_the_queue(fake: FakeBotAPI) -> None:
    bot = bot_for(fake.url)
    fake.retry_after_once("sendMessage", seconds=120, chat_id=12)
    with pytest.raises(DeliveryRetry) as caught:
        await call(lambda: bot.send_message(12, "hello"))
    assert caught.value.retry_after == 120
    await bot.session.close()


@pytest.mark.parametrize(
    ("code", "description"),
    [(403, "Forbidden: bot was blocked by the user"), (400, "Bad Request: chat not found")],
)
async def test_blocked_or_missing_chat_is_gone(
    fake: FakeBotAPI, code: int, description: str
) -> None:
    bot = bot_for(fake.url)
    fake.fail_next("sendMessage", code, description, chat_id=13)
    with pytest.raises(DeliveryGone):
        await call(lambda: bot.send_message(13, "hello"))
    await bot.session.close()


async def test_server_and_network_errors_are_retried(fake: FakeBotAPI) -> None:
    bot = bot_for(fake.url)
    fake.fail_next("sendMessage", 502, "Bad Gateway", chat_id=14)
    with pytest.raises(DeliveryRetry):
        await call(lambda: bot.send_message(14, "hello"))
    await bot.session.close()
    nowhere = bot_for(f"http://127.0.0.1:{free_port()}")  # nothing listens: connection refused
    with pytest.raises(DeliveryRetry):
        await call(lambda: nowhere.send_message(14, "hello"))
    await nowhere.session.close()


async def test_other_bad_requests_are_programming_errors(fake: FakeBotAPI) -> None:
    bot = bot_for(fake.url)
    fake.fail_next("sendMessage", 400, "Bad Request: can't parse entities", chat_id=15)
    with pytest.raises(TelegramBadRequest):
        await call(lambda: bot.send_message(15, "<b>broken"))
    await bot.session.close()
