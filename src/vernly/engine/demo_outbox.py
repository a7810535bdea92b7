"""The demo's outbox page reads here: every message vernly wrote, newest first. Only the
demo shows it (`Settings.demo_outbox`); a real workspace never lists messages to anyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from vernly.ledger.db import Ledger
from vernly.ledger.messages import OutboxMessage


@dataclass(frozen=True)
class SentMessage:
    id: int
    channel: str
    to: str
    subject: str
    body: str
    state: str
    """queued, sending, sent or failed."""
    created_at: datetime


def recent(ledger: Ledger, limit: int = 50) -> list[SentMessage]:
    """The newest `limit` messages of the outbox."""
    with ledger.session() as session:
        rows = session.execute(select(OutboxMessage).order_by(OutboxMessage.id.desc())
                               .limit(limit)).scalars().all()
        return [SentMessage(m.id, m.channel, m.recipient, m.subject, m.body, m.state,
                            m.created_at) for m in rows]
