"""Sweeps without a configured batch cut their work by time: one statement when the rows due
fit a window, otherwise windows oldest first whose boundary comes from the timestamp index.
On SQLite, PostgreSQL and MariaDB, with windows made tiny so the boundaries, a crowd of rows
sharing one timestamp and a held person all meet, nothing young or held goes, everything
expired does, and a second sweep finds nothing left to do."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.retention.support import (
    KARI,
    NOW,
    days,
    ids,
    insert_rows,
    loaded,
    result,
    sweep,
    url_of,
    workspace,
)
from vernly.engine.retention import windows
from vernly.engine.retention.holds import add_hold
from vernly.ledger.db import Ledger

SIGNUPS = "school_visits:0:visitors.school_signups"
ORDERS = "webshop_orders:0:webshop.orders"


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def customer_urls(request: pytest.FixtureRequest) -> dict[str, str]:
    if request.param == "sqlite":
        return {}
    url = request.getfixturevalue("postgres_url" if request.param == "postgresql"
                                  else "mariadb_url")
    return {"webshop": url, "cases": url, "visitors": url}


def _signed_up(i: int) -> datetime:
    if i % 3 == 0:
        return NOW - days(100 + i)  # young
    if i <= 12:
        return NOW - days(500)  # eight expired rows stamped at the same moment
    return NOW - days(366 + i)


def test_tiny_time_windows_remove_every_expired_row_and_nothing_else(
        tmp_path: Path, customer_urls: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(windows, "TIME_CAP", {"sqlite": 4, "postgresql": 4})
    monkeypatch.setattr(windows, "DEFAULT_BATCH", 3)
    ws, env = workspace(tmp_path, customer_urls)
    visitors = url_of(ws, env, "visitors")
    insert_rows(visitors, "school_signups", [
        {"id": i, "name": f"Elev {i}", "email": KARI["email"] if i == 7 else f"e{i}@skole.no",
         "signed_up_at": _signed_up(i)} for i in range(1, 41)])
    ledger = Ledger(env["VERNLY_DATABASE_URL"])
    with ledger.session() as session:
        add_hold(session, loaded(ws).policy, reason="Reklamasjonssak", set_by="DPO", now=NOW,
                 email=KARI["email"])

    report = sweep(ws, env, NOW, ledger=ledger)

    assert report.status == "succeeded", [r["error"] for r in report.rules if r["error"]]
    kept = {i for i in range(1, 41) if i % 3 == 0} | {7}
    assert ids(visitors, "school_signups") == kept
    signups = result(report, SIGNUPS)
    assert (signups["deleted"], signups["skipped_hold"]) == (40 - len(kept), 1)
    assert signups["batches"] >= 3
    assert signups["oldest_remaining"] == _signed_up(7).isoformat()  # the held row

    again = result(sweep(ws, env, NOW, ledger=ledger), SIGNUPS)
    assert (again["deleted"], again["skipped_hold"]) == (0, 1)
    ledger.dispose()


def test_without_a_batch_each_rule_is_one_statement_with_its_children(
        tmp_path: Path, customer_urls: dict[str, str]) -> None:
    ws, env = workspace(tmp_path, customer_urls)
    visitors, webshop = url_of(ws, env, "visitors"), url_of(ws, env, "webshop")
    insert_rows(visitors, "school_signups", [
        {"id": i, "name": f"Elev {i}", "email": f"e{i}@skole.no",
         "signed_up_at": NOW - days(366 if i % 2 else 30)} for i in range(1, 21)])
    insert_rows(webshop, "orders", [
        {"id": n, "order_number": f"O{n}", "ordered_at": NOW - days(4000 if n < 3 else 10)}
        for n in (1, 2, 3)])
    insert_rows(webshop, "order_lines", [{"id": 10 * n, "order_id": n, "product": "Skjerm",
                                          "quantity": 1} for n in (1, 2, 3)])

    report = sweep(ws, env, NOW)

    assert report.status == "succeeded", [r["error"] for r in report.rules if r["error"]]
    signups = result(report, SIGNUPS)
    assert (signups["deleted"], signups["batches"]) == (10, 1)
    assert ids(visitors, "school_signups") == set(range(2, 21, 2))
    assert signups["oldest_remaining"] == (NOW - days(30)).isoformat()
    orders = result(report, ORDERS)
    assert (orders["deleted"], orders["cascaded"]) == (2, {"order_lines": 2, "shipments": 0})
    assert (ids(webshop, "orders"), ids(webshop, "order_lines")) == ({3}, {30})
