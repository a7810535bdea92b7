"""`/console/requests`: data subject requests with their deadlines, and the operator's
actions on one: verify the person, run it, confirm a processor's task, extend, reject.

Operators see the identifiers of the person (they need them to verify); the page is
`no-store` and behind the console sign-in like every console page.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vernly.engine.requests import service
from vernly.errors import VernlyError
from vernly.ledger.db import Ledger
from vernly.notices.access_report import render as render_report
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings
from vernly.web import csrf
from vernly.web.api_requests import data_map
from vernly.web.auth import OperatorInfo, require_operator
from vernly.web.console import render
from vernly.web.deps import get_ledger, get_policy, get_settings

router = APIRouter(prefix="/console/requests", include_in_schema=False)
PAGE = "/console/requests"
READ = Depends(require_operator())
ACT = Depends(require_operator("dpo", "engineer"))


def _state(request: Request) -> tuple[Ledger, Settings, LoadedPolicy]:
    return get_ledger(request), get_settings(request), get_policy(request)


@router.get("", response_class=HTMLResponse)
def listing(request: Request, overdue: bool = False, state: str | None = None,
            operator: OperatorInfo = READ) -> HTMLResponse:
    ledger, settings, loaded = _state(request)
    found = service.list_requests(ledger, settings, loaded, overdue=overdue,
                                  state=state or None)
    return render(request, "requests.html", operator, requests=found, overdue=overdue,
                  state=state or "")


def _detail(request: Request, operator: OperatorInfo, request_id: str,
            error: str | None = None, status_code: int = 200) -> HTMLResponse:
    ledger, settings, loaded = _state(request)
    found = service.get(ledger, settings, loaded, request_id)
    return render(request, "request.html", operator, status_code=status_code, r=found,
                  error=error, can_act=operator.role in ("dpo", "engineer"))


@router.get("/{request_id}", response_class=HTMLResponse)
def detail(request: Request, request_id: str, operator: OperatorInfo = READ) -> HTMLResponse:
    return _detail(request, operator, request_id)


@router.post("/{request_id}/{action}", response_model=None)
def act(request: Request, request_id: str, action: str, csrf_token: str = Form(""),
        reason: str = Form(""), months: int = Form(0), task_id: str = Form(""),
        operator: OperatorInfo = ACT) -> Response:
    csrf.check(request, csrf_token)
    ledger, settings, loaded = _state(request)
    args = (ledger, settings, loaded)
    try:
        if action == "verify":
            service.verify_by_operator(*args, request_id, operator.actor)
        elif action == "run":
            service.run(*args, request_id, operator.actor, data_map=data_map(request),
                        renderer=render_report)
        elif action == "task-done":
            service.task_done(*args, task_id, operator.actor)
        elif action == "extend":
            service.extend(*args, request_id, months, reason, operator.actor)
        elif action == "reject":
            service.reject(*args, request_id, reason, operator.actor)
        else:
            return _detail(request, operator, request_id, f"unknown action '{action}'", 404)
    except VernlyError as exc:
        return _detail(request, operator, request_id, str(exc), exc.http_status)
    return RedirectResponse(f"{PAGE}/{request_id}", status_code=303)
