"""One runner per request at a time: a lease on the request's row.

`vernly request run`, the console's "Run now", the API and the retry loop of every
`vernly serve` replica may all try to run the same request. Before running, a runner takes
the lease with one conditional UPDATE (`... WHERE id = :id AND (run_owner IS NULL OR
run_until < :now OR run_owner = :me)`), atomic on SQLite and PostgreSQL, so only one of
them wins; it renews the lease before each system and gives it back when done. A runner
that dies lets the lease run out, or, on the same host, is seen to be gone at once (like
the sweep lock, `vernly.engine.retention.locks`). Leases use the wall clock, never the
demo clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update

from vernly.engine.owners import dead_here, new_owner
from vernly.errors import Conflict, NotFound
from vernly.ledger.db import Ledger
from vernly.ledger.requests import DsrRequest

TTL = timedelta(minutes=15)
"""Longer than one system's erasure or collection normally takes; renewed between systems."""

__all__ = ["TTL", "acquire", "new_owner", "release", "renew"]


def _now() -> datetime:
    return datetime.now(UTC)


def acquire(ledger: Ledger, request_id: str, owner: str, ttl: timedelta = TTL) -> None:
    """Take the request's lease, or raise Conflict naming who holds it (NotFound if the
    request does not exist)."""
    now = _now()
    with ledger.session() as session:
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


def renew(ledger: Ledger, request_id: str, owner: str, ttl: timedelta = TTL) -> None:
    """Extend the lease; raise Conflict when it was lost (it ran out and another runner
    took the request), so this runner stops before touching another system."""
    with ledger.session() as session:
        kept = session.execute(
            update(DsrRequest).where(DsrRequest.id == request_id, DsrRequest.run_owner == owner)
            .values(run_until=_now() + ttl))
        if kept.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict(f"request {request_id}: this run's lease ran out and another "
                           "runner took the request over; this run stops here")


def release(ledger: Ledger, request_id: str, owner: str) -> None:
    with ledger.session() as session:
        session.execute(update(DsrRequest)
                        .where(DsrRequest.id == request_id, DsrRequest.run_owner == owner)
                        .values(run_owner=None, run_until=None))
