"""Consent as the ledger keeps it: one record per person (or browser) and controller, and
the append-only events that make up its history.

The shape follows ISO/IEC TS 27560 (consent record information structure): a record has
an identifier, the principal (data subject), the controller, the notice shown, the purposes
and the method by which consent was obtained; every change is an event with its own time
and type (given, refused, withdrawn, expired). The record's `decisions` are the current
state derived from those events so reads need no replay; the events stay the proof.
The user agent is stored only as a hash: enough to tell two browsers apart in a dispute,
useless for tracking.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Connection, ForeignKey, Index, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from vernly.ledger.base import Base


class ConsentRecord(Base):
    """The consent state of one principal towards one controller (TS 27560 'record')."""

    __tablename__ = "consent_records"
    __table_args__ = (Index("ix_consent_records_subject", "subject_type", "subject_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    """Record identifier: a random UUID (the banner keeps only this client-side)."""
    subject_type: Mapped[str] = mapped_column(String(20))
    """'email' for a verified identity, 'browser' for a pseudonymous browser."""
    subject_id: Mapped[str] = mapped_column(String(320))
    """Normalised e-mail address, or the browser's random pseudonymous id."""
    controller: Mapped[str] = mapped_column(String(200))
    """Name of the controller the consent is given to (from the policy)."""
    jurisdiction: Mapped[str] = mapped_column(String(10))
    """ISO 3166-1 country code whose law governs the consent (the controller's country)."""
    notice_version: Mapped[str] = mapped_column(String(60))
    """Version of the privacy notice shown at the latest choice."""
    language: Mapped[str] = mapped_column(String(5))
    """Language the notice and banner were shown in (nb or en)."""
    method: Mapped[str] = mapped_column(String(20))
    """How the latest choice was made: banner, form, email, dnt, gpc or api."""
    decisions: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    """Current decision per cookie category or activity id: True given, False refused."""
    services: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    """Per-service overrides inside a given category (False: this service refused)."""
    user_agent_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    """Keyed SHA-256 of the user agent of the latest choice; the raw string is never stored."""
    created_at: Mapped[datetime]
    """When the first choice was recorded."""
    updated_at: Mapped[datetime] = mapped_column(index=True)
    """When the latest choice was recorded (expiry counts from here)."""
    expired_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the given consents lapsed (age or a new notice version); None while current."""


class ConsentEvent(Base):
    """One change of one purpose or category in a record's history (TS 27560 'event')."""

    __tablename__ = "consent_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    """Surrogate key; orders events of a record."""
    record_id: Mapped[str] = mapped_column(ForeignKey("consent_records.id"), index=True)
    """The record the event belongs to."""
    at: Mapped[datetime]
    """When it happened (UTC)."""
    event: Mapped[str] = mapped_column(String(20))
    """given, refused, withdrawn or expired."""
    purpose: Mapped[str] = mapped_column(String(100))
    """Cookie category or activity id the event is about."""
    service: Mapped[str | None] = mapped_column(String(100), default=None)
    """Service id when the event concerns one service inside a category."""
    method: Mapped[str] = mapped_column(String(20))
    """banner, form, email, dnt, gpc, api or system (for expiry)."""
    notice_version: Mapped[str] = mapped_column(String(60))
    """Notice version in force when the event happened."""
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Non-personal context, e.g. {'signal': 'Sec-GPC'} or the expiry reason."""


RECORDS: Table = ConsentRecord.__table__  # type: ignore[assignment]
EVENTS: Table = ConsentEvent.__table__  # type: ignore[assignment]
_RECORD_COLUMNS = ", ".join(c.name for c in RECORDS.columns)
_EVENT_COLUMNS = ", ".join(c.name for c in EVENTS.columns if c.name != "id")

# One statement for a whole batch, whatever its size: each table's rows go as one JSON array
# that PostgreSQL turns back into typed rows (`json_populate_recordset` with the table's own
# row type), so the text never changes and psycopg prepares it once per connection, and
# two parameters are all the driver has to adapt. The records' insert is a CTE, so the
# events' foreign keys find them when the statement ends.
_POSTGRES_INSERT = (
    f"WITH new_records AS (INSERT INTO consent_records ({_RECORD_COLUMNS}) "
    f"SELECT {_RECORD_COLUMNS} FROM json_populate_recordset(NULL::consent_records, "
    "%(records)s::json)) "
    f"INSERT INTO consent_events ({_EVENT_COLUMNS}) "
    f"SELECT {_EVENT_COLUMNS} FROM json_populate_recordset(NULL::consent_events, "
    "%(events)s::json)")


def insert_choices(connection: Connection, records: Sequence[Mapping[str, Any]],
                   events: Sequence[Mapping[str, Any]]) -> None:
    """Insert new records and events (each a mapping of every column but the events' id)
    with as few statements as the database allows.

    PostgreSQL: one statement for both tables (psycopg's executemany would send an INSERT
    per row, each parsed and run by the server on its own). SQLite runs in this process,
    where executemany of one prepared insert per table is the cheapest."""
    if not records and not events:
        return
    if connection.dialect.name != "postgresql":
        if records:
            connection.execute(RECORDS.insert(), list(records))
        if events:
            connection.execute(EVENTS.insert(), list(events))
        return
    connection.exec_driver_sql(_POSTGRES_INSERT, {
        "records": json.dumps(records, default=_utc_text),
        "events": json.dumps(events, default=_utc_text)})


def _utc_text(value: Any) -> str:
    """A timestamp as ISO 8601 in UTC, as the ledger stores it (`UtcDateTime`)."""
    if not isinstance(value, datetime):
        raise TypeError(f"not a ledger value: {type(value).__name__}")
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the ledger; use an aware UTC datetime")
    return value.astimezone(UTC).isoformat()
