"""One runner per request at a time: a lease on the request's row.

`vernly request run`, the console's "Run now", the API and the retry loop of every
`vernly serve` replica may all try to run the same request. Before running, a runner takes
the lease with one conditional UPDATE (`... WHERE id = :id AND (run_owner IS NULL OR
run_until < :now OR run_owner = :me)`), atomic on SQLite and PostgreSQL, so only one of
them wins; it renews the lease before each system and gives it back when done. A runner
that dies lets the lease run out, or, on the same host, is seen to be gone at once (like
the sweep lock, `vernly.engine.retention.locks`). Taking, renewing and giving back ride
in transactions the runner makes anyway (reading the request, starting a step, recording
the result), so the lease costs no commit of its own. Leases use the wall clock, never the
demo clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from vernly.engine.owners import dead_here, new_owner
from vernly.errors import Conflict, NotFound
from vernly.ledger.db import Ledger
from vernly.ledger.requests import DsrRequest

TTL = timedelta(minutes=15)
"""Longer than one system's erasure or collection normally takes; renewed between systems."""

__all__ = ["TTL", "give_back", "new_owner", "release", "renew", "renew_in", "take"]


def _now() -> datetime:
    return datetime.now(UTC)


def take(session: Session, request_id: str, owner: str, ttl: timedelta = TTL) -> None:
    """Take the request's lease in the caller's transaction (which then reads and updates
    the request), or raise Conflict naming who holds it (NotFound if there is no such
    request)."""
    now = _now()
    taken = session.execute(
        update(DsrRequest)
        .where(DsrRequest.id == request_id,
               or_(DsrRequest.run_owner.is_(None), DsrRequest.run_until < now,
                   DsrRequest.run_owner == owner))
        .values(run_owner=owner, run_until=now + ttl))
    if taken.rowcount == 1:  # type: ignore[attr-defined]
        return
    found = session.execute(select(DsrRequest.run_owner, DsrRequest.run_until)
                            .where(DsrRequest.id == request_id)).one_or_none()
    if found is None:
        raise NotFound(f"request {request_id} not found")
    current, until = found
    if current is not None and dead_here(current):
        # Killed on this host: no need to wait for its lease to run out.
        taken = session.execute(
            update(DsrRequest).where(DsrRequest.id == request_id,
                                     DsrRequest.run_owner == current)
            .values(run_owner=owner, run_until=now + ttl))
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            return
    held = f" until {until:%Y-%m-%d %H:%M:%S} UTC" if until else ""
    raise Conflict(f"request {request_id} is being run by {current} (lease{held}); try "
                   "again when that run has finished")


def renew_in(session: Session, request_id: str, owner: str, ttl: timedelta = TTL) -> None:
    """Extend the lease in the caller's transaction; raise Conflict when it was lost (it ran
    out and another runner took the request), so this runner stops before touching another
    system."""
    kept = session.execute(
        update(DsrRequest).where(DsrRequest.id == request_id, DsrRequest.run_owner == owner)
        .values(run_until=_now() + ttl))
    if kept.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"request {request_id}: this run's lease ran out and another "
                       "runner took the request over; this run stops here")


def renew(ledger: Ledger, request_id: str, owner: str, ttl: timedelta = TTL) -> None:
    with ledger.session() as session:
        renew_in(session, request_id, owner, ttl)


def give_back(session: Session, request_id: str, owner: str) -> None:
    """Let go of the lease in the caller's transaction (nothing if another runner has it)."""
    session.execute(update(DsrRequest)
                    .where(DsrRequest.id == request_id, DsrRequest.run_owner == owner)
                    .values(run_owner=None, run_until=None))


def release(ledger: Ledger, request_id: str, owner: str) -> None:
    with ledger.session() as session:
        give_back(session, request_id, owner)
