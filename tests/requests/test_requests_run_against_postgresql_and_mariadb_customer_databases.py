"""The demo's customer databases on PostgreSQL and on MariaDB (not SQLite): access finds
exactly the rows hand-written SQL finds there, and erasure leaves only the bookkeeping
records and is idempotent."""

from __future__ import annotations

import json
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.requests.desk import Desk
from tests.requests.support import SQL_SYSTEMS, query
from tests.requests.test_access_package_holds_every_row_of_the_person import by_hand
from tests.support.packages import open_package
from tests.support.services import fresh_database
from vernly.connectors.demo.build import build_demo

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def _counts(ws: Path, urls: dict[str, str]) -> dict[str, int]:
    tables = {"webshop": ("customers", "orders", "order_lines", "shipments"),
              "cases": ("registrations", "contact_messages", "returns"),
              "visitors": ("visits", "school_signups")}
    return {f"{s}.{t}": query(ws, s, f"SELECT count(*) FROM {t}", urls)[0][0]
            for s, names in tables.items() for t in names}


@pytest.mark.parametrize("kind", ["postgresql", "mariadb"])
def test_access_and_erasure_on_server_databases(kind: str, tmp_path: Path) -> None:
    with ExitStack() as stack:
        urls = {s: stack.enter_context(fresh_database(kind)) for s in SQL_SYSTEMS}
        env = {f"VERNLY_{s.upper()}_URL": url for s, url in urls.items()}
        ws = tmp_path / "d"
        build_demo(ws, 40, NOW, env=env)
        env |= {"VERNLY_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.sqlite'}",
                "VERNLY_SMTP_PORT": "1"}
        desk = Desk.open(ws, env, now=NOW)
        try:
            customers = {r[0] for r in query(ws, "webshop", "SELECT email FROM customers", urls)}
            registered = {r[0] for r in query(ws, "cases", "SELECT email FROM registrations",
                                              urls)}
            email = sorted(customers & registered)[0]

            access = desk.operator_run("access", email)
            assert access.package_path
            data = json.loads(open_package(access.package_path, desk.settings)
                              .read("data.json"))
            found = {system: {table: {r["key"] for r in t["records"]}
                              for table, t in entry["tables"].items()}
                     for system, entry in data["systems"].items() if entry["tables"]}
            assert found == by_hand(ws, email, "", urls)
            assert {"webshop", "cases"} <= set(found)

            erased = desk.operator_run("erasure", email)
            assert not erased.result["failed"], erased.result
            assert by_hand(ws, email, "", urls) == {}
            before = _counts(ws, urls)
            again = desk.operator_run("erasure", email)
            assert _counts(ws, urls) == before
            assert all(s["deleted"] == s["nulled"] == 0 for s in again.result["systems"].values())
        finally:
            desk.close()
