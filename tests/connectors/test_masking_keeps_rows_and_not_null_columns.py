"""A table whose erasure is `mask` keeps its rows and overwrites the person's fields with a
fixed placeholder, so NOT NULL columns stay valid; a second run changes nothing."""

from __future__ import annotations

from sqlalchemy import text

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE, NOW
from tests.connectors.conftest import World
from vernly.connectors.datamap import DataMap
from vernly.connectors.identity import Identity
from vernly.policy.loader import example_policy_path, load_text
from vernly.policy.models import Policy

KARI = Identity.of(email=KARI_EMAIL, phone=KARI_PHONE)


def _masking_policy() -> Policy:
    source = example_policy_path().read_text()
    marker = "      - name: contact_messages\n"
    assert marker in source
    return load_text(source.replace(marker, marker + "        erasure: mask\n")).policy


def test_masked_contact_messages_keep_the_row_with_placeholders(world: World) -> None:
    datamap = DataMap(_masking_policy(), world.workspace, world.env)
    try:
        outcome = datamap.erase(KARI, "cases", NOW)
        assert outcome.masked == {"contact_messages": 1}
        assert outcome.deleted == {"registrations": 1, "returns": 1}
        with world.engines["cases"].connect() as conn:
            row = conn.execute(text("SELECT name, phone, subject, body, received_at "
                                    "FROM contact_messages WHERE id = 1")).one()
        assert row[:4] == ("[slettet]", "[slettet]", "[slettet]", "[slettet]")
        assert row[4] is not None
        again = datamap.erase(KARI, "cases", NOW)
        assert not again.changed
    finally:
        datamap.close()
