"""Every ledger connection commits durably: a consent choice answered 201 or an audit entry
written must survive a power loss. On SQLite (WAL) that needs `synchronous=FULL` (NORMAL
syncs only at checkpoints); on PostgreSQL `synchronous_commit` stays on. The consent
writer's batches run on such connections too."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from tests.consent.support import make_workspace
from vernly.engine.consent import service
from vernly.engine.consent.catalogue import build_catalogue
from vernly.engine.consent.writer import ChoiceWriter
from vernly.errors import VernlyError
from vernly.ledger.db import Ledger
from vernly.policy.loader import load_policy

SQLITE_FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def _durable(connection: Connection) -> bool:
    if connection.dialect.name == "sqlite":
        return connection.execute(text("PRAGMA synchronous")).scalar() == SQLITE_FULL
    return connection.execute(text("SHOW synchronous_commit")).scalar() == "on"


def test_every_ledger_connection_commits_durably(ledger_url: str) -> None:
    ledger = Ledger(ledger_url)
    try:
        # Two at once: a pool's second connection is set up like its first.
        with ledger.engine.connect() as first, ledger.engine.connect() as second:
            assert _durable(first) and _durable(second)
        with ledger.session() as session:
            assert _durable(session.connection())
    finally:
        ledger.dispose()


def test_the_consent_writer_commits_durably(ledger_url: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = build_catalogue(load_policy(make_workspace(tmp_path) / "vernly.yaml").policy)
    ledger = Ledger(ledger_url)
    seen: list[bool] = []
    original = service.record_choices

    def record_choices(session: Session, arrivals: Sequence[service.Arrival], *,
                       ua_key: str) -> list[service.ChoiceResult | VernlyError]:
        seen.append(_durable(session.connection()))
        return original(session, arrivals, ua_key=ua_key)

    monkeypatch.setattr(service, "record_choices", record_choices)
    try:
        writer = ChoiceWriter(ledger, "k", threads=1)
        choice = service.Choice(decisions={"statistics": True})
        writer.submit(catalogue, choice, datetime(2026, 3, 2, tzinfo=UTC)).result(30)
    finally:
        ledger.dispose()
    assert seen == [True]
