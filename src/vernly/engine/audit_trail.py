"""The audit log as the console reads it: searched by actor, action, request and date, and the
hash chain checked from the first entry to the head."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from vernly.ledger import audit
from vernly.ledger.audit import AuditEntry, ChainReport
from vernly.ledger.db import Ledger


@dataclass(frozen=True)
class AuditQuery:
    """What to look for; empty fields do not filter. Dates are UTC bounds, `until` exclusive."""

    actor: str = ""
    """Exactly this actor ('operator:kari', 'system', 'data-subject')."""
    action: str = ""
    """An action, or its start ('request.' finds every request action)."""
    target: str = ""
    """A request id (or any other target id)."""
    since: datetime | None = None
    until: datetime | None = None


def search(ledger: Ledger, wanted: AuditQuery, limit: int = 200) -> list[AuditEntry]:
    """Matching entries, newest first (detached from the session)."""
    query = select(AuditEntry)
    if wanted.actor:
        query = query.where(AuditEntry.actor == wanted.actor)
    if wanted.action:
        escaped = wanted.action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(AuditEntry.action.like(f"{escaped}%", escape="\\"))
    if wanted.target:
        query = query.where(AuditEntry.target == wanted.target)
    if wanted.since:
        query = query.where(AuditEntry.at >= wanted.since)
    if wanted.until:
        query = query.where(AuditEntry.at < wanted.until)
    query = query.order_by(AuditEntry.seq.desc()).limit(max(1, limit))
    with ledger.session() as session:
        rows = list(session.execute(query).scalars())
        session.expunge_all()
    return rows


def actors_and_actions(ledger: Ledger) -> tuple[list[str], list[str]]:
    """Every actor and action the log holds, for the search form's choices."""
    with ledger.session() as session:
        actors = session.execute(select(AuditEntry.actor).distinct()).scalars().all()
        actions = session.execute(select(AuditEntry.action).distinct()).scalars().all()
    return sorted(actors), sorted(actions)


def verify(ledger: Ledger) -> ChainReport:
    """Walk the whole chain (what `vernly audit verify` does)."""
    with ledger.session() as session:
        return audit.verify(session)


def count(ledger: Ledger) -> int:
    with ledger.session() as session:
        return int(session.execute(select(func.count()).select_from(AuditEntry)).scalar_one())
