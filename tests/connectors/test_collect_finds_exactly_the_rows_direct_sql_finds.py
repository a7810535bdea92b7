"""Collecting a person finds exactly the rows a hand-written SQL query finds, in every
database, following references from the person's customer account and orders."""

from __future__ import annotations

from typing import Any

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE, NOW, OLA_PHONE
from tests.connectors.conftest import World
from tests.connectors.direct_sql import rows_by_hand
from vernly.connectors.identity import Identity


def _collected(world: World, identity: Identity) -> dict[tuple[str, str], set[Any]]:
    found: dict[tuple[str, str], set[Any]] = {}
    for result in world.datamap.collect(identity, NOW):
        for record in result.records:
            found.setdefault((record.system, record.table), set()).add(record.key)
    return found


def test_kari_is_found_in_every_table_direct_sql_finds_her_in(world: World) -> None:
    expected = rows_by_hand(world.ids, KARI_EMAIL, KARI_PHONE)
    assert _collected(world, Identity.of(email=KARI_EMAIL, phone="912 34 567")) == expected
    assert expected[("webshop", "orders")] == {1, 2, 3}
    assert expected[("cases", "returns")] == {1}


def test_ola_with_only_a_phone_gets_his_visits_and_the_shipment_he_received(
        world: World) -> None:
    expected = rows_by_hand(world.ids, None, OLA_PHONE)
    assert _collected(world, Identity.of(phone=OLA_PHONE)) == expected
    assert expected == {("visitors", "visits"): {1, 2}, ("webshop", "shipments"): {3}}


def test_records_carry_values_categories_and_activity(world: World) -> None:
    results = {r.system: r for r in world.datamap.collect(Identity.of(email=KARI_EMAIL), NOW)}
    order = next(r for r in results["webshop"].records if r.table == "orders" and r.key == 1)
    assert order.fields["order_number"] == "WS-1"
    assert order.fields["ordered_at"].isoformat() == "2024-03-10T10:00:00+00:00"
    assert order.categories["buyer_email"] == "user.contact.email"
    assert order.activity == "webshop_orders"
    assert order.to_dict()["fields"]["total_nok"] == 1990
    assert "buyer_email" in order.provided and "order_number" not in order.provided


def test_systems_without_a_connection_come_back_empty_with_a_note(world: World) -> None:
    results = {r.system: r for r in world.datamap.collect(Identity.of(email=KARI_EMAIL), NOW)}
    assert results["web_analytics"].count == 0 and results["web_analytics"].note
    assert results["customer_platform"].count == 0 and results["customer_platform"].note
    assert results["questback"].task is not None
