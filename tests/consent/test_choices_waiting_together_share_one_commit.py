"""The consent writer stores the choices that wait together in one transaction, answers
each only after that commit, and when a batch fails stores its other choices one by one:
the failing choice alone is refused, none is lost or stored twice."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.consent.support import make_workspace
from vernly.engine.consent import service
from vernly.engine.consent.catalogue import Catalogue, build_catalogue
from vernly.engine.consent.writer import ChoiceWriter
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


def test_a_failing_batch_is_stored_choice_by_choice(ledger_url: str, catalogue: Catalogue,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = Ledger(ledger_url)
    writer = ChoiceWriter(ledger, "k", threads=1)
    original = service.record_choices
    gate = threading.Event()

    def record_choices(session: Session, arrivals: Sequence[service.Arrival], *,
                       ua_key: str) -> list[service.ChoiceResult | Exception]:
        gate.wait(30)
        outcomes = original(session, arrivals, ua_key=ua_key)  # written, then the batch fails
        if any(a.choice is BROKEN for a in arrivals):
            raise RuntimeError("the database refused the batch")
        return outcomes  # type: ignore[return-value]

    monkeypatch.setattr(service, "record_choices", record_choices)
    futures = [writer.submit(catalogue, choice, NOW) for choice in (ASKED, ASKED, BROKEN, ASKED)]
    gate.set()
    with pytest.raises(RuntimeError, match="refused the batch"):
        futures[2].result(30)
    stored = [futures[i].result(30) for i in (0, 1, 3)]
    assert len({r.record.id for r in stored}) == 3
    assert _counts(ledger) == (3, 6), "the failed batch left nothing behind, nothing twice"
    ledger.dispose()
