"""`/console/retention`: each promise of the notice next to what is true now, the last
sweeps, legal holds (place and lift) and the tasks others must confirm."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from vernly.engine.retention import holds, tasks
from vernly.engine.retention.status import build_status
from vernly.engine.retention.sweep import run_sweep
from vernly.errors import InvalidInput, VernlyError
from vernly.ledger.db import Ledger
from vernly.ledger.retention import SweepRun
from vernly.web import csrf
from vernly.web.api_retention import retention_of, run_dict
from vernly.web.auth import OperatorInfo, require_operator
from vernly.web.console import render
from vernly.web.console_lang import actor_names

router = APIRouter(prefix="/console/retention", include_in_schema=False)
PAGE = "/console/retention"


def _page(request: Request, operator: OperatorInfo, error: str | None = None,
          status_code: int = 200, plan_id: str | None = None) -> HTMLResponse:
    with retention_of(request) as ctx:
        now = ctx.now()
        report = build_status(ctx, now)
    ledger: Ledger = request.app.state.ledger
    with ledger.session() as session:
        runs = [run_dict(r) for r in session.execute(
            select(SweepRun).order_by(SweepRun.started_at.desc()).limit(10)).scalars()]
        every = holds.list_holds(session, now, include_ended=True)
        in_force = [holds.hold_dict(h) for h in holds.list_holds(session, now)]
        ended = [holds.hold_dict(h) for h in every if h.lifted_at is not None][-10:]
        plan_run = session.get(SweepRun, plan_id) if plan_id else None
        plan = run_dict(plan_run) if plan_run is not None and plan_run.dry_run else None
        open_tasks = [tasks.task_dict(t, now) for t in tasks.list_tasks(session, open_only=True)]
    return render(request, "retention.html", operator, status_code=status_code, report=report,
                  runs=runs, holds=in_force, ended=ended, tasks=open_tasks, error=error,
                  plan=plan, names=actor_names(request),
                  can_act=operator.role in ("dpo", "engineer"), can_hold=operator.role == "dpo")


@router.get("", response_class=HTMLResponse)
def page(request: Request, plan: str | None = None,
         operator: OperatorInfo = Depends(require_operator())) -> HTMLResponse:
    """The retention page; `plan` names a dry run whose plan is shown as a table."""
    return _page(request, operator, plan_id=plan)


@router.post("/sweep", response_model=None)
def sweep_now(request: Request, csrf_token: str = Form(""), dry_run: str = Form(""),
              operator: OperatorInfo = Depends(require_operator("dpo", "engineer"))
              ) -> Response:
    csrf.check(request, csrf_token)
    with retention_of(request) as ctx:
        report = run_sweep(ctx, dry_run=bool(dry_run), actor=operator.actor)
    if report.dry_run:
        return RedirectResponse(f"{PAGE}?plan={report.run_id}#plan", status_code=303)
    return RedirectResponse(PAGE, status_code=303)


def _until(raw: str) -> datetime | None:
    if not raw.strip():
        return None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(f"until: {raw!r} is not a date (YYYY-MM-DD)") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)


@router.post("/holds", response_model=None)
def hold_add(request: Request, csrf_token: str = Form(""), scope: str = Form("person"),
             target: str = Form(""), reason: str = Form(""), until: str = Form(""),
             operator: OperatorInfo = Depends(require_operator("dpo"))) -> Response:
    csrf.check(request, csrf_token)
    fields: dict[str, Any] = {}
    value = target.strip()
    if scope == "person":
        fields["email" if "@" in value else "phone"] = value or None
    elif scope in ("system", "dataset"):
        fields[scope] = value or None
    ledger: Ledger = request.app.state.ledger
    try:
        with ledger.session() as session:
            holds.add_hold(session, request.app.state.policy.policy, reason=reason,
                           set_by=operator.actor, now=request.app.state.settings.now(),
                           until=_until(until), **fields)
    except VernlyError as exc:
        return _page(request, operator, error=str(exc), status_code=exc.http_status)
    return RedirectResponse(PAGE, status_code=303)


@router.post("/holds/{hold_id}/lift", response_model=None)
def hold_lift(request: Request, hold_id: str, csrf_token: str = Form(""),
              reason: str = Form(""),
              operator: OperatorInfo = Depends(require_operator("dpo"))) -> Response:
    csrf.check(request, csrf_token)
    ledger: Ledger = request.app.state.ledger
    try:
        if not reason.strip():
            raise InvalidInput("reason: say why the hold is lifted")
        with ledger.session() as session:
            holds.lift_hold(session, hold_id, lifted_by=operator.actor,
                            now=request.app.state.settings.now(), reason=reason)
    except VernlyError as exc:
        return _page(request, operator, error=str(exc), status_code=exc.http_status)
    return RedirectResponse(PAGE, status_code=303)


@router.post("/tasks/{task_id}/confirm", response_model=None)
def task_confirm(request: Request, task_id: str, csrf_token: str = Form(""),
                 note: str = Form(""),
                 operator: OperatorInfo = Depends(require_operator("dpo", "engineer"))
                 ) -> Response:
    csrf.check(request, csrf_token)
    ledger: Ledger = request.app.state.ledger
    try:
        with ledger.session() as session:
            tasks.confirm_task(session, task_id, by=operator.actor, note=note or None,
                               now=request.app.state.settings.now())
    except VernlyError as exc:
        return _page(request, operator, error=str(exc), status_code=exc.http_status)
    return RedirectResponse(PAGE, status_code=303)
