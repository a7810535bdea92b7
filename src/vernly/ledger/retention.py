"""Retention records: sweep runs, legal holds, the sweep lock, events and manual tasks.

A sweep run keeps only rule ids, cutoffs and counts: the proof that a promise was kept
must not itself become a copy of the data it deleted. Holds are the one place a person's
identifier is stored here, because the hold has to find that person's rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vernly.ledger.base import Base


class SweepRun(Base):
    """One execution (or dry run) of the retention sweep."""

    __tablename__ = "retention_runs"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    """Opaque id such as 'sweep-1a2b3c4d5e6f'."""
    started_at: Mapped[datetime] = mapped_column(index=True)
    """Wall-clock time the run began (UTC)."""
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    """Wall-clock time it ended; None while running or when it was killed."""
    as_of: Mapped[datetime]
    """The clock cutoffs were computed from (differs from started_at under --now/VERNLY_NOW)."""
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    """True when only the plan was computed."""
    status: Mapped[str] = mapped_column(String(20), index=True)
    """running, succeeded, failed (a rule raised), interrupted (found dead), skipped (locked)."""
    actor: Mapped[str] = mapped_column(String(200))
    """Who started it: `system` (scheduler, cron) or `operator:<name>`/`user:<email>`."""
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """Per rule: id, cutoff, matched, deleted/anonymised/truncated, skipped_hold,
    skipped_restricted, oldest_remaining, duration_ms, error. Counts only, never data."""
    error: Mapped[str | None] = mapped_column(Text, default=None)
    """Why the run failed, without personal data."""


class LegalHold(Base):
    """Data under a hold is kept through every sweep until the hold is lifted or expires."""

    __tablename__ = "retention_holds"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    """Opaque id such as 'hold-1a2b3c4d'."""
    scope: Mapped[str] = mapped_column(String(20))
    """person, system or dataset."""
    target: Mapped[str | None] = mapped_column(String(200), default=None)
    """System id or `system.table` for system/dataset holds; None for a person."""
    email: Mapped[str | None] = mapped_column(String(320), default=None, index=True)
    """Normalised e-mail of the held person (lower case)."""
    phone: Mapped[str | None] = mapped_column(String(32), default=None, index=True)
    """Normalised phone (E.164) of the held person."""
    reason: Mapped[str] = mapped_column(Text)
    """Why (a case reference, litigation, an authority's order)."""
    set_by: Mapped[str] = mapped_column(String(200))
    """Who placed it."""
    set_at: Mapped[datetime]
    """When it was placed."""
    until: Mapped[datetime | None] = mapped_column(default=None)
    """When it ends by itself; None for until lifted."""
    lifted_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    """When it was lifted; None while in force."""
    lifted_by: Mapped[str | None] = mapped_column(String(200), default=None)
    """Who lifted it."""
    lift_reason: Mapped[str | None] = mapped_column(Text, default=None)
    """Why it was lifted (the case closed, the order expired); None for holds lifted before
    a reason was asked for."""


class SweepLock(Base):
    """Mutual exclusion of sweeps across processes and replicas (one row per lock name)."""

    __tablename__ = "retention_locks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    """The lock's name ('sweep')."""
    owner: Mapped[str] = mapped_column(String(80))
    """Token of the holder (host, pid and a random part)."""
    acquired_at: Mapped[datetime]
    """When the holder took it."""
    expires_at: Mapped[datetime]
    """When others may take it over; the holder extends it after every batch."""


class RetentionEvent(Base):
    """An event that starts a retention period (contract ended, purpose ended, ...)."""

    __tablename__ = "retention_events"
    __table_args__ = (Index("ix_retention_events_dataset_kind", "dataset", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    """Surrogate key."""
    dataset: Mapped[str] = mapped_column(String(200))
    """`system.table` the event concerns."""
    key: Mapped[str] = mapped_column(String(200))
    """Primary key value of the row it concerns, or '*' for every row of the dataset."""
    kind: Mapped[str] = mapped_column(String(40))
    """contract_ended, purpose_ended or consent_withdrawn."""
    at: Mapped[datetime]
    """When the event happened."""
    recorded_by: Mapped[str] = mapped_column(String(200))
    """Who recorded it."""
    recorded_at: Mapped[datetime]
    """When it was recorded."""


class RetentionTask(Base):
    """A retention rule someone else carries out, awaiting their confirmation."""

    __tablename__ = "retention_tasks"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    """Opaque id such as 'rtask-1a2b3c4d'."""
    rule_id: Mapped[str] = mapped_column(String(200), index=True)
    """The compiled rule id (e.g. 'user_surveys:0:questback')."""
    owner: Mapped[str] = mapped_column(String(300))
    """Who must confirm (the recipient or the system's owner)."""
    instructions: Mapped[str] = mapped_column(Text)
    """What to confirm, with the cutoff date."""
    cutoff: Mapped[datetime | None] = mapped_column(default=None)
    """Data older than this should be gone (None for 'per agreement')."""
    created_at: Mapped[datetime]
    """When the sweep created it (sweep clock)."""
    due_at: Mapped[datetime]
    """When the owner should have confirmed it."""
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    """When it was confirmed."""
    done_by: Mapped[str | None] = mapped_column(String(200), default=None)
    """Who confirmed it."""
    note: Mapped[str | None] = mapped_column(Text, default=None)
    """What the confirmer wrote."""
