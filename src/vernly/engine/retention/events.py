"""Events that start a retention period when the customer's tables do not record them.

'The contract with customer 42 ended on 1 March' or 'the course programme was
discontinued' (key '*': every row of the dataset) are recorded here, by an operator or an
integration, and the sweep removes the rows once the rule's period after the event is over.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vernly.errors import InvalidInput
from vernly.ledger import audit
from vernly.ledger.retention import RetentionEvent
from vernly.policy.models import Policy, RetentionTrigger
from vernly.policy.retention_rules import EVENT_TRIGGERS

KINDS = sorted(t.value for t in EVENT_TRIGGERS)


def record_event(session: Session, policy: Policy, *, dataset: str, key: str, kind: str,
                 at: datetime, recorded_by: str, now: datetime) -> RetentionEvent:
    """Record an event; the dataset must be a table of the policy."""
    if kind not in KINDS:
        raise InvalidInput(f"event: unknown kind '{kind}', expected one of: {', '.join(KINDS)}")
    tables = {f"{s.id}.{t.name}" for s in policy.systems for t in s.tables}
    if dataset not in tables:
        raise InvalidInput(f"event: unknown dataset '{dataset}', expected 'system.table' of "
                           "the policy")
    if not key.strip():
        raise InvalidInput("event: --key is required (a primary key value, or '*' for all rows)")
    if at > now:
        raise InvalidInput(f"event: --at {at.isoformat()} is in the future")
    event = RetentionEvent(dataset=dataset, key=key.strip(), kind=kind, at=at,
                           recorded_by=recorded_by, recorded_at=now)
    session.add(event)
    session.flush()
    audit.append(session, at=now, actor=recorded_by, action="retention.event",
                 target=f"event-{event.id}", system=dataset.split(".")[0],
                 detail={"dataset": dataset, "kind": kind, "at": at.isoformat()})
    return event


def event_keys(session: Session, dataset: str, trigger: RetentionTrigger,
               cutoff: datetime) -> list[str]:
    """Keys of rows whose event happened before `cutoff` ('*' means every row)."""
    rows = session.execute(select(RetentionEvent.key).distinct()
                           .where(RetentionEvent.dataset == dataset,
                                  RetentionEvent.kind == trigger.value,
                                  RetentionEvent.at < cutoff)).scalars()
    return sorted(rows)


def list_events(session: Session, dataset: str | None = None) -> Sequence[RetentionEvent]:
    query = select(RetentionEvent).order_by(RetentionEvent.id)
    if dataset:
        query = query.where(RetentionEvent.dataset == dataset)
    return session.execute(query).scalars().all()


def event_dict(event: RetentionEvent) -> dict[str, Any]:
    return {"id": event.id, "dataset": event.dataset, "key": event.key, "kind": event.kind,
            "at": event.at.isoformat(), "recorded_by": event.recorded_by,
            "recorded_at": event.recorded_at.isoformat()}
