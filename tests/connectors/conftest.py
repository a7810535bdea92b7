"""The cast in the demo's three databases, on SQLite, PostgreSQL and MariaDB alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, select, text

from tests.connectors.cast import ROWS
from tests.support.services import fresh_database
from vernly.connectors.datamap import DataMap
from vernly.connectors.demo.schema import create_schema
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


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    policy = load_example().policy
    with ExitStack() as stack:
        if request.param == "sqlite":
            urls = {s: f"sqlite:///{tmp_path / f'{s}.sqlite'}" for s in SYSTEMS}
        else:
            urls = {s: stack.enter_context(fresh_database(request.param)) for s in SYSTEMS}
        engines = {s: create_engine(url) for s, url in urls.items()}
        for system_id, engine in engines.items():
            metadata, _ = create_schema(policy.system(system_id), engine, policy.systems)
            with engine.begin() as conn:
                for table in metadata.sorted_tables:
                    if ROWS[system_id].get(table.name):
                        conn.execute(table.insert(), ROWS[system_id][table.name])
        env = {f"VERNLY_{s.upper()}_URL": url for s, url in urls.items()}
        datamap = DataMap(policy, tmp_path, env)
        try:
            yield World(policy, datamap, engines, tmp_path)
        finally:
            datamap.close()
            for engine in engines.values():
                engine.dispose()
