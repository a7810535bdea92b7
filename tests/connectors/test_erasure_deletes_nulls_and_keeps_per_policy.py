"""Erasing Kari deletes what no law keeps, keeps her orders under the bookkeeping act with
the buyer's identifiers removed, and deletes the 2019 order whose period is over."""

from __future__ import annotations

from datetime import date

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE, NOW
from tests.connectors.conftest import World
from vernly.connectors.identity import Identity

KARI = Identity.of(email=KARI_EMAIL, phone=KARI_PHONE)


def _erase_all(world: World) -> dict[str, dict[str, object]]:
    return {sid: world.datamap.erase(KARI, sid, NOW).to_dict()
            for sid in world.datamap.erasure_order()}


def test_the_case_system_is_erased_before_the_webshop_it_points_into(world: World) -> None:
    order = world.datamap.erasure_order()
    assert order.index("cases") < order.index("webshop")


def test_webshop_orders_are_kept_with_the_statute_and_until_date(world: World) -> None:
    outcome = world.datamap.erase(KARI, "webshop", NOW)
    kept = {(k.table, k.until): k for k in outcome.kept}
    assert {key: k.count for key, k in kept.items()} == {
        ("orders", date(2029, 12, 31)): 1, ("orders", date(2030, 12, 31)): 1,
        ("order_lines", date(2029, 12, 31)): 1, ("order_lines", date(2030, 12, 31)): 2}
    assert {k.statute for k in outcome.kept} == {"bokføringsloven § 13"}
    assert "bokføringsloven § 13" in kept[("orders", date(2029, 12, 31))].reason["nb"]
    assert outcome.deleted == {"customers": 1, "orders": 1, "order_lines": 1, "shipments": 2}
    assert outcome.nulled == {"orders": 2}


def test_kept_orders_lose_the_buyers_identifiers_and_keep_the_amounts(world: World) -> None:
    world.datamap.erase(KARI, "webshop", NOW)
    with world.engines["webshop"].connect() as conn:
        from sqlalchemy import text

        rows = conn.execute(text("SELECT id, customer_id, buyer_email, buyer_mobile, total_nok "
                                 "FROM orders WHERE id IN (1, 2, 3) ORDER BY id")).all()
    assert [(r[0], r[1], r[2], r[3], float(r[4])) for r in rows] == [
        (1, None, None, None, 1990.0), (3, None, None, None, 12500.5)]
    assert world.ids("webshop", "SELECT id FROM customers") == {2, 3}
    assert world.ids("webshop", "SELECT id FROM shipments") == {3}
    assert world.ids("webshop", "SELECT id FROM order_lines") == {1, 3, 4, 5, 6}


def test_other_people_in_the_same_tables_are_untouched(world: World) -> None:
    before = world.snapshot()
    _erase_all(world)
    after = world.snapshot()
    for key in [("webshop", "customers"), ("cases", "registrations")]:
        assert set(before[key]) - set(after[key])
    assert world.ids("webshop", "SELECT id FROM orders WHERE customer_id = 3") == {5}
    assert world.ids("cases", "SELECT id FROM registrations") == {2}
    assert world.ids("cases", "SELECT id FROM returns") == {2}
    assert world.ids("visitors", "SELECT id FROM visits") == {1, 2, 3}


def test_the_case_system_loses_registration_message_and_return_case(world: World) -> None:
    outcome = world.datamap.erase(KARI, "cases", NOW)
    assert outcome.deleted == {"registrations": 1, "contact_messages": 1, "returns": 1}
    assert outcome.kept == [] and outcome.changed


def test_afterwards_nothing_about_kari_is_found(world: World) -> None:
    _erase_all(world)
    results = world.datamap.collect(KARI, NOW)
    assert sum(len(r.records) for r in results) == 0
