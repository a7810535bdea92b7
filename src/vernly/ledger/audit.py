"""The audit log: append-only, hash-chained, never holding personal data.

Each entry's hash covers its own fields and the previous entry's hash, so editing,
removing or reordering any entry breaks the chain from that point on. A one-row
`audit_head` table serialises appends (its UPDATE takes the write lock on every
database) and remembers the newest hash, so truncating the tail is caught too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, Table, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from vernly.ledger.base import Base

GENESIS = "0" * 64


class AuditHead(Base):
    """The newest entry of the chain; exactly one row (id 1)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    """Always 1."""
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    """Sequence number of the newest entry (0 when the log is empty)."""
    hash: Mapped[str] = mapped_column(String(64), default=GENESIS)
    """Hash of the newest entry."""


class AuditEntry(Base):
    """One action on personal data or on the policy: who, what, where, how many."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    """Position in the chain, from 1, without gaps."""
    at: Mapped[datetime]
    """When it happened (UTC)."""
    actor: Mapped[str] = mapped_column(String(200))
    """Who did it: `operator:<name>`, `user:<email>`, `person` or `system` (older entries keep
    `operator:<number>`, `scheduler`, `data-subject`; `engine.actors.display` maps them)."""
    action: Mapped[str] = mapped_column(String(100), index=True)
    """What happened, as a dotted verb such as 'request.erase' or 'sweep.run'."""
    target: Mapped[str | None] = mapped_column(String(200), default=None)
    """Id of what it happened to (a request id, a rule id); never an e-mail or a name."""
    system: Mapped[str | None] = mapped_column(String(100), default=None)
    """Policy id of the customer system involved, if any."""
    counts: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    """Numbers of rows, files or fields affected."""
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Further non-personal facts (cutoffs, durations, outcome)."""
    prev_hash: Mapped[str] = mapped_column(String(64))
    """Hash of the entry before (all zeros for the first)."""
    hash: Mapped[str] = mapped_column(String(64))
    """SHA-256 over prev_hash and this entry's fields."""


HEAD: Table = AuditHead.__table__  # type: ignore[assignment]
ENTRIES: Table = AuditEntry.__table__  # type: ignore[assignment]


def entry_hash(prev_hash: str, seq: int, at: datetime, actor: str, action: str,
               target: str | None, system: str | None, counts: dict[str, int],
               detail: dict[str, Any]) -> str:
    body = json.dumps(
        [prev_hash, seq, at.isoformat(timespec="microseconds"), actor, action, target, system,
         counts, detail],
        sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def append(session: Session, *, at: datetime, actor: str, action: str,
           target: str | None = None, system: str | None = None,
           counts: dict[str, int] | None = None, detail: dict[str, Any] | None = None
           ) -> AuditEntry:
    """Append an entry in the caller's transaction; the caller commits."""
    counts, detail = dict(counts or {}), dict(detail or {})
    # Normalise so what is hashed is exactly what the database gives back.
    detail = json.loads(json.dumps(detail, default=str))
    # One UPDATE ... RETURNING both takes the write lock that serialises appends and reads
    # the previous link (SQLite >= 3.35 and PostgreSQL support it).
    # Core statements on the tables, not ORM ones on the classes: the ORM's bulk UPDATE
    # (session synchronisation, entity bookkeeping) cost more than the statement itself,
    # and no session holds these rows as objects.
    connection = session.connection()
    head = connection.execute(
        update(HEAD).where(HEAD.c.id == 1).values(seq=HEAD.c.seq + 1)
        .returning(HEAD.c.seq, HEAD.c.hash)
    ).one_or_none()
    if head is None:
        session.add(AuditHead(id=1, seq=1, hash=GENESIS))
        session.flush()
        seq, prev = 1, GENESIS
    else:
        seq, prev = head.seq, head.hash
    digest = entry_hash(prev, seq, at, actor, action, target, system, counts, detail)
    entry = AuditEntry(seq=seq, at=at, actor=actor, action=action, target=target, system=system,
                       counts=counts, detail=detail, prev_hash=prev, hash=digest)
    connection.execute(insert(ENTRIES).values(
        seq=seq, at=at, actor=actor, action=action, target=target, system=system,
        counts=counts, detail=detail, prev_hash=prev, hash=digest))
    connection.execute(update(HEAD).where(HEAD.c.id == 1).values(hash=digest))
    return entry


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    broken_at: int | None = None
    reason: str | None = None


def verify(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the chain; report the first entry whose link or content does not hold."""
    prev, expected_seq, count = GENESIS, 1, 0
    last_seq = 0
    while True:
        rows = session.execute(
            select(AuditEntry).where(AuditEntry.seq > last_seq).order_by(AuditEntry.seq)
            .limit(batch)
        ).scalars().all()
        if not rows:
            break
        for e in rows:
            if e.seq != expected_seq:
                return ChainReport(False, count, expected_seq, f"entry {expected_seq} is missing")
            if e.prev_hash != prev:
                return ChainReport(False, count, e.seq, "link to the previous entry does not match")
            digest = entry_hash(e.prev_hash, e.seq, e.at, e.actor, e.action, e.target, e.system,
                                e.counts, e.detail)
            if digest != e.hash:
                return ChainReport(False, count, e.seq, "content was changed after it was written")
            prev, expected_seq, count, last_seq = e.hash, e.seq + 1, count + 1, e.seq
        session.expunge_all()
    head = session.get(AuditHead, 1)
    if head is not None and (head.seq != count or head.hash != prev):
        return ChainReport(False, count, count + 1,
                           f"the log ends at entry {count} but {head.seq} were written")
    return ChainReport(True, count)
