"""Sending what the outbox holds: claim, hand over, record.

A message is claimed with a conditional UPDATE before it is sent, so two senders (threads,
servers, workers) never both send it; a sender that dies holding a claim lets it expire and
the message is tried again (with the same idempotency key and Message-ID, so the gateway
or mail system can drop the repeat). Every attempt is recorded; a failed one waits for the
next delay of `VERNLY_MESSAGE_RETRY_DELAYS`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update

from vernly.engine.messaging.transports import Transport, Undelivered, transport_for
from vernly.ledger.db import Ledger
from vernly.ledger.messages import MessageAttempt, OutboxMessage
from vernly.settings import Settings

log = logging.getLogger("vernly.messaging")

CLAIM = timedelta(minutes=5)
"""How long a sender holds a message it is sending; far longer than any SMTP timeout."""


@dataclass
class Delivery:
    """What one round of sending did, by message id."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)

    def __add__(self, other: Delivery) -> Delivery:
        return Delivery(self.sent + other.sent, self.retrying + other.retrying,
                        self.failed + other.failed)


def deliver(ledger: Ledger, settings: Settings, message_ids: Iterable[int],
            transports: dict[str, Transport] | None = None) -> Delivery:
    """Try the given messages now (those still waiting); call after the commit that wrote
    them, so a message is never sent for an event that was rolled back."""
    now = settings.now()
    done = Delivery()
    for message_id in message_ids:
        claim = _claim(ledger, message_id, now, due_only=False)
        if claim:
            done += _send(ledger, settings, message_id, claim, transports)
    return done


def deliver_due(ledger: Ledger, settings: Settings, *, limit: int = 100,
                transports: dict[str, Transport] | None = None) -> Delivery:
    """Send every message whose attempt is due (and any whose sender died), oldest first."""
    now = settings.now()
    with ledger.session() as session:
        ids = list(session.execute(
            select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id).limit(limit)
        ).scalars())
    done = Delivery()
    for message_id in ids:
        claim = _claim(ledger, message_id, now, due_only=True)
        if claim:
            done += _send(ledger, settings, message_id, claim, transports)
    return done


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(OutboxMessage.state == "queued", OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.state == "sending", OutboxMessage.claimed_until < now),
    )


def _claim(ledger: Ledger, message_id: int, now: datetime, *, due_only: bool) -> str | None:
    """Take the message for sending; None when it is not waiting or someone else has it."""
    token = uuid.uuid4().hex[:16]
    waiting = _due(now) if due_only else or_(
        OutboxMessage.state == "queued",
        and_(OutboxMessage.state == "sending", OutboxMessage.claimed_until < now))
    with ledger.session() as session:
        claimed = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, waiting)
            .values(state="sending", claimed_until=now + CLAIM, claim=token)
            .execution_options(synchronize_session=False)
        )
        return token if claimed.rowcount == 1 else None  # type: ignore[attr-defined]


def _send(ledger: Ledger, settings: Settings, message_id: int, claim: str,
          transports: dict[str, Transport] | None) -> Delivery:
    with ledger.session() as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        session.expunge(message)
    transport = (transports or {}).get(message.channel) or transport_for(message.channel,
                                                                          settings)
    error: Undelivered | None = None
    try:
        transport.send(message)
    except Undelivered as exc:
        error = exc
    return _record(ledger, settings, message_id, claim, error)


def _record(ledger: Ledger, settings: Settings, message_id: int, claim: str,
            error: Undelivered | None) -> Delivery:
    now = settings.now()
    with ledger.session() as session:
        message = session.get(OutboxMessage, message_id, with_for_update=True)
        assert message is not None
        if message.state != "sending" or message.claim != claim:
            # Our claim expired and another sender took the message over: it records.
            log.warning("message %s: claim lost before its attempt was recorded", message_id)
            return Delivery()
        message.attempts += 1
        message.claimed_until, message.claim = None, None
        session.add(MessageAttempt(message_id=message_id, at=now, ok=error is None,
                                   error=error.reason[:300] if error else None))
        if error is None:
            message.state, message.sent_at = "sent", now
            message.next_attempt_at, message.last_error = None, None
            log.info("message %s (%s, %s) sent", message_id, message.channel, message.purpose)
            return Delivery(sent=[message_id])
        message.last_error = error.reason[:300]
        if error.permanent:
            message.state, message.next_attempt_at = "failed", None
            log.warning("message %s refused for good: %s", message_id, error.reason)
            return Delivery(failed=[message_id])
        message.state = "queued"
        message.next_attempt_at = now + settings.message_retry_delay(message.attempts)
        log.warning("message %s not sent (attempt %s): %s", message_id, message.attempts,
                    error.reason)
        return Delivery(retrying=[message_id])
