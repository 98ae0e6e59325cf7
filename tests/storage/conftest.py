"""Databases for storage tests: a fresh SQLite file, and a fresh PostgreSQL database.

PostgreSQL comes from ``TEST_POSTGRES_URL`` (default postgres://postgres@127.0.0.1:5432/test,
as on the CI and developer machines); each use gets its own throw-away database
(``CREATE DATABASE re_test_<random>``) so parallel runs never collide. When the server is
unreachable those cases are skipped with the reason.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.jobs import postgres_database


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database, unmigrated, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path / 'storage.sqlite3'}"
    else:
        with postgres_database() as url:
            yield url
