"""`/console/requests`: data subject requests with their deadlines, and the operator's
actions on one: verify the person, run it, confirm a processor's task, extend, reject.

Operators see the identifiers of the person (they need them to verify); the page is
`no-store` and behind the console sign-in like every console page.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vernly.engine.requests import correspondence, inbox, service
from vernly.errors import VernlyError
from vernly.ledger.db import Ledger
from vernly.notices.access_report import render as render_report
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings
from vernly.web import console_inbox, csrf
from vernly.web.api_requests import data_map
from vernly.web.auth import OperatorInfo, people, require_operator
from vernly.web.console import render
from vernly.web.console_lang import ActorNames, actor_names, formatter, lang_of
from vernly.web.deps import get_ledger, get_policy, get_settings

router = APIRouter(prefix="/console/requests", include_in_schema=False)
PAGE = "/console/requests"
READ = Depends(require_operator())
ACT = Depends(require_operator("dpo", "engineer"))


def _state(request: Request) -> tuple[Ledger, Settings, LoadedPolicy]:
    return get_ledger(request), get_settings(request), get_policy(request)


def _names(request: Request) -> ActorNames:
    """Stored actors to how pages show them (`operator:<name>`, `user:<email>`, `person`,
    `system`; old entries mapped by `engine.actors`)."""
    return actor_names(request)


@router.get("", response_class=HTMLResponse)
def listing(request: Request, operator: OperatorInfo = READ) -> HTMLResponse:
    """The inbox: every request, open ones by deadline (overdue first), searchable."""
    ledger, settings, _ = _state(request)
    error: str | None = None
    status = 200
    try:
        wanted = console_inbox.filter_of(request)
    except VernlyError as exc:
        wanted, error, status = inbox.InboxFilter(), str(exc), exc.http_status
    found = inbox.search(ledger, settings, wanted)
    fmt = formatter(request, lang_of(request))
    rows = [(v, console_inbox.days_left(v, fmt)) for v in found]
    query = str(request.url.query)
    return render(request, "requests.html", operator, status_code=status, rows=rows,
                  wanted=wanted, kinds=console_inbox.KINDS, states=console_inbox.STATES,
                  assignees=inbox.assignees(ledger), names=_names(request), error=error,
                  export_href=f"{PAGE}/export.csv" + (f"?{query}" if query else ""),
                  unassigned=inbox.UNASSIGNED)


@router.get("/export.csv", response_model=None)
def export(request: Request, operator: OperatorInfo = READ) -> Response:
    """The inbox as filtered, as CSV; every cell is made safe for spreadsheets."""
    ledger, settings, _ = _state(request)
    wanted = console_inbox.filter_of(request)
    found = inbox.search(ledger, settings, wanted, limit=100_000)
    inbox.record_export(ledger, settings, operator.actor, len(found), wanted)
    body = console_inbox.csv_text(found, formatter(request, lang_of(request)), _names(request))
    day = settings.now().strftime("%Y%m%d")
    return Response(body, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="requests-{day}.csv"',
        "Cache-Control": "no-store"})


CONFIRM = ("reject", "task-done", "erase")
"""Actions that cannot be undone or close the request: shown once more to confirm."""


def _detail(request: Request, operator: OperatorInfo, request_id: str,
            error: str | None = None, status_code: int = 200) -> HTMLResponse:
    ledger, settings, loaded = _state(request)
    found = service.get(ledger, settings, loaded, request_id)
    fmt = formatter(request, lang_of(request))
    return render(request, "request.html", operator, status_code=status_code, r=found,
                  error=error, can_act=operator.role in ("dpo", "engineer"),
                  events=correspondence.timeline(ledger, request_id),
                  sent=correspondence.messages(ledger, request_id), names=_names(request),
                  people=people(request),
                  left=console_inbox.days_left(found, fmt))


@router.get("/{request_id}", response_class=HTMLResponse)
def detail(request: Request, request_id: str, operator: OperatorInfo = READ) -> HTMLResponse:
    return _detail(request, operator, request_id)


def _confirm(request: Request, operator: OperatorInfo, request_id: str, action: str,
             fields: dict[str, str]) -> HTMLResponse:
    ledger, settings, loaded = _state(request)
    found = service.get(ledger, settings, loaded, request_id)
    return render(request, "confirm.html", operator, r=found, action=action, fields=fields)


@router.post("/{request_id}/message", response_model=None)
def message(request: Request, request_id: str, csrf_token: str = Form(""),
            subject: str = Form(""), body: str = Form(""),
            operator: OperatorInfo = ACT) -> Response:
    """Write to the person: an e-mail through the outbox, kept on the request."""
    csrf.check(request, csrf_token)
    ledger, settings, loaded = _state(request)
    try:
        correspondence.write_to_person(ledger, settings, loaded, request_id, subject, body,
                                       operator.actor)
    except VernlyError as exc:
        return _detail(request, operator, request_id, str(exc), exc.http_status)
    return RedirectResponse(f"{PAGE}/{request_id}#messages", status_code=303)


@router.post("/{request_id}/{action}", response_model=None)
def act(request: Request, request_id: str, action: str, csrf_token: str = Form(""),
        reason: str = Form(""), months: int = Form(0), task_id: str = Form(""),
        assignee: str = Form(""), confirmed: str = Form(""),
        operator: OperatorInfo = ACT) -> Response:
    csrf.check(request, csrf_token)
    ledger, settings, loaded = _state(request)
    args = (ledger, settings, loaded)
    if action in CONFIRM and confirmed != "yes":
        if action == "reject" and not reason.strip():
            return _detail(request, operator, request_id, "reason: say why the request is "
                           "rejected (the person is told)", 422)
        return _confirm(request, operator, request_id, action,
                        {"reason": reason, "task_id": task_id})
    try:
        if action == "verify":
            service.verify_by_operator(*args, request_id, operator.actor)
        elif action in ("run", "erase"):
            service.run(*args, request_id, operator.actor, data_map=data_map(request),
                        renderer=render_report)
        elif action == "task-done":
            service.task_done(*args, task_id, operator.actor)
        elif action == "extend":
            service.extend(*args, request_id, months, reason, operator.actor)
        elif action == "reject":
            service.reject(*args, request_id, reason, operator.actor)
        elif action == "assign":
            inbox.assign(ledger, settings, request_id, assignee or None, operator.actor)
        elif action == "take":
            inbox.assign(ledger, settings, request_id, operator.actor, operator.actor)
        else:
            return _detail(request, operator, request_id, f"unknown action '{action}'", 404)
    except VernlyError as exc:
        return _detail(request, operator, request_id, str(exc), exc.http_status)
    return RedirectResponse(f"{PAGE}/{request_id}", status_code=303)
