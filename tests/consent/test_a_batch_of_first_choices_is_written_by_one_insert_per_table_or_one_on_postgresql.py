"""A batch of first choices costs the ledger a fixed number of statements, whatever its
size: on SQLite one insert per table (executemany in the process), on PostgreSQL one
statement for both tables (each column an array), so a bigger batch shares the round trips
instead of adding one per row. The rows written are the same as choice by choice."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from tests.consent.support import make_workspace
from vernly.engine.consent import service
from vernly.engine.consent.catalogue import Catalogue, build_catalogue
from vernly.engine.consent.writer import ChoiceWriter
from vernly.ledger.consent import ConsentEvent, ConsentRecord
from vernly.ledger.db import Ledger
from vernly.policy.loader import load_policy

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
CHOICE = service.Choice(decisions={"statistics": True, "marketing": False}, user_agent="ua",
                        services={"google_tag_manager": False}, gpc=True)


@pytest.fixture
def catalogue(tmp_path: Any) -> Catalogue:
    return build_catalogue(load_policy(make_workspace(tmp_path) / "vernly.yaml").policy)


def test_a_batch_of_first_choices_takes_a_fixed_number_of_statements(
        ledger_url: str, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = Ledger(ledger_url)
    writer = ChoiceWriter(ledger, "k", threads=1)
    statements: list[str] = []
    held, original, batches = threading.Event(), service.record_choices, []

    def record_choices(session: Session, arrivals: Sequence[service.Arrival], *,
                       ua_key: str) -> list[service.ChoiceResult | Exception]:
        batches.append(len(arrivals))
        held.wait(30)  # the first batch waits while twenty more choices queue up
        return original(session, arrivals, ua_key=ua_key)  # type: ignore[return-value]

    monkeypatch.setattr(service, "record_choices", record_choices)
    event.listen(ledger.engine, "before_cursor_execute",
                 lambda _c, _cur, sql, *_: statements.append(sql.split()[0].upper()))
    first = writer.submit(catalogue, CHOICE, NOW)
    while not batches:
        threading.Event().wait(0.01)
    waiting = [writer.submit(catalogue, CHOICE, NOW) for _ in range(20)]
    held.set()
    results = [f.result(30) for f in (first, *waiting)]
    assert batches == [1, 20]
    inserts = [s for s in statements if s in ("INSERT", "WITH")]
    per_batch = 1 if ledger.engine.dialect.name == "postgresql" else 2
    assert len(inserts) == 2 * per_batch, statements  # 20 choices cost what one does
    with ledger.session() as session:
        for result in results:
            record = session.get(ConsentRecord, result.record.id)
            assert record is not None
            assert record.decisions == {"statistics": True, "marketing": False}
            assert record.created_at == NOW
            assert record.user_agent_hash == result.record.user_agent_hash
            assert record.services == {"google_tag_manager": False}
            events = session.scalars(select(ConsentEvent).where(
                ConsentEvent.record_id == record.id).order_by(ConsentEvent.id)).all()
            assert [(e.event, e.purpose, e.service, e.at, e.detail) for e in events] == [
                (e.event, e.purpose, e.service, e.at, e.detail) for e in result.events]
    ledger.dispose()
