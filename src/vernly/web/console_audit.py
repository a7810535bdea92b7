"""`/console/audit`: the audit trail, searchable by actor, action, request and date, with the
hash chain verified on every view and the result shown. Only the DPO and the auditor read it
(the role matrix in docs/architecture.md): it tells who did what across every request, which
the engineer and the viewer, who work on requests, do not need."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from vernly.engine import audit_trail
from vernly.errors import InvalidInput, VernlyError
from vernly.web.auth import OperatorInfo, require_operator
from vernly.web.console import render
from vernly.web.console_lang import actor_names
from vernly.web.deps import get_ledger

router = APIRouter(prefix="/console/audit", include_in_schema=False)
READERS = ("dpo", "auditor")
"""Who reads the audit trail."""


def _day(raw: str, field: str) -> datetime | None:
    if not raw.strip():
        return None
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(f"{field}: {raw!r} is not a date (YYYY-MM-DD)") from None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _query(request: Request) -> audit_trail.AuditQuery:
    params = request.query_params
    until = _day(params.get("to", ""), "to")
    return audit_trail.AuditQuery(
        actor=params.get("actor", "")[:200], action=params.get("action", "")[:100],
        target=params.get("request", "").strip()[:200], since=_day(params.get("from", ""), "from"),
        until=until + timedelta(days=1) if until else None)


@router.get("", response_class=HTMLResponse)
def page(request: Request, operator: OperatorInfo = Depends(require_operator(*READERS))
         ) -> HTMLResponse:
    ledger = get_ledger(request)
    error, status = None, 200
    try:
        wanted = _query(request)
    except VernlyError as exc:
        wanted, error, status = audit_trail.AuditQuery(), str(exc), exc.http_status
    actors, actions = audit_trail.actors_and_actions(ledger)
    names = actor_names(request)
    params = request.query_params
    return render(request, "audit.html", operator, status_code=status, error=error,
                  chain=audit_trail.verify(ledger), entries=audit_trail.search(ledger, wanted),
                  actors=actors, actions=actions, names=names,
                  form={k: params.get(k, "") for k in ("actor", "action", "request", "from",
                                                       "to")})
