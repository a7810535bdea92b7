"""Databases for `vernly policy check --connect` and `vernly policy draft`, on SQLite,
PostgreSQL and MariaDB alike: an empty one per test, and the demo workspace per session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.connectors.conftest import DEMO_NOW, SYSTEMS
from tests.support.services import fresh_database
from vernly.connectors.demo.build import build_demo

BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.postgres),
    pytest.param("mariadb", marks=pytest.mark.mariadb),
]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend, for one test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shop.sqlite'}"
    else:
        with fresh_database(request.param) as url:
            yield url


@dataclass(frozen=True)
class DemoWorkspace:
    path: Path
    env: dict[str, str]
    """The VERNLY_*_URL variables its systems need (none on SQLite)."""


@pytest.fixture(scope="session", params=BACKENDS)
def demo_workspace(request: pytest.FixtureRequest,
                   tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoWorkspace]:
    """The demo, built once per backend; tests only read it."""
    path = tmp_path_factory.mktemp(f"demo_{request.param}")
    with ExitStack() as stack:
        env = {} if request.param == "sqlite" else {
            f"VERNLY_{s.upper()}_URL": stack.enter_context(fresh_database(request.param))
            for s in SYSTEMS}
        build_demo(path, 80, DEMO_NOW, env=env)
        yield DemoWorkspace(path, env)
