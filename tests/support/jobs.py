"""Job-queue helpers for tests: a migrated SQLite (or PostgreSQL) database and a worker env.

Typical use in a channel's test module::

    from tests.support.jobs import job_env, migrated
    from tests.support.processes import redis_server, worker_process

    @pytest.fixture(scope="module")
    def stack(tmp_path_factory):
        with redis_server() as redis:
            env = job_env(tmp_path_factory.mktemp("jobs"), redis.url)
            with worker_process(env) as worker:
                yield env, worker

``job_env`` returns the environment (``DATABASE_URL``, ``REDIS_URL``, fast dead-worker
recovery) for the worker subprocess; apply the same values in the test process with
``monkeypatch.setenv`` (or :func:`use_env`) before calling ``pipeline.jobs.submit``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from config.settings import Settings, get_settings

SINK_MODULE = "tests.support.sink"


def job_env(
    tmp_path: Path,
    redis_url: str,
    *,
    database_url: str | None = None,
    extra_modules: tuple[str, ...] = (SINK_MODULE,),
    max_attempts: int = 3,
) -> dict[str, str]:
    """Env for a worker (and the test process) on a freshly migrated database.

    Args:
        tmp_path: where the SQLite file goes (ignored when ``database_url`` is given).
        redis_url: the test's own redis-server.
        database_url: another database (e.g. PostgreSQL), migrated here too.
        extra_modules: worker modules to import besides the channel adapters; the default
            loads the ``testsink`` recording deliverer.
    Returns:
        ``{"DATABASE_URL": ..., "REDIS_URL": ..., "JOBS__...": ...}``.
    """
    url = database_url or f"sqlite://{tmp_path / 'jobs.sqlite3'}"
    migrate(url)
    return {
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "ENVIRONMENT": "test",
        # A SIGKILLed worker's messages come back within ~2 s instead of 60 s.
        "JOBS__HEARTBEAT_TIMEOUT_MS": "2000",
        "JOBS__MAINTENANCE_CHANCE": "1000000",
        "JOBS__MAX_ATTEMPTS": str(max_attempts),
        "JOBS__EXTRA_ADAPTER_MODULES": ",".join(extra_modules),
    }


def migrate(database_url: str) -> list[str]:
    """Apply the migrations to ``database_url`` (in a private event loop; call from sync code)."""
    from storage.db import migrate as apply

    return asyncio.run(apply(Settings(database_url=database_url)))


@contextlib.contextmanager
def use_env(env: dict[str, str]) -> Iterator[None]:
    """Apply ``env`` to this process (and the settings cache) for the duration."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    get_settings.cache_clear()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


def resume_pdf(variant: str = "") -> bytes:
    """A small fictional one-page resume PDF (reportlab); ``variant`` changes its bytes/sha256."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=True)
    y = 800.0

    def line(text: str, size: int = 10, gap: float = 14.0) -> None:
        nonlocal y
        pdf.setFont("Helvetica-Bold" if size > 11 else "Helvetica", size)
        pdf.drawString(60, y, text)
        y -= gap

    line("Alex Example", 18, 24)
    line("alex.example@example.com | +1 555 0100 | Springfield", 10, 22)
    line("EXPERIENCE", 12, 18)
    line("Software Engineer, Acme Corp, 2019 - 2024", 10)
    line("- Responsible for the billing service used by 40 teams")
    line("- Worked on migrating 12 services to Kubernetes, cutting costs by 30%")
    line("- Helped with on-call and incident reviews", 10, 22)
    line("Junior Developer, Initech, 2016 - 2019", 10)
    line("- Built internal reporting tools in Python and SQL", 10, 22)
    line("EDUCATION", 12, 18)
    line("BSc Computer Science, State University, 2016", 10, 22)
    line("SKILLS", 12, 18)
    line("Python, Go, PostgreSQL, Redis, Docker, Kubernetes" + (f", {variant}" if variant else ""))
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/test"


async def _pg_exec(url: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1), timeout=3)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database's URL; dropped afterwards. Skips when unreachable."""
    admin = os.environ.get("TEST_POSTGRES_URL", DEFAULT_PG)
    name = f"re_test_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_pg_exec(admin, f'CREATE DATABASE "{name}"'))
    except (OSError, TimeoutError, ImportError) as exc:
        pytest.skip(
            f"PostgreSQL unreachable at {urlsplit(admin).netloc} ({exc!r}); "
            "set TEST_POSTGRES_URL to run the PostgreSQL cases"
        )
    except Exception as exc:  # asyncpg's auth/permission errors
        pytest.skip(f"cannot create a test database on {urlsplit(admin).netloc}: {exc!r}")
    parts = urlsplit(admin)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        asyncio.run(_pg_exec(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
