"""With VERNLY_*_URL pointing at PostgreSQL or MariaDB, the demo builds its databases there
with the same code, and the connectors collect and erase a sample person in them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.connectors.conftest import DEMO_NOW, SYSTEMS
from tests.connectors.direct_sql import rows_by_hand
from tests.support.services import fresh_database
from vernly.connectors.datamap import DataMap
from vernly.connectors.demo.build import build_demo
from vernly.connectors.identity import Identity
from vernly.policy.loader import load_policy


@pytest.fixture(params=["postgresql", "mariadb"])
def server_env(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    with ExitStack() as stack:
        yield {f"VERNLY_{s.upper()}_URL": stack.enter_context(fresh_database(request.param))
               for s in SYSTEMS}


def test_the_demo_lands_in_the_server_databases_and_requests_work_there(
        tmp_path: Path, server_env: dict[str, str]) -> None:
    summary = build_demo(tmp_path, 150, DEMO_NOW, env=server_env)
    assert not (tmp_path / "data" / "webshop.sqlite").exists()
    engines = {s: create_engine(server_env[f"VERNLY_{s.upper()}_URL"]) for s in SYSTEMS}

    def ids(system: str, query: str, **params: Any) -> set[Any]:
        with engines[system].connect() as conn:
            return {row[0] for row in conn.execute(text(query), params)}

    datamap = DataMap(load_policy(tmp_path / "vernly.yaml").policy, tmp_path, server_env)
    try:
        for system, tables in summary.rows.items():
            for table, count in tables.items():
                assert ids(system, f"SELECT COUNT(*) FROM {table}") == {count}
        email, phone = summary.sample_emails[0], summary.sample_phones[0]
        person = Identity.of(email=email, phone=phone)
        found: dict[tuple[str, str], set[Any]] = {}
        for result in datamap.collect(person, DEMO_NOW):
            for record in result.records:
                found.setdefault((record.system, record.table), set()).add(record.key)
        assert found == rows_by_hand(ids, email, phone)
        for system in datamap.erasure_order():
            datamap.erase(person, system, DEMO_NOW)
        assert sum(len(s.records) for s in datamap.collect(person, DEMO_NOW)) == 0
        assert rows_by_hand(ids, email, phone) == {}
    finally:
        datamap.close()
        for engine in engines.values():
            engine.dispose()
