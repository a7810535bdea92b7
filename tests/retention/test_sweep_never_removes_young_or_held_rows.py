"""Property: over generated rows, holds, restrictions, clocks and batch sizes, a sweep removes
exactly the rows older than their cutoff that are neither held nor restricted — never a
younger one, never a held one, and none of the rest is left behind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from tests.retention.support import (
    CAST,
    clear,
    ids,
    insert_rows,
    loaded,
    sweep,
    url_of,
    workspace,
)
from vernly.connectors.identity import Identity
from vernly.engine.requests.flags import RESTRICTION, set_flag
from vernly.engine.retention.holds import add_hold
from vernly.ledger.db import Ledger
from vernly.ledger.retention import LegalHold
from vernly.ledger.subjects import SubjectFlag
from vernly.policy.durations import parse_duration
from vernly.policy.retention_clock import fiscal_cutoff, zone_for_country

ZONE = zone_for_country("NO")
clocks = st.datetimes(min_value=datetime(2021, 1, 1), max_value=datetime(2035, 12, 31),
                      timezones=st.just(UTC))
# Offsets from the cutoff: far on either side, and right at it (down to a microsecond).
near = st.sampled_from([timedelta(0), timedelta(microseconds=1), -timedelta(microseconds=1),
                        timedelta(seconds=1), -timedelta(seconds=1)])
far = st.timedeltas(min_value=-timedelta(days=3 * 365), max_value=timedelta(days=3 * 365))
offsets = st.one_of(near, far)
people = st.integers(min_value=0, max_value=len(CAST) - 1)


def _reset(ws: Path, env: dict[str, str], ledger: Ledger) -> None:
    clear(url_of(ws, env, "webshop"), "shipments", "order_lines", "orders", "customers")
    clear(url_of(ws, env, "visitors"), "school_signups")
    with ledger.session() as session:
        session.execute(delete(LegalHold))
        session.execute(delete(SubjectFlag))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(now=clocks,
       signups=st.lists(st.tuples(people, offsets), max_size=12),
       orders=st.lists(st.tuples(people, offsets), max_size=10),
       held=st.sets(people, max_size=2), restricted=st.sets(people, max_size=2),
       batch=st.sampled_from([1, 3, 50_000]))
def test_a_sweep_removes_exactly_the_expired_unheld_rows(
        tmp_path: Path, now: datetime, signups: list[tuple[int, timedelta]],
        orders: list[tuple[int, timedelta]], held: set[int], restricted: set[int],
        batch: int) -> None:
    ws, env = _workspace(tmp_path)
    ledger = _ledger(env)
    _reset(ws, env, ledger)
    policy = loaded(ws).policy
    signup_cutoff = parse_duration("P12M").before(now)
    order_cutoff = fiscal_cutoff(parse_duration("P5Y"), now, ZONE)
    visitors, webshop = url_of(ws, env, "visitors"), url_of(ws, env, "webshop")

    insert_rows(webshop, "customers", [
        {"id": i + 1, "customer_number": f"K{i}", "name": p["name"], "email": p["email"],
         "mobile": p["phone"], "created_at": now - timedelta(days=4000)}
        for i, p in enumerate(CAST)])
    signup_rows: list[dict[str, Any]] = [
        {"id": n + 1, "name": CAST[who]["name"], "email": CAST[who]["email"], "school": "Oslo",
         "signed_up_at": signup_cutoff + off} for n, (who, off) in enumerate(signups)]
    order_rows: list[dict[str, Any]] = [
        {"id": n + 1, "customer_id": who + 1, "order_number": f"O{n}",
         "buyer_email": CAST[who]["email"], "ordered_at": order_cutoff + off}
        for n, (who, off) in enumerate(orders)]
    insert_rows(visitors, "school_signups", signup_rows)
    insert_rows(webshop, "orders", order_rows)
    insert_rows(webshop, "order_lines", [{"id": o["id"], "order_id": o["id"], "product": "x",
                                          "quantity": 1} for o in order_rows])
    insert_rows(webshop, "shipments", [{"id": o["id"], "order_id": o["id"], "carrier": "Posten",
                                        "shipped_at": o["ordered_at"]} for o in order_rows])
    with ledger.session() as session:
        for who in held:
            add_hold(session, policy, reason="case 2026-17", set_by="Kari (DPO)", now=now,
                     email=CAST[who]["email"])
        for who in restricted:
            set_flag(session, kind=RESTRICTION, identity=Identity.of(email=CAST[who]["email"]),
                     scope=[], at=now, request_id=None)

    report = sweep(ws, env, now, ledger=ledger, batch=batch)

    assert report.status == "succeeded", report.rules
    kept = held | restricted
    who_of_signup = {r["id"]: signups[r["id"] - 1][0] for r in signup_rows}
    expected_signups = {r["id"] for r in signup_rows
                        if r["signed_up_at"] >= signup_cutoff or who_of_signup[r["id"]] in kept}
    assert ids(visitors, "school_signups") == expected_signups
    expected_orders = {r["id"] for r in order_rows
                       if r["ordered_at"] >= order_cutoff or r["customer_id"] - 1 in kept}
    assert ids(webshop, "orders") == expected_orders
    assert ids(webshop, "order_lines") == expected_orders
    assert ids(webshop, "shipments") == expected_orders


_CACHE: dict[str, Any] = {}


def _workspace(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    # One workspace and ledger for all examples of a run: the databases are emptied per example.
    if "ws" not in _CACHE or not _CACHE["ws"][0].exists():
        _CACHE["ws"] = workspace(tmp_path)
        _CACHE.pop("ledger", None)
    ws, env = _CACHE["ws"]
    return ws, env


def _ledger(env: dict[str, str]) -> Ledger:
    if "ledger" not in _CACHE:
        _CACHE["ledger"] = Ledger(env["VERNLY_DATABASE_URL"])
    ledger: Ledger = _CACHE["ledger"]
    return ledger
