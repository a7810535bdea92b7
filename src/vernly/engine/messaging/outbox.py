"""Writing a message to the outbox: once per event, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
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
    # ON CONFLICT DO NOTHING rather than a savepoint: two servers writing the message of
    # one event at once both succeed, and only the first row stays.
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(OutboxMessage).values(
        event=event, channel=channel, recipient=to.strip(), subject=subject, body=body,
        reply_to=reply_to, purpose=purpose, request_id=request_id, state="queued", attempts=0,
        created_at=now, next_attempt_at=now,
    ).on_conflict_do_nothing(index_elements=[OutboxMessage.event]))
    message = _by_event(session, event)
    assert message is not None
    return message


def _by_event(session: Session, event: str) -> OutboxMessage | None:
    return session.execute(
        select(OutboxMessage).where(OutboxMessage.event == event)
    ).scalar_one_or_none()
