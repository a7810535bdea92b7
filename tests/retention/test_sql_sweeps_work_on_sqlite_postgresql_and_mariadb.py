"""The same sweep on customer databases in SQLite, PostgreSQL and MariaDB: expired sign-ups
and bookkeeping-expired orders (with their lines and shipments) go in batches, younger rows
and a held person's rows stay, and withdrawn course consents are acted on."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.retention.support import (
    KARI,
    NOW,
    OLA,
    days,
    ids,
    insert_rows,
    loaded,
    result,
    sweep,
    url_of,
    workspace,
)
from vernly.engine.retention.holds import add_hold
from vernly.ledger.db import Ledger
from vernly.policy.retention_clock import fiscal_year_end, zone_for_country

OSLO = zone_for_country("NO")


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
def customer_urls(request: pytest.FixtureRequest) -> dict[str, str]:
    if request.param == "sqlite":
        return {}
    url = request.getfixturevalue("postgres_url" if request.param == "postgresql"
                                  else "mariadb_url")
    return {"webshop": url, "cases": url, "visitors": url}


def test_expired_rows_go_in_batches_and_kept_rows_stay(tmp_path: Path,
                                                       customer_urls: dict[str, str]) -> None:
    ws, env = workspace(tmp_path, customer_urls)
    visitors, webshop, cases = (url_of(ws, env, s) for s in ("visitors", "webshop", "cases"))
    insert_rows(visitors, "school_signups", [
        {"id": i, "name": f"Elev {i}", "email": KARI["email"] if i == 7 else f"e{i}@skole.no",
         "signed_up_at": NOW - days(366 if i % 3 else 200)} for i in range(1, 31)])
    insert_rows(webshop, "customers", [
        {"id": 1, "customer_number": "K1", "name": KARI["name"], "email": KARI["email"],
         "mobile": KARI["phone"], "created_at": NOW - days(4000)},
        {"id": 2, "customer_number": "K2", "name": OLA["name"], "email": OLA["email"],
         "mobile": OLA["phone"], "created_at": NOW - days(4000)}])
    end_2020 = fiscal_year_end(2020, OSLO)  # the last fiscal year expired at NOW (2026-06-01)
    order_times = {1: end_2020 - days(1 / 24 / 60), 2: end_2020 + days(1 / 24 / 60),
                   3: end_2020 - days(800), 4: NOW - days(10), 5: end_2020 - days(30)}
    insert_rows(webshop, "orders", [
        {"id": n, "customer_id": 1 if n == 5 else 2, "order_number": f"O{n}",
         "buyer_email": KARI["email"] if n == 5 else OLA["email"], "ordered_at": at}
        for n, at in order_times.items()])
    insert_rows(webshop, "order_lines", [{"id": 10 * n + k, "order_id": n, "product": "Skjerm",
                                          "quantity": k} for n in order_times for k in (1, 2)])
    insert_rows(webshop, "shipments", [{"id": n, "order_id": n, "carrier": "Posten",
                                        "shipped_at": at} for n, at in order_times.items()])
    insert_rows(cases, "registrations", [
        {"id": 1, "event_title": "Azure-kurs", "name": KARI["name"], "email": KARI["email"],
         "registered_at": NOW - days(100), "consent_withdrawn_at": NOW - days(2)},
        {"id": 2, "event_title": "Azure-kurs", "name": OLA["name"], "email": OLA["email"],
         "registered_at": NOW - days(100), "consent_withdrawn_at": None}])
    ledger = Ledger(env["VERNLY_DATABASE_URL"])
    with ledger.session() as session:
        add_hold(session, loaded(ws).policy, reason="Reklamasjonssak", set_by="DPO", now=NOW,
                 email=KARI["email"])

    plan = sweep(ws, env, NOW, dry_run=True, ledger=ledger)
    report = sweep(ws, env, NOW, ledger=ledger, batch=4)

    assert report.status == "succeeded", report.rules
    signups = result(report, "school_visits:0:visitors.school_signups")
    assert (signups["deleted"], signups["skipped_hold"]) == (19, 1)
    assert signups["batches"] >= 3
    assert ids(visitors, "school_signups") == {i for i in range(1, 31) if i % 3 == 0} | {7}
    assert ids(webshop, "orders") == {2, 4, 5}
    assert ids(webshop, "order_lines") == {21, 22, 41, 42, 51, 52}
    assert ids(webshop, "shipments") == {2, 4, 5}
    orders = result(report, "webshop_orders:0:webshop.orders")
    assert orders["cascaded"] == {"order_lines": 4, "shipments": 2}
    assert result(report, "webshop_orders:0:webshop.order_lines")["deleted"] == 4
    # Kari is held: her withdrawn course registration stays too.
    assert ids(cases, "registrations") == {1, 2}
    planned = result(plan, "webshop_orders:0:webshop.orders")
    assert (planned["matched"], planned["to_act"], planned["skipped_hold"]) == (3, 2, 1)
    assert planned["cutoff"] == end_2020.isoformat()
    ledger.dispose()
