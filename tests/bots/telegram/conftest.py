"""The Telegram stack, started once for the folder (see :mod:`tests.bots.telegram.stack`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.bots.telegram.stack import Stack, running_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("telegram")) as started:
        yield started
