"""One event, one message: asking again for the message of an event (a retried request, a
second server) gives the message already written, and a rolled-back event writes none."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from vernly.engine.messaging import enqueue
from vernly.errors import InvalidInput
from vernly.ledger.db import Ledger
from vernly.ledger.messages import OutboxMessage

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _count(ledger: Ledger) -> int:
    with ledger.session() as s:
        return int(s.execute(select(func.count()).select_from(OutboxMessage)).scalar_one())


def test_the_same_event_asked_twice_is_one_message(ledger: Ledger) -> None:
    with ledger.session() as s:
        first = enqueue(s, event="visit:7:sms", channel="sms", to="+4791234567",
                        body="Velkommen", now=NOW)
        s.flush()
        first_id = first.id
    with ledger.session() as s:
        again = enqueue(s, event="visit:7:sms", channel="sms", to="+4791234567",
                        body="Velkommen igjen", now=NOW)
        assert again.id == first_id and again.body == "Velkommen"
    assert _count(ledger) == 1


def test_a_rolled_back_event_leaves_no_message(ledger: Ledger) -> None:
    with pytest.raises(RuntimeError), ledger.session() as s:
        enqueue(s, event="visit:8:sms", channel="sms", to="+4791234567", body="x", now=NOW)
        raise RuntimeError("the registration failed after the message was decided")
    assert _count(ledger) == 0


def test_an_unknown_channel_or_missing_recipient_is_one_clear_error(ledger: Ledger,
                                                                     workspace: Path) -> None:
    with ledger.session() as s:
        with pytest.raises(InvalidInput, match="channel: 'fax' is not one of email, sms"):
            enqueue(s, event="e1", channel="fax", to="x", body="x", now=NOW)
        with pytest.raises(InvalidInput, match="to: a sms message needs a recipient"):
            enqueue(s, event="e2", channel="sms", to=" ", body="x", now=NOW)
