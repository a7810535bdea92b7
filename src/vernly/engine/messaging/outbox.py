"""Writing a message to the outbox: once per event, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vernly.errors import InvalidInput
from vernly.ledger.messages import CHANNELS, OutboxMessage


def enqueue(session: Session, *, event: str, channel: str, to: str, body: str, now: datetime,
            subject: str = "", purpose: str = "", request_id: str | None = None,
            reply_to: str | None = None) -> OutboxMessage:
    """The message for `event`, written now if this is the first time it is asked for.

    A second call for the same event (a retried request, two replicas handling the same
    thing) returns the message already there and writes nothing, so one event never
    becomes two messages.
    """
    if channel not in CHANNELS:
        raise InvalidInput(f"channel: {channel!r} is not one of {', '.join(CHANNELS)}")
    if not to.strip():
        raise InvalidInput(f"to: a {channel} message needs a recipient")
    existing = _by_event(session, event)
    if existing is not None:
        return existing
    message = OutboxMessage(event=event, channel=channel, recipient=to.strip(),
                            subject=subject, body=body, reply_to=reply_to, purpose=purpose,
                            request_id=request_id, state="queued", attempts=0,
                            created_at=now, next_attempt_at=now)
    try:
        with session.begin_nested():  # a concurrent enqueue of the same event loses here
            session.add(message)
    except IntegrityError:
        winner = _by_event(session, event)
        if winner is None:
            raise
        return winner
    return message


def _by_event(session: Session, event: str) -> OutboxMessage | None:
    return session.execute(
        select(OutboxMessage).where(OutboxMessage.event == event)
    ).scalar_one_or_none()
