"""A legal hold on Kari keeps her expired sign-ups and orders through a sweep while Ola's go;
lifting the hold lets the next sweep remove hers. Holds on a system or dataset skip it."""

from __future__ import annotations

from pathlib import Path

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
from vernly.engine.retention.holds import add_hold, lift_hold
from vernly.ledger.audit import AuditEntry, verify
from vernly.ledger.db import Ledger


def _data(ws: Path, env: dict[str, str]) -> None:
    insert_rows(url_of(ws, env, "visitors"), "school_signups", [
        {"id": 1, "name": KARI["name"], "email": KARI["email"], "signed_up_at": NOW - days(400)},
        {"id": 2, "name": OLA["name"], "email": OLA["email"], "signed_up_at": NOW - days(400)},
        {"id": 3, "name": OLA["name"], "email": OLA["email"], "signed_up_at": NOW - days(10)},
    ])
    webshop = url_of(ws, env, "webshop")
    insert_rows(webshop, "customers", [
        {"id": 1, "customer_number": "K1", "name": KARI["name"], "email": KARI["email"],
         "mobile": KARI["phone"], "created_at": NOW - days(4000)},
        {"id": 2, "customer_number": "K2", "name": OLA["name"], "email": OLA["email"],
         "mobile": OLA["phone"], "created_at": NOW - days(4000)}])
    insert_rows(webshop, "orders", [
        {"id": 10, "customer_id": 1, "order_number": "O10", "buyer_email": KARI["email"],
         "ordered_at": NOW - days(3000)},
        {"id": 20, "customer_id": 2, "order_number": "O20", "buyer_email": OLA["email"],
         "ordered_at": NOW - days(3000)}])
    insert_rows(webshop, "order_lines", [
        {"id": 11, "order_id": 10, "product": "Dock", "quantity": 1},
        {"id": 21, "order_id": 20, "product": "Dock", "quantity": 2}])


def test_a_person_hold_keeps_only_that_persons_expired_rows(tmp_path: Path) -> None:
    ws, env = workspace(tmp_path)
    _data(ws, env)
    ledger = Ledger(env["VERNLY_DATABASE_URL"])
    with ledger.session() as session:
        hold = add_hold(session, loaded(ws).policy, reason="Tvistesak 24-101", set_by="DPO",
                        now=NOW, email="Kari@Example.no", phone="924 12 345")
        hold_id = hold.id

    held = sweep(ws, env, NOW, ledger=ledger)

    visitors, webshop = url_of(ws, env, "visitors"), url_of(ws, env, "webshop")
    assert ids(visitors, "school_signups") == {1, 3}
    assert ids(webshop, "orders") == {10}
    assert ids(webshop, "order_lines") == {11}
    signups = result(held, "school_visits:0:visitors.school_signups")
    assert (signups["deleted"], signups["skipped_hold"], signups["matched"]) == (1, 1, 2)
    orders = result(held, "webshop_orders:0:webshop.orders")
    assert (orders["deleted"], orders["skipped_hold"], orders["cascaded"]) == (
        1, 1, {"order_lines": 1, "shipments": 0})

    with ledger.session() as session:
        lift_hold(session, hold_id, lifted_by="DPO", now=NOW + days(1))
    sweep(ws, env, NOW + days(1), ledger=ledger)

    assert ids(visitors, "school_signups") == {3}
    assert ids(webshop, "orders") == set()
    assert ids(webshop, "order_lines") == set()
    with ledger.session() as session:
        entries = session.query(AuditEntry).all()
        assert verify(session).ok
    actions = [e.action for e in entries]
    assert actions.count("retention.sweep") == 2
    assert "retention.hold.add" in actions and "retention.hold.lift" in actions
    text = " ".join(str(e.detail) + str(e.counts) + str(e.target) for e in entries)
    assert KARI["email"] not in text and "92412345" not in text and KARI["name"] not in text


def test_a_hold_that_has_run_out_no_longer_keeps_anything(tmp_path: Path) -> None:
    ws, env = workspace(tmp_path)
    _data(ws, env)
    ledger = Ledger(env["VERNLY_DATABASE_URL"])
    with ledger.session() as session:
        add_hold(session, loaded(ws).policy, reason="Politisak", set_by="DPO", now=NOW,
                 email=KARI["email"], until=NOW + days(30))
    sweep(ws, env, NOW + days(31), ledger=ledger)
    assert ids(url_of(ws, env, "visitors"), "school_signups") == {3}


def test_a_dataset_hold_skips_the_rule_and_one_on_a_child_table_protects_it_too(
        tmp_path: Path) -> None:
    ws, env = workspace(tmp_path)
    _data(ws, env)
    ledger = Ledger(env["VERNLY_DATABASE_URL"])
    with ledger.session() as session:
        signup_hold = add_hold(session, loaded(ws).policy, reason="Tilsynssak", set_by="DPO",
                               now=NOW, dataset="visitors.school_signups")
        lines_hold = add_hold(session, loaded(ws).policy, reason="Revisjon", set_by="DPO",
                              now=NOW, dataset="webshop.order_lines")
        ids_ = (signup_hold.id, lines_hold.id)

    report = sweep(ws, env, NOW, ledger=ledger)

    assert ids(url_of(ws, env, "visitors"), "school_signups") == {1, 2, 3}
    assert ids(url_of(ws, env, "webshop"), "orders") == {10, 20}
    assert result(report, "school_visits:0:visitors.school_signups")["held_by"] == [ids_[0]]
    assert result(report, "webshop_orders:0:webshop.orders")["held_by"] == [ids_[1]]
