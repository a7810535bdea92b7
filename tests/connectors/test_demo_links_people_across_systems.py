"""The demo's people live in several systems under the same e-mail or phone, and its data
spans the periods retention rules measure (orders past the bookkeeping limit, sign-ups
older than 12 months, recordings over 30 days, log lines over 90 days)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, inspect, text

from tests.connectors.conftest import DEMO_NOW
from vernly.connectors.demo.build import DemoSummary
from vernly.connectors.files import FileStore
from vernly.connectors.logs import LogFile
from vernly.policy.loader import load_policy


@contextmanager
def _db(demo: DemoSummary, name: str) -> Iterator[Connection]:
    engine = create_engine(f"sqlite:///{demo.workspace / 'data' / f'{name}.sqlite'}")
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _column(demo: DemoSummary, system: str, query: str) -> list[Any]:
    with _db(demo, system) as conn:
        return [row[0] for row in conn.execute(text(query))]


def test_the_summary_counts_what_the_databases_hold(demo: DemoSummary) -> None:
    for system, tables in demo.rows.items():
        for table, count in tables.items():
            assert _column(demo, system, f"SELECT COUNT(*) FROM {table}") == [count]
    assert demo.rows_total == sum(sum(t.values()) for t in demo.rows.values()) > 2000


def test_most_course_registrants_are_also_webshop_customers(demo: DemoSummary) -> None:
    customers = set(_column(demo, "webshop", "SELECT email FROM customers"))
    registrants = set(_column(demo, "cases", "SELECT email FROM registrations"))
    share = len(registrants & customers) / len(registrants)
    assert 0.45 <= share <= 0.75


def test_visitors_are_found_by_the_phone_they_gave_the_webshop(demo: DemoSummary) -> None:
    mobiles = set(_column(demo, "webshop", "SELECT mobile FROM customers"))
    visitors = set(_column(demo, "visitors", "SELECT phone FROM visits"))
    assert len(visitors & mobiles) > len(visitors) / 3
    assert all(p.startswith(("+474", "+479")) and len(p) == 11 for p in visitors)


def test_emails_are_unique_per_person_and_lower_case(demo: DemoSummary) -> None:
    emails = _column(demo, "webshop", "SELECT email FROM customers")
    assert len(emails) == len(set(emails))
    assert all(e == e.lower() and "@" in e for e in emails)


def test_some_orders_are_past_the_bookkeeping_period_and_some_signups_past_a_year(
        demo: DemoSummary) -> None:
    oldest_order = min(_column(demo, "webshop", "SELECT ordered_at FROM orders"))
    assert oldest_order < f"{DEMO_NOW.year - 6}-01-01"
    assert max(_column(demo, "webshop", "SELECT ordered_at FROM orders")) <= str(DEMO_NOW)
    signups = _column(demo, "visitors", "SELECT signed_up_at FROM school_signups")
    year_ago = str(DEMO_NOW - timedelta(days=365))
    assert any(s < year_ago for s in signups) and any(s >= year_ago for s in signups)


def test_sms_confirmations_follow_arrival_by_seconds(demo: DemoSummary) -> None:
    gaps = _column(demo, "visitors", "SELECT (julianday(sms_confirmed_at) - "
                                     "julianday(arrived_at)) * 86400 FROM visits")
    assert all(1.5 <= g <= 20.5 for g in gaps)
    assert _column(demo, "visitors", "SELECT COUNT(*) FROM visits WHERE school IS NOT NULL")[0]


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection")
def test_identity_reference_and_time_columns_are_indexed(demo: DemoSummary) -> None:
    with _db(demo, "webshop") as conn:
        indexed = {(t, tuple(i["column_names"]), bool(i["unique"]))
                   for t in ("customers", "orders", "shipments")
                   for i in inspect(conn).get_indexes(t) if i["column_names"][0]}
        # E-mail is matched as lower(column) = :address, so its index is on that expression.
        expressions = {row[0] for row in conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql LIKE '%lower(%'")}
    assert expressions == {"CREATE INDEX ix_customers_email ON customers (lower(email))",
                           "CREATE INDEX ix_orders_buyer_email ON orders (lower(buyer_email))"}
    for expected in [("customers", ("mobile",), False),
                     ("customers", ("customer_number",), True),
                     ("orders", ("customer_id",), False),
                     ("orders", ("order_number",), True), ("orders", ("ordered_at",), False),
                     ("shipments", ("order_id",), False)]:
        assert expected in indexed
    with _db(demo, "cases") as conn:
        assert "ix_returns_order_number" in {i["name"] for i in inspect(conn).get_indexes(
            "returns")}


def test_recordings_cover_every_camera_over_the_last_30_days(demo: DemoSummary) -> None:
    policy = load_policy(demo.workspace / "vernly.yaml").policy
    files = list(FileStore(policy.system("cctv"), demo.workspace / "data" / "cctv").iter_files())
    assert len(files) == demo.files
    assert {f.camera for f in files} == {"inngang", "sluse", "resepsjon", "lasterampe",
                                         "garasjeinnkjoring", "garasje"}
    times = [f.recorded_at for f in files if f.recorded_at]
    assert DEMO_NOW - timedelta(days=31) < min(times) and max(times) < DEMO_NOW
    assert all((demo.workspace / "data" / "cctv" / f.path).stat().st_size < 64 for f in files)


def test_the_access_log_spans_90_days_in_combined_format(demo: DemoSummary) -> None:
    policy = load_policy(demo.workspace / "vernly.yaml").policy
    entries = list(LogFile(policy.system("weblog"),
                           demo.workspace / "data" / "logs" / "access.log").entries())
    assert len(entries) == demo.log_lines
    times = [e.at for e in entries]
    assert all(t is not None for t in times)
    assert DEMO_NOW - timedelta(days=91) < min(times) < DEMO_NOW - timedelta(days=80)  # type: ignore[type-var, operator]
