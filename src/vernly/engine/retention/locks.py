"""One sweep at a time, across processes and replicas: a lease row in the ledger.

Taking the lease is a single conditional UPDATE (`... WHERE name = :n AND (expires_at <
:now OR owner = :me)`) or, the very first time, an INSERT that the primary key lets only
one process win. Both are atomic on SQLite and PostgreSQL, so two sweeps started at the
same moment never both act. The holder's heartbeat (`vernly.engine.heartbeat`) renews the
lease every `BEAT` seconds for as long as the sweep is alive, and every batch renews it
too; a sweep that dies stops beating and its lease runs out within `TTL`, and only then is
it taken over. Leases use the wall clock, never the demo clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vernly.engine.owners import new_owner
from vernly.ledger.db import Ledger
from vernly.ledger.retention import SweepLock

__all__ = ["BEAT", "SWEEP", "TTL", "acquire", "holder", "new_owner", "release", "renew", "renew_in"]

SWEEP = "sweep"
TTL = timedelta(seconds=60)
"""How long a sweep's lease outlives its last heartbeat."""
BEAT = TTL.total_seconds() / 3
"""Seconds between heartbeats: a lease survives two missed beats."""


def _now() -> datetime:
    return datetime.now(UTC)


def acquire(ledger: Ledger, owner: str, name: str = SWEEP, ttl: timedelta = TTL) -> bool:
    """Take the lease if it is free or expired; True when this owner now holds it."""
    now = _now()
    with ledger.session() as session:
        taken = session.execute(
            update(SweepLock)
            .where(SweepLock.name == name,
                   or_(SweepLock.expires_at < now, SweepLock.owner == owner))
            .values(owner=owner, acquired_at=now, expires_at=now + ttl))
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            return True
        current = session.execute(select(SweepLock.owner)
                                  .where(SweepLock.name == name)).scalar_one_or_none()
    if current is not None:
        return False
    try:
        with ledger.session() as session:
            session.add(SweepLock(name=name, owner=owner, acquired_at=now, expires_at=now + ttl))
    except IntegrityError:
        return False  # another process inserted it first
    return True


def renew(ledger: Ledger, owner: str, name: str = SWEEP, ttl: timedelta = TTL) -> bool:
    """Extend the lease; False when it was lost (expired and taken by someone else)."""
    with ledger.session() as session:
        return renew_in(session, owner, name, ttl)


def renew_in(session: Session, owner: str, name: str = SWEEP, ttl: timedelta = TTL) -> bool:
    """`renew` inside the caller's transaction (with the progress it records)."""
    result = session.execute(update(SweepLock)
                             .where(SweepLock.name == name, SweepLock.owner == owner)
                             .values(expires_at=_now() + ttl))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def release(ledger: Ledger, owner: str, name: str = SWEEP) -> None:
    with ledger.session() as session:
        session.execute(delete(SweepLock).where(SweepLock.name == name,
                                                SweepLock.owner == owner))


def holder(ledger: Ledger, name: str = SWEEP) -> SweepLock | None:
    """The current holder, if the lease has not run out."""
    with ledger.session() as session:
        lock = session.get(SweepLock, name)
        if lock is None or lock.expires_at < _now():
            return None
        session.expunge(lock)
        return lock
