"""Rate limits shared by every server: a fixed-window counter per key, in the ledger.

`take` counts one hit and says whether it is within the limit and, when not, how many
seconds until the window ends. The counter is bumped with one atomic upsert, so concurrent
hits on any number of servers are all counted. Keys are hashed with the limit's name: a
limit per e-mail address stores no address.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from vernly.ledger.db import Ledger
from vernly.ledger.limits import RateCounter

EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Limit:
    """At most `count` hits per `per` for one key; `name` keeps limits apart."""

    name: str
    count: int
    per: timedelta


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    """Whether this hit is within the limit."""
    retry_after_seconds: int
    """When refused: seconds until the window ends (0 when allowed)."""
    hits: int
    """Hits in the window, this one included."""


def hashed_key(limit: Limit, value: str) -> str:
    return hashlib.sha256(f"{limit.name}\x00{value.strip().lower()}".encode()).hexdigest()


def window_start(limit: Limit, now: datetime) -> datetime:
    seconds = int(limit.per.total_seconds())
    elapsed = int((now - EPOCH).total_seconds())
    return EPOCH + timedelta(seconds=elapsed - elapsed % seconds)


def take(ledger: Ledger, limit: Limit, value: str, now: datetime) -> Verdict:
    """Count a hit of `value` (an address, a client) against `limit`."""
    with ledger.session() as session:
        return take_in(session, limit, value, now)


def take_in(session: Session, limit: Limit, value: str, now: datetime) -> Verdict:
    """`take` inside the caller's transaction."""
    start = window_start(limit, now)
    key = hashed_key(limit, value)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    upsert = insert(RateCounter).values(key=key, window_start=start, hits=1)
    bump = upsert.on_conflict_do_update(
        index_elements=[RateCounter.key, RateCounter.window_start],
        set_={"hits": RateCounter.hits + 1},
    ).returning(RateCounter.hits)
    hits = int(session.execute(bump).scalar_one())
    if hits <= limit.count:
        return Verdict(True, 0, hits)
    remaining = (start + limit.per - now).total_seconds()
    return Verdict(False, max(1, int(remaining + 0.999)), hits)


def forget_before(ledger: Ledger, before: datetime) -> int:
    """Drop counters of windows that started before `before` (they no longer count)."""
    with ledger.session() as session:
        result = session.execute(delete(RateCounter).where(RateCounter.window_start < before))
        return int(result.rowcount)  # type: ignore[attr-defined]
