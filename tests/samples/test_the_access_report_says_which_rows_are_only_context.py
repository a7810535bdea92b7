"""The access report shows the tracks Astrid bought apart from her own rows, saying in her
language that they are there because her data refers to them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.samples import music
from tests.samples.harness import sample
from vernly.connectors.identity import Identity
from vernly.engine.requests.ports import AccessReport
from vernly.notices.access_report import render


def test_the_track_table_carries_the_context_note_in_both_languages(tmp_path: Path) -> None:
    with sample(tmp_path, music.SYSTEMS, music.DDL, music.ROWS) as datamap:
        systems = datamap.collect(Identity.of(email=music.ASTRID))
        report = AccessReport(datamap.policy, "r-1", "access",
                              datetime(2026, 1, 1, tzinfo=UTC), systems, [])
        nb, en = render(report, "nb"), render(report, "en")
    assert nb.count("Vises fordi opplysningene dine viser til disse radene") == 1
    assert en.count("Shown because your data refers to these rows") == 1
    # The note stands right above the context table (track), after Astrid's own rows.
    note = en.index("Shown because your data refers to these rows")
    track = en.index("<caption>track", note)
    assert "<caption>" not in en[note:track]
    assert en.rindex("<caption>invoice_line", 0, note) < note
