"""Data subject requests as the ledger keeps them: the request, its steps per system,
its identity-verification code and the manual tasks it created.

A request row holds the identifiers the person gave (needed to execute it) but steps,
results and tasks hold only ids and counts, so the audit trail of a request never
repeats the personal data it was about.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vernly.ledger.base import Base


class DsrRequest(Base):
    """One request from a person exercising a right (Art. 15-22, Art. 7(3))."""

    __tablename__ = "dsr_requests"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    """Opaque id such as 'dsr-3f9a2b1c4d5e'."""
    kind: Mapped[str] = mapped_column(String(40))
    """access, portability, erasure, rectification, restriction, objection, withdraw_consent,
    lift_restriction."""
    state: Mapped[str] = mapped_column(String(20), index=True)
    """received, verified, in_progress, completed or rejected."""
    channel: Mapped[str] = mapped_column(String(20))
    """Where the request came in: web, cli, api or email."""
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    """The person's e-mail address, normalised (lower case)."""
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    """The person's phone number in E.164."""
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Kind-specific input: changes for rectification, activities for objection, free text."""
    created_by: Mapped[str] = mapped_column(String(200))
    """Who registered it: `operator:<name>`, `user:<email>` or `person` (see `engine.actors`)."""
    received_at: Mapped[datetime]
    """When the request was received; the deadline counts from here (Art. 12(3))."""
    deadline_at: Mapped[datetime] = mapped_column(index=True)
    """Received + one month, plus any extension."""
    extended_months: Mapped[int] = mapped_column(Integer, default=0)
    """Extension granted (0-2 months)."""
    extension_reason: Mapped[str | None] = mapped_column(Text, default=None)
    """Why the deadline was extended (told to the person)."""
    extended_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the extension was decided and the person told."""
    extended_by: Mapped[str | None] = mapped_column(String(200), default=None)
    """Who extended it."""
    verified_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the person's identity was verified."""
    verified_by: Mapped[str | None] = mapped_column(String(200), default=None)
    """'email-code' or 'operator:<name>'."""
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    """When execution started (first run)."""
    completed_at: Mapped[datetime | None] = mapped_column(default=None)
    """When it completed or was rejected."""
    rejected_reason: Mapped[str | None] = mapped_column(Text, default=None)
    """Why the request was rejected."""
    status_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 of the status token handed to the person; the token itself is never stored."""
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Outcome without personal data: per-system counts, kept reasons, flags set."""
    package_path: Mapped[str | None] = mapped_column(String(1000), default=None)
    """Where the access or portability package was written."""
    failed_runs: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Runs in a row that ended with a system failing (0 after a run where none did); picks
    the next retry delay."""
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    """When the request is run again because a system failed; None when no retry is due."""
    run_owner: Mapped[str | None] = mapped_column(String(80), default=None)
    """The runner (host:pid:token) holding the request while it runs, so two never run it at
    once."""
    run_until: Mapped[datetime | None] = mapped_column(default=None)
    """When that runner's lease runs out unless renewed (wall clock)."""
    assignee: Mapped[str | None] = mapped_column(String(200), default=None, index=True)
    """Who handles the request in the console (an actor such as 'operator:kari'); None while
    nobody has taken it."""
    language: Mapped[str | None] = mapped_column(String(2), default=None)
    """The language the person used (nb or en): the e-mails to them are written in it first
    and link to the status page in it. None on requests made before it was kept; those are
    written in the policy's first language."""


class RequestStep(Base):
    """What one phase of a request did in one system; lets a crashed run resume."""

    __tablename__ = "dsr_steps"
    __table_args__ = (UniqueConstraint("request_id", "phase", "system_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    """Surrogate key."""
    request_id: Mapped[str] = mapped_column(ForeignKey("dsr_requests.id"), index=True)
    """The request this step belongs to."""
    phase: Mapped[str] = mapped_column(String(30))
    """collect, erase, rectify, withdraw, package."""
    system_id: Mapped[str] = mapped_column(String(100))
    """Policy id of the system."""
    status: Mapped[str] = mapped_column(String(20))
    """pending, running, done or failed."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    """How many times the step was tried (more than one after a failure or a crash)."""
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    """Rows, fields or files affected, by what was done."""
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Non-personal facts: tables touched, kept-because statutes and dates."""
    error: Mapped[str | None] = mapped_column(Text, default=None)
    """The step's last error, one line: the error class and vernly's own message, never a
    driver's message (which may quote row values). Kept after a later success."""
    error_at: Mapped[datetime | None] = mapped_column(default=None)
    """When that error happened."""
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    """When the step was last started."""
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    """When it finished."""
    run_owner: Mapped[str | None] = mapped_column(String(80), default=None)
    """The system job (host:pid:token) running this step now, so a duplicated job never
    runs it at the same time; None when no job holds it."""
    run_until: Mapped[datetime | None] = mapped_column(default=None)
    """When that job's lease on the step runs out unless renewed (wall clock)."""


class VerificationCode(Base):
    """A one-time code e-mailed to the person; stored hashed, limited attempts, expiring."""

    __tablename__ = "dsr_verification_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    """Surrogate key."""
    request_id: Mapped[str] = mapped_column(ForeignKey("dsr_requests.id"), index=True)
    """The request being verified."""
    code_hash: Mapped[str] = mapped_column(String(200))
    """Argon2 hash of the code."""
    sent_at: Mapped[datetime]
    """When it was sent."""
    expires_at: Mapped[datetime]
    """After this the code is refused."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    """Wrong answers so far."""
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    """When it was accepted (a code works once)."""
    superseded: Mapped[bool] = mapped_column(default=False)
    """A newer code was sent; this one no longer works."""


class ManualTask(Base):
    """Work vernly cannot do itself (a processor without a connection), owned by someone."""

    __tablename__ = "dsr_tasks"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    """Opaque id such as 'task-1a2b3c4d'."""
    request_id: Mapped[str] = mapped_column(ForeignKey("dsr_requests.id"), index=True)
    """The request that created it."""
    system_id: Mapped[str] = mapped_column(String(100))
    """The manual system it concerns."""
    action: Mapped[str] = mapped_column(String(40))
    """What the owner must do: access, erasure, rectification, ..."""
    owner: Mapped[str] = mapped_column(String(300))
    """Who must do it (from the policy)."""
    instructions: Mapped[str] = mapped_column(Text)
    """What to do, without the person's data (the owner looks it up by request id)."""
    created_at: Mapped[datetime]
    """When the task was created."""
    due_at: Mapped[datetime] = mapped_column(index=True)
    """When the owner must have confirmed it."""
    done_at: Mapped[datetime | None] = mapped_column(default=None)
    """When it was confirmed done."""
    done_by: Mapped[str | None] = mapped_column(String(200), default=None)
    """Who confirmed it."""
    note: Mapped[str | None] = mapped_column(Text, default=None)
    """What the confirmer wrote."""
