"""Rules someone else carries out (a processor, a recipient, a manual system's owner).

vernly cannot delete survey answers at Questback, but it can make sure someone confirms
that Questback did: each sweep keeps one open task per such rule, and after a
confirmation asks again once `RECONFIRM` has passed, so the proof stays current.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vernly.errors import InvalidInput, NotFound
from vernly.ledger import audit
from vernly.ledger.retention import RetentionTask
from vernly.policy.models import RetentionAction, RetentionTrigger
from vernly.policy.retention_rules import CompiledRule

RECONFIRM = timedelta(days=30)
"""How long a confirmation stands before the owner is asked again."""


def instructions(rule: CompiledRule, cutoff: datetime | None, system_name: str) -> str:
    who = rule.owner or "the system's owner"
    if rule.trigger == RetentionTrigger.per_agreement or cutoff is None:
        return (f"Confirm that {who} deletes or returns the data in {system_name} as the "
                "data processing agreement with each customer requires.")
    verb = "anonymised" if rule.action == RetentionAction.anonymise else "deleted"
    where = (f"it received through {system_name}" if rule.enforced_by and rule.enforced_by
             not in (rule.system, rule.owner) else f"in {system_name}")
    return (f"Confirm that {who} has {verb} the data {where} older than "
            f"{cutoff:%Y-%m-%d} ({rule.duration} after {rule.trigger.value}).")


def latest(session: Session, rule_id: str) -> RetentionTask | None:
    return session.execute(select(RetentionTask).where(RetentionTask.rule_id == rule_id)
                           .order_by(RetentionTask.created_at.desc(), RetentionTask.id.desc())
                           .limit(1)).scalar_one_or_none()


def needs_task(task: RetentionTask | None, now: datetime) -> bool:
    if task is None:
        return True
    if task.done_at is None:
        return False
    return task.done_at <= now - RECONFIRM


def ensure_task(session: Session, rule: CompiledRule, cutoff: datetime | None,
                system_name: str, now: datetime, actor: str) -> RetentionTask | None:
    """Create the rule's task when none is open or the last confirmation is stale."""
    if not needs_task(latest(session, rule.id), now):
        return None
    task = RetentionTask(id=f"rtask-{secrets.token_hex(4)}", rule_id=rule.id,
                         owner=rule.owner or "owner not stated",
                         instructions=instructions(rule, cutoff, system_name), cutoff=cutoff,
                         created_at=now, due_at=now + timedelta(days=rule.due_days))
    session.add(task)
    session.flush()
    audit.append(session, at=now, actor=actor, action="retention.task.open", target=task.id,
                 system=rule.system if rule.system != "-" else None,
                 detail={"rule": rule.id, "due_at": task.due_at.isoformat()})
    return task


def confirm_task(session: Session, task_id: str, *, by: str, note: str | None,
                 now: datetime) -> RetentionTask:
    task = session.get(RetentionTask, task_id)
    if task is None:
        raise NotFound(f"task '{task_id}' does not exist")
    if task.done_at is not None:
        raise InvalidInput(f"task '{task_id}' was already confirmed at "
                           f"{task.done_at.isoformat()} by {task.done_by}")
    if not by.strip():
        raise InvalidInput("confirm: who confirms is required (--by)")
    task.done_at, task.done_by, task.note = now, by.strip(), note
    audit.append(session, at=now, actor=task.done_by, action="retention.task.confirm",
                 target=task.id, detail={"rule": task.rule_id})
    return task


def list_tasks(session: Session, *, open_only: bool = False) -> Sequence[RetentionTask]:
    query = select(RetentionTask).order_by(RetentionTask.created_at, RetentionTask.id)
    if open_only:
        query = query.where(RetentionTask.done_at.is_(None))
    return session.execute(query).scalars().all()


def task_dict(task: RetentionTask | None, now: datetime | None = None) -> dict[str, Any] | None:
    if task is None:
        return None
    state = "confirmed" if task.done_at else (
        "overdue" if now is not None and task.due_at < now else "open")
    return {"id": task.id, "rule": task.rule_id, "owner": task.owner, "state": state,
            "instructions": task.instructions,
            "cutoff": task.cutoff.isoformat() if task.cutoff else None,
            "created_at": task.created_at.isoformat(), "due_at": task.due_at.isoformat(),
            "done_at": task.done_at.isoformat() if task.done_at else None,
            "done_by": task.done_by, "note": task.note}
