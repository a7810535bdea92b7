"""A customer's access package holds her invoices, their lines and the tracks she bought,
never the other invoices of those tracks (a catalogue row is context, and terminal)."""

from __future__ import annotations

from pathlib import Path

from tests.samples import music
from tests.samples.harness import keys_found, sample


def test_astrid_gets_her_invoice_its_lines_and_her_tracks_only(tmp_path: Path) -> None:
    with sample(tmp_path, music.SYSTEMS, music.DDL, music.ROWS) as datamap:
        found = keys_found(datamap, email=music.ASTRID)
    assert found == {"shop.customer": {1}, "shop.invoice": {1},
                     "shop.invoice_line": {1, 2}, "shop.track": {1, 2}}


def test_tracks_are_marked_as_context_not_as_her_own_data(tmp_path: Path) -> None:
    from vernly.connectors.identity import Identity

    with sample(tmp_path, music.SYSTEMS, music.DDL, music.ROWS) as datamap:
        records = [r for result in datamap.collect(Identity.of(email=music.ASTRID))
                   for r in result.records]
    assert {(r.table, r.context) for r in records} == {
        ("customer", False), ("invoice", False), ("invoice_line", False), ("track", True)}
    assert next(r for r in records if r.table == "track").to_dict()["context"] is True
