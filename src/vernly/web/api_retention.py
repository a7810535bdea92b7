"""The retention API (`/api/v1/retention`): the proof next to every promise, sweeps (run or
planned), legal holds and the tasks others must confirm. Operators only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool
from sqlalchemy import select

from vernly.engine.retention import holds, tasks
from vernly.engine.retention.rules import Retention, retention_for
from vernly.engine.retention.status import build_status
from vernly.engine.retention.sweep import run_sweep
from vernly.ledger.db import Ledger
from vernly.ledger.retention import SweepRun
from vernly.web.auth import OperatorInfo, require_operator
from vernly.web.deps import get_ledger
from vernly.web.input_limits import Email, Name, Phone, Text

router = APIRouter(prefix="/api/v1/retention", tags=["retention"])
READ = Depends(require_operator("dpo", "engineer", "viewer", "auditor"))
ACT = Depends(require_operator("dpo", "engineer"))
HOLD = Depends(require_operator("dpo"))


@contextmanager
def retention_of(request: Request) -> Iterator[Retention]:
    app = request.app
    with retention_for(app.state.settings, app.state.policy, app.state.ledger) as ctx:
        yield ctx


@router.get("/status", summary="Every retention promise next to what is true now")
def status(request: Request, _: OperatorInfo = READ) -> dict[str, Any]:
    with retention_of(request) as ctx:
        return build_status(ctx, ctx.now())


class SweepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dry_run: StrictBool = Field(False, description="Only plan: count what would be done.")


@router.post("/sweeps", summary="Run the sweep now (or plan it with dry_run)")
def sweep(request: Request, body: SweepIn, operator: OperatorInfo = ACT) -> dict[str, Any]:
    with retention_of(request) as ctx:
        return run_sweep(ctx, dry_run=body.dry_run, actor=operator.actor).to_dict()


@router.get("/sweeps", summary="Recent sweep runs, newest first")
def sweeps(ledger: Ledger = Depends(get_ledger), limit: int = Query(20, ge=1, le=200),
           _: OperatorInfo = READ) -> list[dict[str, Any]]:
    with ledger.session() as session:
        runs = session.execute(select(SweepRun).order_by(SweepRun.started_at.desc())
                               .limit(limit)).scalars().all()
        return [run_dict(r) for r in runs]


def run_dict(run: SweepRun) -> dict[str, Any]:
    return {"run": run.id, "status": run.status, "dry_run": run.dry_run, "actor": run.actor,
            "as_of": run.as_of.isoformat(), "started_at": run.started_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "error": run.error, "rules": run.results}


class HoldIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Text = Field(min_length=1)
    email: Email | None = None
    phone: Phone | None = None
    system: Name | None = None
    dataset: Name | None = Field(None, description="system.table")
    until: datetime | None = Field(None, description="When the hold ends by itself.")


@router.get("/holds", summary="Legal holds in force (all with include_ended)")
def hold_list(request: Request, include_ended: bool = False,
              _: OperatorInfo = READ) -> list[dict[str, Any]]:
    ledger: Ledger = request.app.state.ledger
    with ledger.session() as session:
        return [holds.hold_dict(h) for h in holds.list_holds(
            session, request.app.state.settings.now(), include_ended=include_ended)]


@router.post("/holds", status_code=201, summary="Place a legal hold")
def hold_add(request: Request, body: HoldIn, operator: OperatorInfo = HOLD) -> dict[str, Any]:
    ledger: Ledger = request.app.state.ledger
    until = body.until
    if until is not None and until.tzinfo is None:
        from datetime import UTC

        until = until.replace(tzinfo=UTC)
    with ledger.session() as session:
        hold = holds.add_hold(session, request.app.state.policy.policy, reason=body.reason,
                              set_by=operator.actor, now=request.app.state.settings.now(),
                              email=body.email, phone=body.phone, system=body.system,
                              dataset=body.dataset, until=until)
        return holds.hold_dict(hold)


@router.post("/holds/{hold_id}/lift", summary="Lift a legal hold")
def hold_lift(request: Request, hold_id: str, operator: OperatorInfo = HOLD) -> dict[str, Any]:
    ledger: Ledger = request.app.state.ledger
    with ledger.session() as session:
        return holds.hold_dict(holds.lift_hold(session, hold_id, lifted_by=operator.actor,
                                               now=request.app.state.settings.now()))


@router.get("/tasks", summary="Retention tasks others must confirm")
def task_list(request: Request, include_done: bool = False,
              _: OperatorInfo = READ) -> list[dict[str, Any]]:
    ledger: Ledger = request.app.state.ledger
    now = request.app.state.settings.now()
    with ledger.session() as session:
        return [d for t in tasks.list_tasks(session, open_only=not include_done)
                if (d := tasks.task_dict(t, now)) is not None]


class ConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: Text | None = None


@router.post("/tasks/{task_id}/confirm", summary="Confirm a retention task was carried out")
def task_confirm(request: Request, task_id: str, body: ConfirmIn,
                 operator: OperatorInfo = ACT) -> dict[str, Any]:
    ledger: Ledger = request.app.state.ledger
    now = request.app.state.settings.now()
    with ledger.session() as session:
        found = tasks.task_dict(tasks.confirm_task(session, task_id, by=operator.actor,
                                                   note=body.note, now=now), now)
        assert found is not None
        return found
