"""Rectifying Kari's phone writes the new number in every column holding a phone number in
her own rows, and nowhere else."""

from __future__ import annotations

import pytest

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE, NOW, OLA_PHONE
from tests.connectors.conftest import World
from vernly.connectors.identity import Identity
from vernly.errors import InvalidInput

KARI = Identity.of(email=KARI_EMAIL, phone=KARI_PHONE)
NEW = "+4792222222"


def test_the_new_number_is_in_every_system_and_the_old_one_is_gone(world: World) -> None:
    updated = {sid: world.datamap.rectify(KARI, sid, {"user.contact.phone_number": "922 22 222"},
                                          NOW).updated
               for sid in ("webshop", "cases", "visitors")}
    assert updated == {"webshop": {"customers": 1, "orders": 3, "shipments": 1},
                       "cases": {"registrations": 1, "contact_messages": 1}, "visitors": {}}
    for system, query in [
        ("webshop", "SELECT id FROM customers WHERE mobile = :p"),
        ("webshop", "SELECT id FROM orders WHERE buyer_mobile = :p"),
        ("webshop", "SELECT id FROM shipments WHERE recipient_phone = :p"),
        ("cases", "SELECT id FROM registrations WHERE phone = :p"),
        ("cases", "SELECT id FROM contact_messages WHERE phone = :p"),
    ]:
        assert world.ids(system, query, p=KARI_PHONE) == set()
        assert world.ids(system, query, p=NEW)


def test_rows_reached_only_through_her_orders_keep_other_peoples_values(world: World) -> None:
    world.datamap.rectify(KARI, "webshop", {"user.name": "Kari Nordmann-Berg"}, NOW)
    assert world.ids("webshop", "SELECT id FROM orders WHERE buyer_name = 'Kari Nordmann-Berg'") \
        == {1, 2, 3}
    assert world.ids("webshop", "SELECT id FROM customers WHERE name = 'Kari Nordmann'") == {3}
    assert world.ids("webshop", "SELECT id FROM shipments WHERE recipient_phone = :p",
                     p=OLA_PHONE) == {3}


def test_the_person_is_found_by_the_new_number_afterwards(world: World) -> None:
    before = {(r.system, r.table, r.key) for s in world.datamap.collect(KARI, NOW)
              for r in s.records}
    for sid in ("webshop", "cases", "visitors"):
        world.datamap.rectify(KARI, sid, {"mobile": NEW, "phone": NEW, "buyer_mobile": NEW,
                                          "recipient_phone": NEW}, NOW)
    after = {(r.system, r.table, r.key)
             for s in world.datamap.collect(Identity.of(email=KARI_EMAIL, phone=NEW), NOW)
             for r in s.records}
    assert after == before


def test_an_unknown_field_is_refused_in_one_line(world: World) -> None:
    with pytest.raises(InvalidInput, match=r"'user\.contact\.fax'"):
        world.datamap.rectify(KARI, "webshop", {"user.contact.fax": "1"}, NOW)
