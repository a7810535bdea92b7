"""The audit log is a hash chain: any edit, deletion or truncation is found."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from vernly.ledger import audit
from vernly.ledger.db import Ledger


def _write(ledger: Ledger, n: int) -> None:
    with ledger.session() as s:
        for i in range(n):
            audit.append(s, at=datetime.now(UTC), actor="alice", action="request.access",
                         target=f"req-{i}", system="webshop", counts={"rows": i},
                         detail={"cutoff": "2026-01-01T00:00:00+00:00", "ratio": 0.5})


def test_an_untouched_chain_verifies(ledger_url: str) -> None:
    ledger = Ledger(ledger_url)
    _write(ledger, 5)
    with ledger.session() as s:
        report = audit.verify(s)
    assert report.ok and report.entries == 5


def test_editing_a_row_by_hand_breaks_the_chain_at_that_row(ledger_url: str) -> None:
    ledger = Ledger(ledger_url)
    _write(ledger, 5)
    with ledger.session() as s:
        s.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3"))
    with ledger.session() as s:
        report = audit.verify(s)
    assert not report.ok and report.broken_at == 3


def test_deleting_the_newest_row_is_found(ledger_url: str) -> None:
    ledger = Ledger(ledger_url)
    _write(ledger, 4)
    with ledger.session() as s:
        s.execute(text("DELETE FROM audit_log WHERE seq = 4"))
    with ledger.session() as s:
        report = audit.verify(s)
    assert not report.ok and report.broken_at == 4


def test_migrations_run_twice_without_change(ledger_url: str) -> None:
    Ledger(ledger_url).dispose()
    ledger = Ledger(ledger_url)
    _write(ledger, 1)
    with ledger.session() as s:
        assert audit.verify(s).ok
