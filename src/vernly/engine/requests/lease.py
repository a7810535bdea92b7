"""One runner per request at a time: a lease on the request's row.

`vernly request run`, the console's "Run now", the API and the retry loop of every
`vernly serve` replica may all try to run the same request. Before running, a runner takes
the lease with one conditional UPDATE (`... WHERE id = :id AND (run_owner IS NULL OR
run_until < :now OR run_owner = :me)`), atomic on SQLite and PostgreSQL, so only one of
them wins. While it runs, a heartbeat thread (`vernly.engine.heartbeat`) renews the lease
every `BEAT` seconds, and the runner renews it before each system too; it gives the lease
back when done. So a request `in_progress` whose lease is live is running now, and one
whose lease ran out (or that has none) was interrupted: a runner that dies stops beating,
and its lease runs out within `TTL`, after which another runner takes over and carries on
from the steps not yet done. Taking and giving back ride in transactions the runner makes
anyway (reading the request, recording the result). Leases use the wall clock, never the
demo clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from vernly.engine.heartbeat import Heartbeat
from vernly.engine.owners import new_owner
from vernly.errors import Conflict, NotFound
from vernly.ledger.db import Ledger
from vernly.ledger.requests import DsrRequest

TTL = timedelta(seconds=30)
"""How long a run's lease outlives its last heartbeat."""
BEAT = TTL.total_seconds() / 3
"""Seconds between heartbeats: a lease survives two missed beats."""

__all__ = ["BEAT", "TTL", "LeaseHeld", "give_back", "heartbeat", "new_owner", "release",
           "renew", "renew_in", "running", "take"]


class LeaseHeld(Conflict):
    """Another live runner holds the request; try again once its run is over."""


def _now() -> datetime:
    return datetime.now(UTC)


def take(session: Session, request_id: str, owner: str, ttl: timedelta | None = None) -> None:
    """Take the request's lease in the caller's transaction (which then reads and updates
    the request), or raise Conflict naming who holds it (NotFound if there is no such
    request)."""
    now, ttl = _now(), ttl or TTL
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
    held = f" until {until:%Y-%m-%d %H:%M:%S} UTC" if until else ""
    raise LeaseHeld(f"request {request_id} is being run by {current} (lease{held}); try "
                   "again when that run has finished")


def renew_in(session: Session, request_id: str, owner: str,
             ttl: timedelta | None = None) -> None:
    """Extend the lease in the caller's transaction; raise Conflict when it was lost (it ran
    out and another runner took the request), so this runner stops before touching another
    system."""
    kept = session.execute(
        update(DsrRequest).where(DsrRequest.id == request_id, DsrRequest.run_owner == owner)
        .values(run_until=_now() + (ttl or TTL)))
    if kept.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"request {request_id}: this run's lease ran out and another "
                       "runner took the request over; this run stops here")


def renew(ledger: Ledger, request_id: str, owner: str, ttl: timedelta | None = None) -> None:
    with ledger.session() as session:
        renew_in(session, request_id, owner, ttl)


def give_back(session: Session, request_id: str, owner: str) -> None:
    """Let go of the lease in the caller's transaction (nothing if another runner has it)."""
    session.execute(update(DsrRequest)
                    .where(DsrRequest.id == request_id, DsrRequest.run_owner == owner)
                    .values(run_owner=None, run_until=None))


def _renewed(ledger: Ledger, request_id: str, owner: str) -> bool:
    with ledger.session() as session:
        kept = session.execute(
            update(DsrRequest).where(DsrRequest.id == request_id, DsrRequest.run_owner == owner)
            .values(run_until=_now() + TTL))
        return bool(kept.rowcount == 1)  # type: ignore[attr-defined]


def heartbeat(ledger: Ledger, request_id: str, owner: str) -> Heartbeat:
    """The heartbeat that keeps this run's lease for as long as the run is alive."""
    return Heartbeat(lambda: _renewed(ledger, request_id, owner), BEAT,
                     f"vernly-request-lease-{request_id}")


def running(run_owner: str | None, run_until: datetime | None) -> bool:
    """A request's run is alive now (its lease is held and has not run out)."""
    return run_owner is not None and run_until is not None and (
        (run_until if run_until.tzinfo else run_until.replace(tzinfo=UTC)) >= _now())


def release(ledger: Ledger, request_id: str, owner: str) -> None:
    with ledger.session() as session:
        give_back(session, request_id, owner)
