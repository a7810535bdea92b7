"""The outbox: every e-mail and SMS vernly sends, kept from the moment it is decided until
it is delivered, with each attempt.

A message is written in the same transaction as the event that causes it (a code issued, a
request completed, a visitor registered), so it can neither be lost nor sent for an event
that was rolled back. Its `event` key is unique: asking twice for the message of one event
gives the one message.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vernly.ledger.base import Base

CHANNELS = ("email", "sms")
STATES = ("queued", "sending", "sent", "failed")
"""queued: waiting for its next attempt; sending: claimed by a sender until `claimed_until`;
sent: delivered to the server or gateway; failed: refused for good (the address or number
does not exist), not tried again."""


class OutboxMessage(Base):
    """One message to one recipient, sent once."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    """Number of the message; gateways are given it (with the event) to drop repeats."""
    event: Mapped[str] = mapped_column(String(200), unique=True)
    """What the message is for, e.g. `request:R-1:code:3`; one message per event."""
    channel: Mapped[str] = mapped_column(String(10))
    """`email` or `sms`."""
    recipient: Mapped[str] = mapped_column(String(320))
    """E-mail address or E.164 phone number."""
    subject: Mapped[str] = mapped_column(String(300), default="")
    """E-mail subject (empty for SMS)."""
    body: Mapped[str] = mapped_column(Text)
    """Plain-text body."""
    reply_to: Mapped[str | None] = mapped_column(String(320), nullable=True)
    """Where replies to an e-mail go (the controller's address)."""
    purpose: Mapped[str] = mapped_column(String(60), default="")
    """What kind of message it is, e.g. `request.code`; shown in outboxes, never personal."""
    request_id: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    """The data subject request the message belongs to, if any."""
    state: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    """One of `STATES`."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    """Attempts made so far."""
    created_at: Mapped[datetime]
    """When the message was decided (UTC)."""
    next_attempt_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)
    """When it is next tried; None once sent or failed."""
    claimed_until: Mapped[datetime | None] = mapped_column(nullable=True)
    """While `sending`: until when the sender that claimed it holds it. A sender that died
    leaves the claim to expire, and the message is tried again."""
    claim: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """While `sending`: the claiming sender's token; only that sender records the attempt."""
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    """When the server or gateway accepted it."""
    last_error: Mapped[str | None] = mapped_column(String(300), nullable=True)
    """Why the last attempt failed (no personal data)."""


class MessageAttempt(Base):
    """One try at handing a message to the SMTP server or SMS gateway."""

    __tablename__ = "outbox_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    """Number of the attempt."""
    message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id"), index=True)
    """The message tried."""
    at: Mapped[datetime]
    """When the attempt finished (UTC)."""
    ok: Mapped[bool]
    """Whether the server or gateway accepted the message."""
    error: Mapped[str | None] = mapped_column(String(300), nullable=True)
    """Why it failed, without personal data."""
