"""The operator console: sign in with a token, a landing page, and the layout others extend.

Console sections are listed only when their page exists in the app, so the landing page
never links to something that is not there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.routing import Match

from vernly.engine.operators import NotAuthenticated, OperatorInfo
from vernly.web import csrf
from vernly.web.auth import end_session, operators, require_operator, start_session

router = APIRouter(prefix="/console", include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


@dataclass(frozen=True)
class Section:
    path: str
    label: str
    description: str


SECTIONS = (
    Section("/console/requests", "Requests",
            "Data subject requests: deadlines, verification, progress in every system."),
    Section("/console/retention", "Retention",
            "Each retention promise next to the oldest record still held; sweeps and holds."),
    Section("/console/consent", "Consent",
            "Consent records and withdrawals by purpose."),
    Section("/console/visitors", "Visitors",
            "Today's visitors at the front desk; sign them out; school name lists."),
    Section("/console/audit", "Audit log", "The hash-chained log of every action."),
    Section("/console/operators", "Operators", "Who may use the console and the API."),
)
"""Pages other parts of vernly add under /console; shown once their route exists."""


def _served(request: Request, path: str) -> bool:
    # Ask the routes themselves: included routers are not flat `Route`s in every FastAPI.
    scope = {"type": "http", "method": "GET", "path": path, "root_path": "",
             "path_params": {}, "app": request.app}
    return any(route.matches(scope)[0] == Match.FULL for route in request.app.routes)


def sections(request: Request) -> list[Section]:
    return [s for s in SECTIONS if _served(request, s.path)]


def render(request: Request, name: str, operator: OperatorInfo | None, status_code: int = 200,
           **context: Any) -> HTMLResponse:
    """A console page from `console/<name>` with the layout's context filled in."""
    response = templates.TemplateResponse(request, f"console/{name}", {
        "operator": operator, "console_sections": sections(request) if operator else [],
        "csrf_token": csrf.token_for(request), **context,
    }, status_code=status_code)
    csrf.set_cookie(request, response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _safe_next(target: str | None) -> str:
    # Only paths inside the console: never another site ("//evil", "https://…").
    if target and target.startswith("/console") and "//" not in target and "\\" not in target:
        return target
    return "/console"


@router.get("", response_class=HTMLResponse)
def landing(request: Request, operator: OperatorInfo = Depends(require_operator())
            ) -> HTMLResponse:
    loaded = request.app.state.policy
    return render(request, "index.html", operator, controller=loaded.policy.controller.name,
                  policy_version=loaded.policy.notice.version)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", None, next=_safe_next(next), error=None)


@router.post("/login", response_model=None)
def login(request: Request, token: str = Form(""), csrf_token: str = Form(""),
          next: str = Form("/console")) -> Response:
    csrf.check(request, csrf_token)
    service = operators(request)
    try:
        operator = service.authenticate(token)
    except NotAuthenticated as exc:
        return render(request, "login.html", None, status_code=401, next=_safe_next(next),
                      error=f"Not signed in: {exc}.")
    service.record_login(operator, via="console")
    response = RedirectResponse(_safe_next(next), status_code=303)
    start_session(request, response, operator)
    return response


@router.post("/logout", response_model=None)
def logout(request: Request, csrf_token: str = Form("")) -> Response:
    csrf.check(request, csrf_token)
    response = RedirectResponse("/console/login", status_code=303)
    end_session(response)
    return response
