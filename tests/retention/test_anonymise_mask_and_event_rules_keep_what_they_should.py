"""Rules beyond deletion: anonymising contact messages nulls who wrote them and keeps what
was asked (for statistics); masking shipments hides the recipient and keeps the carrier;
a 'purpose ended' event recorded in the ledger starts a visit's period, for one row or for
all. Each is idempotent: a second sweep changes nothing."""

from __future__ import annotations

from pathlib import Path

from tests.retention.support import (
    KARI,
    NOW,
    OLA,
    column,
    days,
    ids,
    insert_rows,
    loaded,
    result,
    sweep,
    url_of,
    workspace,
)
from vernly.engine.retention.events import record_event
from vernly.ledger.db import Ledger
from vernly.policy.loader import example_policy_path

CONTACT = """    systems: [cases, forms]
    retention:
      rules:
        - duration: P24M
          trigger: collected
          action: anonymise
          datasets: [cases.contact_messages]
"""
VISITS = """    recipients: [sms_provider]
    retention:
      rules:
        - duration: P30D
          trigger: purpose_ended
          action: delete
          datasets: [visitors.visits]
"""
SHIPMENTS = """          datasets: [webshop.orders, webshop.order_lines, cases.returns]
"""
SHIPMENT_RULE = """          datasets: [webshop.orders, webshop.order_lines, cases.returns]
        - duration: P1Y
          trigger: collected
          action: mask
          datasets: [webshop.shipments]
"""


def _policy() -> str:
    text = example_policy_path().read_text()
    contact, visits = ("    systems: [cases, forms]\n    retention: not_stated\n",
                       "    recipients: [sms_provider]\n    retention: not_stated\n")
    assert contact in text and visits in text, "the example's activities changed; update them"
    text = text.replace(contact, CONTACT).replace(visits, VISITS)
    assert SHIPMENTS in text, "the example's bookkeeping rule changed; update SHIPMENTS"
    return text.replace(SHIPMENTS, SHIPMENT_RULE)


def test_anonymised_messages_keep_their_subject_but_not_their_author(tmp_path: Path) -> None:
    ws, env = workspace(tmp_path, policy_text=_policy())
    cases = url_of(ws, env, "cases")
    insert_rows(cases, "contact_messages", [
        {"id": 1, "name": KARI["name"], "email": KARI["email"], "phone": KARI["phone"],
         "subject": "Faktura", "body": "Spørsmål om faktura", "received_at": NOW - days(800)},
        {"id": 2, "name": OLA["name"], "email": OLA["email"], "phone": None,
         "subject": "Levering", "body": "Når kommer pakken?", "received_at": NOW - days(30)}])

    report = sweep(ws, env, NOW)

    assert result(report, "contact:0:cases.contact_messages")["anonymised"] == 1
    assert column(cases, "contact_messages", "name") == {1: None, 2: OLA["name"]}
    assert column(cases, "contact_messages", "email") == {1: None, 2: OLA["email"]}
    assert column(cases, "contact_messages", "subject") == {1: "Faktura", 2: "Levering"}
    assert result(sweep(ws, env, NOW), "contact:0:cases.contact_messages")["anonymised"] == 0


def test_masked_shipments_hide_the_recipient_and_keep_the_carrier(tmp_path: Path) -> None:
    ws, env = workspace(tmp_path, policy_text=_policy())
    webshop = url_of(ws, env, "webshop")
    insert_rows(webshop, "orders", [{"id": 1, "order_number": "O1", "ordered_at": NOW - days(9)}])
    insert_rows(webshop, "shipments", [
        {"id": 1, "order_id": 1, "carrier": "Posten", "recipient_name": KARI["name"],
         "recipient_phone": KARI["phone"], "delivery_address": "Storgata 1",
         "shipped_at": NOW - days(400)},
        {"id": 2, "order_id": 1, "carrier": "Bring", "recipient_name": OLA["name"],
         "recipient_phone": OLA["phone"], "delivery_address": "Kirkeveien 2",
         "shipped_at": NOW - days(8)}])

    report = sweep(ws, env, NOW)

    assert result(report, "webshop_orders:1:webshop.shipments")["masked"] == 1
    assert column(webshop, "shipments", "recipient_name") == {1: "***", 2: OLA["name"]}
    assert column(webshop, "shipments", "delivery_address") == {1: "***", 2: "Kirkeveien 2"}
    assert column(webshop, "shipments", "carrier") == {1: "Posten", 2: "Bring"}
    assert result(sweep(ws, env, NOW), "webshop_orders:1:webshop.shipments")["masked"] == 0


def test_a_purpose_ended_event_starts_the_period_for_one_row_or_all(tmp_path: Path) -> None:
    ws, env = workspace(tmp_path, policy_text=_policy())
    visitors = url_of(ws, env, "visitors")
    insert_rows(visitors, "visits", [
        {"id": n, "full_name": f"Gjest {n}", "phone": f"+479000000{n}",
         "arrived_at": NOW - days(100)} for n in (1, 2, 3)])
    ledger = Ledger(env["VERNLY_DATABASE_URL"])
    policy = loaded(ws).policy
    with ledger.session() as session:
        record_event(session, policy, dataset="visitors.visits", key="1", kind="purpose_ended",
                     at=NOW - days(31), recorded_by="DPO", now=NOW)
        record_event(session, policy, dataset="visitors.visits", key="2", kind="purpose_ended",
                     at=NOW - days(5), recorded_by="DPO", now=NOW)

    first = sweep(ws, env, NOW, ledger=ledger)

    assert result(first, "visitor_registration:0:visitors.visits")["deleted"] == 1
    assert ids(visitors, "visits") == {2, 3}
    with ledger.session() as session:
        record_event(session, policy, dataset="visitors.visits", key="*", kind="purpose_ended",
                     at=NOW - days(60), recorded_by="DPO", now=NOW)
    sweep(ws, env, NOW, ledger=ledger)
    assert ids(visitors, "visits") == set()
    ledger.dispose()
