"""When a consent stops counting: after twelve months, or once the notice it was given
under has been replaced. Both make the banner ask again and the decision answer no.

Twelve months follows the common European regulator guidance on how long a cookie choice
may be relied on (CNIL: 6-13 months; Datatilsynet refers to the same practice); the banner's
own cookie lives exactly as long, so the browser and the ledger agree on when to ask again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from vernly.ledger import audit
from vernly.ledger.consent import ConsentEvent, ConsentRecord
from vernly.policy.durations import parse_duration

VALIDITY = parse_duration("P12M")
"""How long a given consent counts without being asked again."""

EXPIRED = "expired"
NOTICE_CHANGED = "notice_changed"
TOO_OLD = "too_old"


def expires_at(record: ConsentRecord) -> datetime:
    return VALIDITY.after(record.updated_at)


def stale_reason(record: ConsentRecord, notice_version: str, now: datetime) -> str | None:
    """Why the record's given consents no longer count, or None while they do."""
    if record.expired_at is not None:
        return EXPIRED
    if record.notice_version != notice_version:
        return NOTICE_CHANGED
    if expires_at(record) <= now:
        return TOO_OLD
    return None


def expire_stale(session: Session, notice_version: str, now: datetime, batch: int = 500) -> int:
    """Record an 'expired' event for every given purpose of every stale record.

    Idempotent: an expired record gets `expired_at` and is skipped next time. Runs in
    batches so a crash leaves finished batches done and the rest for the next run.
    """
    cutoff = VALIDITY.before(now)
    total = 0
    while True:
        records = session.execute(
            select(ConsentRecord)
            .where(ConsentRecord.expired_at.is_(None),
                   or_(ConsentRecord.notice_version != notice_version,
                       ConsentRecord.updated_at <= cutoff))
            .order_by(ConsentRecord.id).limit(batch)
        ).scalars().all()
        if not records:
            break
        for record in records:
            reason = (NOTICE_CHANGED if record.notice_version != notice_version else TOO_OLD)
            for purpose, given in sorted(record.decisions.items()):
                if given:
                    session.add(ConsentEvent(
                        record_id=record.id, at=now, event="expired", purpose=purpose,
                        method="system", notice_version=notice_version,
                        detail={"reason": reason}))
            session.execute(update(ConsentRecord).where(ConsentRecord.id == record.id)
                            .values(expired_at=now))
        total += len(records)
        session.flush()
    if total:
        audit.append(session, at=now, actor="system", action="consent.expire",
                     counts={"records": total}, detail={"notice_version": notice_version})
    return total
