"""Erasure is idempotent: running it again finds nothing and changes nothing."""

from __future__ import annotations

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE, NOW
from tests.connectors.conftest import World
from vernly.connectors.identity import Identity

KARI = Identity.of(email=KARI_EMAIL, phone=KARI_PHONE)


def test_a_second_erasure_reports_no_change_and_leaves_every_row_as_it_was(
        world: World) -> None:
    for sid in world.datamap.erasure_order():
        world.datamap.erase(KARI, sid, NOW)
    before = world.snapshot()
    again = [world.datamap.erase(KARI, sid, NOW) for sid in world.datamap.erasure_order()]
    assert [o.system for o in again if o.changed] == []
    assert world.snapshot() == before
