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

from vernly.ledger.base import Base, UtcDateTime


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
RECORD_COLUMNS = tuple(c.name for c in RECORDS.columns)
EVENT_COLUMNS = tuple(c.name for c in EVENTS.columns if c.name != "id")
_JSON_COLUMNS = frozenset({"decisions", "services", "detail"})


def _unnest(table: str, columns: tuple[str, ...], array_type: dict[str, str]) -> str:
    arrays = ", ".join(f"%({table}_{c})s::{array_type[c]}[]" for c in columns)
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM unnest({arrays})"


def _array_types(table: Table, columns: tuple[str, ...]) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for name in columns:
        column = table.columns[name]
        kinds[name] = ("json" if name in _JSON_COLUMNS else "timestamptz"
                       if isinstance(column.type, UtcDateTime) else "varchar")
    return kinds


# One statement for a whole batch, whatever its size: each column goes as one array, so
# the text never changes and psycopg prepares it once per connection; the records' insert
# is a CTE, so the events' foreign keys find them when the statement ends.
_POSTGRES_INSERT = (
    f"WITH new_records AS ({_unnest('consent_records', RECORD_COLUMNS, _array_types(RECORDS, RECORD_COLUMNS))}) "  # noqa: E501
    + _unnest("consent_events", EVENT_COLUMNS, _array_types(EVENTS, EVENT_COLUMNS)))


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
    params: dict[str, list[Any]] = {}
    for table, columns, rows in (("consent_records", RECORD_COLUMNS, records),
                                 ("consent_events", EVENT_COLUMNS, events)):
        for name in columns:
            params[f"{table}_{name}"] = [_db_value(name, row[name]) for row in rows]
    connection.exec_driver_sql(_POSTGRES_INSERT, params)


def _db_value(name: str, value: Any) -> Any:
    if name in _JSON_COLUMNS:
        return json.dumps(value)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the ledger; use an aware UTC datetime")
        return value.astimezone(UTC)
    return value
