"""Reaching the real services tests use: PostgreSQL, MariaDB, SMTP, Chromium.

On a laptop without a service the test is skipped with a one-line reason; in CI
(`VERNLY_REQUIRE_SERVICES=1`) it fails instead, so a missing server is never green.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

PG_ADMIN = os.environ.get("VERNLY_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
MARIADB_ADMIN = os.environ.get("VERNLY_TEST_MARIADB", "mysql+pymysql://root@127.0.0.1:3306/test")
CHROMIUM = os.environ.get("VERNLY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def unavailable(reason: str) -> None:
    if os.environ.get("VERNLY_REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(reason)


def _reachable(url: str) -> str | None:
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any driver error means "not here"
        return f"{url.split('@')[-1]} not reachable ({type(exc).__name__})"


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """Create an empty, uniquely named database on the real server and drop it afterwards."""
    admin = PG_ADMIN if kind == "postgresql" else MARIADB_ADMIN
    problem = _reachable(admin)
    if problem:
        unavailable(problem)
    name = f"vernly_t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    base = admin.rsplit("/", 1)[0]
    url = f"{base}/{name}" + ("?charset=utf8mb4" if kind == "mariadb" else "")
    try:
        yield url
    finally:
        drop = (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)" if kind == "postgresql"
                else f"DROP DATABASE IF EXISTS {name}")
        with engine.connect() as conn:
            conn.execute(text(drop))
        engine.dispose()


def chromium_path() -> str:
    path = shutil.which(CHROMIUM) or (CHROMIUM if os.path.exists(CHROMIUM) else None)
    if not path:
        unavailable(f"Chromium not installed at {CHROMIUM}")
    assert path
    return path
