"""The `slack` deliverer's error handling against the fake Web API (in this process).

Jobs here are unsaved `storage.models.Job` rows: `fail()` reads only the reply address and the
user message, so no database is needed to see what reaches Slack.
"""

from __future__ import annotations

import pytest

from bots.slack.app import build_client
from bots.slack.deliver import SlackDeliverer
from config.settings import SlackSettings
from pipeline.delivery import DeliveryGone, DeliveryRetry
from storage.models import Job
from tests.bots.slack.fake_slack import FakeSlack

REFUSAL = "This PDF is password-protected. Please remove the password and send it again."


def deliverer(fake: FakeSlack, token: str | None = None) -> SlackDeliverer:
    settings = SlackSettings(bot_token=token or fake.bot_token, api_base=fake.api_base)
    return SlackDeliverer(build_client(settings))


def failed_job(channel: str = "C0CHAN") -> Job:
    reply_to = {
        "team_id": "T0001",
        "channel_id": channel,
        "user_id": "U0ALICE",
        "thread_ts": "1700000000.000001",
        "note_ts": "1700000000.000001",
        "response_url": None,
    }
    return Job(
        channel="slack",
        kind="generate",
        reply_to=reply_to,
        error_code="encrypted",
        error_message=REFUSAL,
    )


async def test_fail_shows_the_refusal_on_the_note(fake: FakeSlack) -> None:
    await deliverer(fake).fail(failed_job())
    (update,) = fake.of("chat.update")
    assert update.params["ts"] == "1700000000.000001"
    assert update.params["text"] == REFUSAL


async def test_rate_limit_beyond_the_waits_asks_the_queue_to_retry(fake: FakeSlack) -> None:
    fake.rate_limit["chat.update"] = 100
    with pytest.raises(DeliveryRetry) as err:
        await deliverer(fake).fail(failed_job())
    assert err.value.retry_after == 0.0  # Slack's Retry-After, handed to the actor's backoff
    assert len(fake.of("chat.update#429")) == 4  # the first try and three waits


async def test_revoked_token_ends_delivery(fake: FakeSlack) -> None:
    with pytest.raises(DeliveryGone):
        await deliverer(fake, token="xoxb-revoked").fail(failed_job())


async def test_not_in_channel_moves_the_answer_to_the_dm(fake: FakeSlack) -> None:
    fake.not_in_channel.add("C0LEFT")
    await deliverer(fake).fail(failed_job("C0LEFT"))
    (dm,) = fake.of("chat.postMessage")
    assert dm.params["channel"] == "D0ALICE" and dm.params["text"] == REFUSAL
