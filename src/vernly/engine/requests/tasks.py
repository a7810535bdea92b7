"""Manual tasks: work for a named owner outside vernly (a processor with no connection),
kept with the request until someone confirms it done."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from vernly.connectors.records import ManualTask as TaskSpec
from vernly.ledger import audit
from vernly.ledger.requests import DsrRequest, ManualTask


def new_task_id() -> str:
    return f"task-{secrets.token_hex(4)}"


def open_duplicate(session: Session, request: DsrRequest, system_id: str,
                   action: str) -> ManualTask | None:
    """An open task for the same person, system and action from an earlier request."""
    if not request.email:
        return None
    return session.execute(
        select(ManualTask).join(DsrRequest, DsrRequest.id == ManualTask.request_id)
        .where(ManualTask.system_id == system_id, ManualTask.action == action,
               ManualTask.done_at.is_(None), DsrRequest.email == request.email,
               DsrRequest.id != request.id)
        .order_by(ManualTask.created_at).limit(1)
    ).scalar_one_or_none()


def create(session: Session, request: DsrRequest, spec: TaskSpec, action: str, now: datetime,
           actor: str, *, audited: bool = True) -> tuple[ManualTask, bool]:
    """Record the task (or find the same one still open); returns (task, created).

    `audited=False`: the caller's own audit entry names the task (saves an entry on the
    access path)."""
    existing = session.execute(
        select(ManualTask).where(ManualTask.request_id == request.id,
                                 ManualTask.system_id == spec.system,
                                 ManualTask.action == action)
    ).scalar_one_or_none()
    if existing is not None:
        return existing, False
    duplicate = open_duplicate(session, request, spec.system, action)
    if duplicate is not None:
        return duplicate, False
    due = spec.due or now + timedelta(days=spec.due_days)
    instructions = "\n\n".join(spec.instructions[lang] for lang in ("nb", "en")
                               if spec.instructions.get(lang))
    task = ManualTask(id=new_task_id(), request_id=request.id, system_id=spec.system,
                      action=action, owner=spec.owner, instructions=instructions,
                      created_at=now, due_at=due)
    session.add(task)
    session.flush()
    if not audited:
        return task, True
    audit.append(session, at=now, actor=actor, action="request.task_created", target=task.id,
                 system=spec.system, detail={"request": request.id, "action": action,
                                             "due": due.date().isoformat()})
    return task, True


def open_count(session: Session, request_id: str) -> int:
    return len(session.execute(
        select(ManualTask.id).where(ManualTask.request_id == request_id,
                                    ManualTask.done_at.is_(None))).all())
