"""A crash in the middle of erasing a system leaves it untouched; running again finishes."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Connection

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE, NOW
from tests.connectors.conftest import World
from vernly.connectors.identity import Identity

KARI = Identity.of(email=KARI_EMAIL, phone=KARI_PHONE)


class Crash(Exception):
    pass


def test_a_crash_after_the_first_statements_rolls_the_whole_system_back(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    before = world.snapshot()
    real_execute = Connection.execute
    writes = []

    def crashing_execute(self: Connection, statement, *args, **kwargs):  # type: ignore[no-untyped-def]
        if statement.is_dml:
            writes.append(statement)
            if len(writes) == 3:
                raise Crash("power cut")
        return real_execute(self, statement, *args, **kwargs)

    monkeypatch.setattr(Connection, "execute", crashing_execute)
    with pytest.raises(Crash):
        world.datamap.erase(KARI, "webshop", NOW)
    monkeypatch.setattr(Connection, "execute", real_execute)
    assert len(writes) == 3
    assert world.snapshot() == before

    outcome = world.datamap.erase(KARI, "webshop", NOW)
    assert outcome.deleted["customers"] == 1
