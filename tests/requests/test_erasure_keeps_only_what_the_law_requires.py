"""Erasure (Art. 17): everything not under a legal obligation is deleted or masked; webshop
orders are kept with the statute and the date the obligation ends; a second run changes
nothing; the Questback part is a task for its owner until confirmed; the audit chain holds,
and breaks when a row of it is edited by hand."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text
from typer.testing import CliRunner

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE, NOW, OLA_PHONE, PER_EMAIL
from tests.requests.desk import Desk
from tests.requests.support import query, snapshot
from tests.requests.test_access_package_holds_every_row_of_the_person import by_hand
from vernly.cli.main import app


def vernly(desk: Desk, *args: str) -> Any:
    env = dict(desk.settings.env) | {"VERNLY_NOW": NOW.isoformat(),
                                     "VERNLY_OPERATOR": "Ingrid Berg"}
    return CliRunner().invoke(app, [*args, "-w", str(desk.settings.workspace)], env=env)


def erase(desk: Desk) -> dict[str, Any]:
    result = vernly(desk, "request", "erase", "--email", KARI_EMAIL, "--phone", KARI_PHONE,
                    "--json")
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


def test_erasure_removes_everything_but_the_bookkeeping_records(cast_desk: Desk) -> None:
    ws = cast_desk.settings.workspace
    summary = erase(cast_desk)
    left = by_hand(ws, KARI_EMAIL, KARI_PHONE)
    # Only the orders (and their lines) still inside the five-year period remain, and they
    # no longer carry her e-mail or phone: they are found only through the kept order ids.
    assert left == {}
    kept = query(ws, "webshop", "SELECT order_number, customer_id, buyer_email, buyer_mobile "
                                "FROM orders WHERE buyer_name = 'Kari Nordmann' ORDER BY 1")
    assert [tuple(r) for r in kept] == [("WS-1", None, None, None), ("WS-3", None, None, None),
                                        ("WS-5", 3, "kari.n@annet.no", "+4740000001")]
    assert query(ws, "webshop", "SELECT count(*) FROM order_lines WHERE order_id IN (1, 3)"
                 )[0][0] == 3
    assert query(ws, "webshop", "SELECT count(*) FROM orders WHERE order_number = 'WS-2'"
                 )[0][0] == 0, "the 2019 order is past its period and goes"
    outcome = summary["result"]["outcomes"]["webshop"]
    statutes = {(k["table"], k["until"]) for k in outcome["kept"]}
    assert ("orders", "2029-12-31") in statutes and ("orders", "2030-12-31") in statutes
    assert {k["statute"] for k in outcome["kept"]} == {"bokføringsloven § 13"}
    assert summary["systems"]["cases"]["deleted"] == 3
    # Others are untouched.
    assert query(ws, "webshop", "SELECT count(*) FROM customers WHERE email = :e",
                 e=PER_EMAIL)[0][0] == 1
    assert query(ws, "visitors", "SELECT count(*) FROM visits WHERE phone = :p",
                 p=OLA_PHONE)[0][0] == 2


def test_a_second_erasure_changes_nothing(cast_desk: Desk) -> None:
    erase(cast_desk)
    before = snapshot(cast_desk.settings.workspace)
    again = erase(cast_desk)
    assert snapshot(cast_desk.settings.workspace) == before
    assert all(s["deleted"] == s["nulled"] == s["masked"] == 0
               for s in again["systems"].values())


def test_the_human_summary_says_what_was_kept_and_why(cast_desk: Desk) -> None:
    result = vernly(cast_desk, "request", "erase", "--email", KARI_EMAIL)
    assert result.exit_code == 0, result.output
    assert "kept 1 in orders: bokføringsloven § 13, until 2029-12-31" in result.stdout
    assert "deleted: " in result.stdout and "nulled: orders" in result.stdout


def test_questback_gets_a_task_until_its_owner_confirms(cast_desk: Desk) -> None:
    summary = erase(cast_desk)
    assert summary["state"] == "in_progress"
    [task] = summary["tasks"]
    assert task["system"] == "questback" and task["due"] == "2026-06-29"
    assert task["owner"] == "Questback AS, via Intility kundeservice"
    done = vernly(cast_desk, "request", "task-done", task["id"], "--note", "Slettet hos Questback",
                  "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["state"] == "completed"
    twice = vernly(cast_desk, "request", "task-done", task["id"])
    assert twice.exit_code == 1 and "already confirmed" in twice.output


def test_the_audit_chain_verifies_and_catches_a_hand_edit(cast_desk: Desk) -> None:
    erase(cast_desk)
    ok = vernly(cast_desk, "audit", "verify")
    assert ok.exit_code == 0 and "intact" in ok.stdout
    with cast_desk.ledger.session() as s:
        entries = s.execute(text("SELECT seq, actor, target, system, counts, detail "
                                 "FROM audit_log")).all()
        s.execute(text("UPDATE audit_log SET counts = '{\"deleted\": 0}' WHERE seq = 7"))
    flat = json.dumps([list(map(str, e)) for e in entries])
    for personal in (KARI_EMAIL, KARI_PHONE, "Kari Nordmann", "Storgata"):
        assert personal not in flat, "the audit log holds ids and counts only"
    broken = vernly(cast_desk, "audit", "verify")
    assert broken.exit_code == 1
    assert "broken at entry 7" in broken.output and "changed" in broken.output
    log = vernly(cast_desk, "audit", "log", "--limit", "3")
    assert log.exit_code == 0 and len(log.stdout.splitlines()) == 3
