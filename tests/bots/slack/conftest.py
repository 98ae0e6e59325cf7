"""Fixtures for the Slack app: the fake Slack server and the running stack (session-wide,
so the worker and the API app start once for the whole folder)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.bots.slack.fake_slack import FakeSlack
from tests.bots.slack.stack import BOT_TOKEN, TWO_PAGE_RESUME, Stack, running_stack


@pytest.fixture(scope="session")
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack(BOT_TOKEN) as fake:
        yield fake


@pytest.fixture
def fake(fake_slack: FakeSlack) -> FakeSlack:
    """The shared fake, with the previous test's calls and fault settings cleared."""
    fake_slack.reset()
    return fake_slack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, fake_slack: FakeSlack) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("slack-jobs")
    try:
        with running_stack(
            tmp, fake_slack, worker_log=bool(os.environ.get("SLACK_TEST_LOGS"))
        ) as stack:
            yield stack
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def resume_pdf() -> bytes:
    if not TWO_PAGE_RESUME.exists():
        pytest.fail(f"{TWO_PAGE_RESUME} is missing (examples/ is part of the repository)")
    return TWO_PAGE_RESUME.read_bytes()
