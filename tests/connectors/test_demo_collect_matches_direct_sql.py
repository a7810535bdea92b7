"""In the demo, collecting a sample person finds exactly what hand-written SQL finds, and the
same seed builds the same data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from tests.connectors.conftest import DEMO_NOW
from tests.connectors.direct_sql import rows_by_hand
from vernly.connectors.datamap import DataMap
from vernly.connectors.demo.build import DemoSummary, build_demo
from vernly.connectors.identity import Identity
from vernly.policy.loader import load_policy


def _ids(workspace: Path) -> Any:
    def ids(system: str, query: str, **params: Any) -> set[Any]:
        engine = create_engine(f"sqlite:///{workspace / 'data' / f'{system}.sqlite'}")
        try:
            with engine.connect() as conn:
                return {row[0] for row in conn.execute(text(query), params)}
        finally:
            engine.dispose()
    return ids


def test_every_sample_person_is_collected_exactly(demo: DemoSummary) -> None:
    datamap = DataMap(load_policy(demo.workspace / "vernly.yaml").policy, demo.workspace, {})
    try:
        for email, phone in zip(demo.sample_emails, demo.sample_phones, strict=True):
            found: dict[tuple[str, str], set[Any]] = {}
            for result in datamap.collect(Identity.of(email=email, phone=phone), DEMO_NOW):
                for record in result.records:
                    found.setdefault((record.system, record.table), set()).add(record.key)
            assert found == rows_by_hand(_ids(demo.workspace), email, phone)
            assert ("webshop", "customers") in found or ("cases", "registrations") in found
    finally:
        datamap.close()


def test_kari_nordmann_is_in_the_webshop_the_case_system_and_the_visitor_system(
        demo: DemoSummary) -> None:
    assert demo.sample_emails[0].startswith("kari.nordmann@")
    found = rows_by_hand(_ids(demo.workspace), demo.sample_emails[0], demo.sample_phones[0])
    assert {system for system, _ in found} == {"webshop", "cases", "visitors"}


def test_the_same_seed_builds_the_same_people(tmp_path: Path, demo: DemoSummary) -> None:
    again = build_demo(tmp_path / "again", 400, DEMO_NOW, env={})
    assert again.rows == demo.rows and again.sample_emails == demo.sample_emails
    query = "SELECT id, email, mobile, created_at FROM customers ORDER BY id"
    ids_a, ids_b = _ids(demo.workspace), _ids(again.workspace)
    assert ids_a("webshop", query) == ids_b("webshop", query)
