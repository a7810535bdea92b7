"""On PostgreSQL a batch of first choices is one statement that commits itself: no BEGIN
before it and no COMMIT after it, two round trips fewer per batch. A batch that reads and
updates a returning visitor's record still runs in a transaction of its own, so its read,
its update and its inserts land together or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy.orm import Session

from tests.consent.support import make_workspace
from vernly.engine.consent import service
from vernly.engine.consent.catalogue import Catalogue, build_catalogue
from vernly.engine.consent.writer import ChoiceWriter
from vernly.ledger.consent import ConsentRecord
from vernly.ledger.db import Ledger
from vernly.policy.loader import load_policy

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
FIRST = service.Choice(decisions={"statistics": True, "marketing": False}, user_agent="ua")


@pytest.fixture
def catalogue(tmp_path: Path) -> Catalogue:
    return build_catalogue(load_policy(make_workspace(tmp_path) / "vernly.yaml").policy)


def _watch(monkeypatch: pytest.MonkeyPatch) -> list[TransactionStatus]:
    """The driver connection's transaction status once each batch has been written."""
    seen: list[TransactionStatus] = []
    original = service.record_choices

    def record_choices(session: Session, arrivals: Sequence[service.Arrival], *,
                       ua_key: str) -> list[service.ChoiceResult | Exception]:
        outcomes = original(session, arrivals, ua_key=ua_key)
        seen.append(session.connection().connection.driver_connection.info.transaction_status)
        return outcomes  # type: ignore[return-value]

    monkeypatch.setattr(service, "record_choices", record_choices)
    return seen


def test_a_batch_of_first_choices_is_committed_by_its_own_statement(
        postgres_url: str, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = Ledger(postgres_url)
    seen = _watch(monkeypatch)
    result = ChoiceWriter(ledger, "k", threads=1).submit(catalogue, FIRST, NOW).result(30)
    # No transaction is open after the insert: it committed itself (autocommit), and the
    # row is there for any other connection at once.
    assert seen == [TransactionStatus.IDLE]
    with ledger.session() as session:
        stored = session.get(ConsentRecord, result.record.id)
        assert stored is not None and stored.decisions == {"statistics": True,
                                                           "marketing": False}
    ledger.dispose()


def test_a_batch_that_updates_a_record_runs_in_a_transaction(
        postgres_url: str, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = Ledger(postgres_url)
    writer = ChoiceWriter(ledger, "k", threads=1)
    first = writer.submit(catalogue, FIRST, NOW).result(30)
    seen = _watch(monkeypatch)
    again = service.Choice(decisions={"statistics": False}, record_id=first.record.id)
    writer.submit(catalogue, again, NOW).result(30)
    assert seen == [TransactionStatus.INTRANS]  # committed by the writer after the batch
    with ledger.session() as session:
        stored = session.get(ConsentRecord, first.record.id)
        assert stored is not None and stored.decisions["statistics"] is False
    ledger.dispose()
