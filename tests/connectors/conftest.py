"""The cast in the demo's three databases, on SQLite, PostgreSQL and MariaDB alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, select, text

from tests.connectors.cast import ROWS
from tests.support.services import fresh_database
from vernly.connectors.datamap import DataMap
from vernly.connectors.demo.build import DemoSummary, build_demo
from vernly.connectors.demo.schema import build_metadata, create_schema
from vernly.policy.loader import load_example
from vernly.policy.models import Policy

SYSTEMS = ("webshop", "cases", "visitors")


@dataclass
class World:
    """The cast's databases, a data map over them, and direct SQL for checking it."""

    policy: Policy
    datamap: DataMap
    engines: dict[str, Engine]
    workspace: Path
    env: dict[str, str]

    def ids(self, system: str, query: str, **params: Any) -> set[Any]:
        with self.engines[system].connect() as conn:
            return {row[0] for row in conn.execute(text(query), params)}

    def snapshot(self) -> dict[tuple[str, str], list[tuple[Any, ...]]]:
        """Every row of every table, for 'nothing changed' checks."""
        out = {}
        for system in SYSTEMS:
            sql = self.datamap.sql(system)
            with self.engines[system].connect() as conn:
                for name in sql.specs:
                    table = sql.table(name)
                    out[(system, name)] = sorted(
                        tuple(map(repr, row)) for row in conn.execute(select(table)))
        return out


def _databases(kind: str) -> Iterator[dict[str, str]]:
    policy = load_example().policy
    with ExitStack() as stack:
        urls = {s: stack.enter_context(fresh_database(kind)) for s in SYSTEMS}
        for system_id, url in urls.items():
            engine = create_engine(url)
            create_schema(policy.system(system_id), engine, policy.systems)
            engine.dispose()
        yield urls


@pytest.fixture(scope="session")
def postgres_systems() -> Iterator[dict[str, str]]:
    """Three PostgreSQL databases with the demo schema for the session."""
    yield from _databases("postgresql")


@pytest.fixture(scope="session")
def mariadb_systems() -> Iterator[dict[str, str]]:
    """Three MariaDB databases with the demo schema for the session."""
    yield from _databases("mariadb")


def _load_cast(policy: Policy, engines: dict[str, Engine], fresh: bool) -> None:
    for system_id, engine in engines.items():
        if fresh:
            metadata, _ = create_schema(policy.system(system_id), engine, policy.systems)
        else:
            metadata, _ = build_metadata(policy.system(system_id), policy.systems)
        with engine.begin() as conn:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
            for table in metadata.sorted_tables:
                if ROWS[system_id].get(table.name):
                    conn.execute(table.insert(), ROWS[system_id][table.name])


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    policy = load_example().policy
    if request.param == "sqlite":
        urls = {s: f"sqlite:///{tmp_path / f'{s}.sqlite'}" for s in SYSTEMS}
    else:
        urls = request.getfixturevalue(
            "postgres_systems" if request.param == "postgresql" else "mariadb_systems")
    engines = {s: create_engine(url) for s, url in urls.items()}
    _load_cast(policy, engines, fresh=request.param == "sqlite")
    env = {f"VERNLY_{s.upper()}_URL": url for s, url in urls.items()}
    datamap = DataMap(policy, tmp_path, env)
    try:
        yield World(policy, datamap, engines, tmp_path, env)
    finally:
        datamap.close()
        for engine in engines.values():
            engine.dispose()


DEMO_NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    """A small demo workspace on SQLite, built once; tests only read it."""
    return build_demo(tmp_path_factory.mktemp("demo"), 400, DEMO_NOW, env={})
