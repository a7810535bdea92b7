"""Per-system steps of a request, checkpointed in the ledger.

A destructive phase runs system by system; each system's step is marked `running`
(committed) before the connector is called and `done` (committed, with counts and the
audit entry) right after, so a crashed run resumes with the systems not yet done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vernly.ledger.db import Ledger
from vernly.ledger.requests import RequestStep

PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"


@dataclass(frozen=True)
class StepState:
    system_id: str
    status: str
    attempts: int


def plan(ledger: Ledger, request_id: str, phase: str, systems: Iterable[str]
         ) -> list[StepState]:
    """Create the missing steps (pending) and return every step of the phase, in order."""
    wanted = list(dict.fromkeys(systems))
    with ledger.session() as session:
        existing = {s.system_id: s for s in _steps(session, request_id, phase)}
        for system_id in wanted:
            if system_id not in existing:
                step = RequestStep(request_id=request_id, phase=phase, system_id=system_id,
                                   status=PENDING, attempts=0, counts={}, detail={})
                session.add(step)
                existing[system_id] = step
        session.flush()
        return [StepState(existing[s].system_id, existing[s].status, existing[s].attempts)
                for s in wanted]


def _steps(session: Session, request_id: str, phase: str) -> list[RequestStep]:
    return list(session.execute(
        select(RequestStep).where(RequestStep.request_id == request_id,
                                  RequestStep.phase == phase).order_by(RequestStep.id)
    ).scalars().all())


def get(session: Session, request_id: str, phase: str, system_id: str) -> RequestStep:
    return session.execute(
        select(RequestStep).where(RequestStep.request_id == request_id,
                                  RequestStep.phase == phase, RequestStep.system_id == system_id)
        .with_for_update()
    ).scalar_one()


def start(ledger: Ledger, request_id: str, phase: str, system_id: str, now: datetime) -> int:
    """Mark a step running (committed); returns the attempt number."""
    with ledger.session() as session:
        step = get(session, request_id, phase, system_id)
        step.status, step.started_at, step.error = RUNNING, now, None
        step.attempts += 1
        return step.attempts


def finish(session: Session, request_id: str, phase: str, system_id: str, now: datetime,
           counts: dict[str, int], detail: dict[str, Any]) -> RequestStep:
    """Mark a step done in the caller's transaction (which also writes the audit entry)."""
    step = get(session, request_id, phase, system_id)
    step.status, step.finished_at = DONE, now
    step.counts, step.detail = counts, detail
    return step


def fail(ledger: Ledger, request_id: str, phase: str, system_id: str, now: datetime,
         error: str) -> None:
    with ledger.session() as session:
        step = get(session, request_id, phase, system_id)
        step.status, step.finished_at, step.error = FAILED, now, error[:500]


def record_done(session: Session, request_id: str, phase: str, now: datetime,
                results: dict[str, tuple[dict[str, int], dict[str, Any]]]) -> None:
    """Record a whole non-destructive phase (collection) at once: one row per system."""
    existing = {s.system_id: s for s in _steps(session, request_id, phase)}
    for system_id, (counts, detail) in results.items():
        step = existing.get(system_id)
        if step is None:
            step = RequestStep(request_id=request_id, phase=phase, system_id=system_id,
                               attempts=0)
            session.add(step)
        step.status, step.counts, step.detail = DONE, counts, detail
        step.attempts = (step.attempts or 0) + 1
        step.started_at = step.started_at or now
        step.finished_at = now
