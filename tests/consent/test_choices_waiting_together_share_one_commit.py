"""The consent writer stores the choices that wait together in one transaction, answers
each only after that commit, and when a batch fails stores its other choices one by one:
the failing choice alone is refused, none is lost or stored twice."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tests.consent.support import make_workspace
from vernly.engine.consent import service
from vernly.engine.consent.catalogue import Catalogue, build_catalogue
from vernly.engine.consent.writer import ChoiceWriter
from vernly.ledger import consent as consent_rows
from vernly.ledger.consent import ConsentEvent, ConsentRecord
from vernly.ledger.db import Ledger
from vernly.policy.loader import load_policy

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ASKED = service.Choice(decisions={"statistics": True, "marketing": False})
BROKEN = service.Choice(decisions={"statistics": False}, user_agent="breaks the batch")


@pytest.fixture
def catalogue(tmp_path: Any) -> Catalogue:
    return build_catalogue(load_policy(make_workspace(tmp_path) / "vernly.yaml").policy)


def _counts(ledger: Ledger) -> tuple[int, int]:
    with ledger.session() as session:
        return (session.scalar(select(func.count()).select_from(ConsentRecord)) or 0,
                session.scalar(select(func.count()).select_from(ConsentEvent)) or 0)


def test_choices_that_wait_together_share_a_commit(ledger_url: str, catalogue: Catalogue,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = Ledger(ledger_url)
    writer = ChoiceWriter(ledger, "k", threads=1)
    held, batches = threading.Event(), []
    original = service.record_choices

    def record_choices(session: Session, arrivals: Sequence[service.Arrival], *,
                       ua_key: str) -> list[service.ChoiceResult | Exception]:
        batches.append(len(arrivals))
        held.wait(30)  # the first batch is held open while ten more choices arrive
        return original(session, arrivals, ua_key=ua_key)  # type: ignore[return-value]

    monkeypatch.setattr(service, "record_choices", record_choices)
    first = writer.submit(catalogue, ASKED, NOW)
    while not batches:
        threading.Event().wait(0.01)
    waiting = [writer.submit(catalogue, ASKED, NOW) for _ in range(10)]
    assert not first.done(), "answered before its commit"
    assert _counts(ledger) == (0, 0)
    held.set()
    results = [f.result(30) for f in (first, *waiting)]
    assert batches == [1, 10] and writer.batches == 2
    assert len({r.record.id for r in results}) == 11
    assert _counts(ledger) == (11, 22)
    ledger.dispose()


def test_a_batch_the_database_refuses_is_stored_choice_by_choice(
        ledger_url: str, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    # First choices only: on PostgreSQL one statement that commits itself, on SQLite a
    # transaction. The broken choice's row breaks the statement (NOT NULL), so the batch
    # writes nothing; retried one by one, only the broken choice is refused.
    ledger = Ledger(ledger_url)
    writer = ChoiceWriter(ledger, "k", threads=1)
    original, gate = consent_rows.insert_choices, threading.Event()
    broken_hash = service.ua_hash(BROKEN.user_agent, "k")

    def insert_choices(connection: Connection, records: Sequence[Mapping[str, Any]],
                       events: Sequence[Mapping[str, Any]]) -> None:
        gate.wait(30)
        original(connection, [dict(r, subject_type=None)
                              if r["user_agent_hash"] == broken_hash else r
                              for r in records], events)

    monkeypatch.setattr(consent_rows, "insert_choices", insert_choices)
    futures = [writer.submit(catalogue, choice, NOW) for choice in (ASKED, ASKED, BROKEN, ASKED)]
    gate.set()
    with pytest.raises(IntegrityError):
        futures[2].result(30)
    stored = [futures[i].result(30) for i in (0, 1, 3)]
    assert len({r.record.id for r in stored}) == 3
    assert _counts(ledger) == (3, 6), "the failed batch left nothing behind, nothing twice"
    ledger.dispose()


def test_a_batch_failing_after_its_writes_is_rolled_back_and_stored_choice_by_choice(
        ledger_url: str, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    # Batches that update returning visitors' records run in a transaction: a failure after
    # the writes (a commit-time refusal, say) undoes them all.
    ledger = Ledger(ledger_url)
    writer = ChoiceWriter(ledger, "k", threads=1)
    earlier = [writer.submit(catalogue, ASKED, NOW).result(30) for _ in range(4)]
    again = [replace(ASKED, decisions={"statistics": False}, record_id=r.record.id)
             for r in earlier]
    broken = replace(BROKEN, record_id=earlier[2].record.id)
    original = service.record_choices
    gate = threading.Event()

    def record_choices(session: Session, arrivals: Sequence[service.Arrival], *,
                       ua_key: str) -> list[service.ChoiceResult | Exception]:
        gate.wait(30)
        outcomes = original(session, arrivals, ua_key=ua_key)  # written, then the batch fails
        if any(a.choice is broken for a in arrivals):
            raise RuntimeError("the database refused the batch")
        return outcomes  # type: ignore[return-value]

    monkeypatch.setattr(service, "record_choices", record_choices)
    futures = [writer.submit(catalogue, choice, NOW)
               for choice in (again[0], again[1], broken, again[3])]
    gate.set()
    with pytest.raises(RuntimeError, match="refused the batch"):
        futures[2].result(30)
    assert all(futures[i].result(30).changed for i in (0, 1, 3))
    # Four records with their first two events each, plus one withdrawal for each of the
    # three choices stored: nothing of the failed batch stayed, nothing was written twice.
    assert _counts(ledger) == (4, 8 + 3)
    with ledger.session() as session:
        unchanged = session.get(ConsentRecord, earlier[2].record.id)
        assert unchanged is not None and unchanged.decisions["statistics"] is True
    ledger.dispose()
