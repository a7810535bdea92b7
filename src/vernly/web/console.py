"""The operator console: a landing page and the layout others extend (sign-in: `console_signin`).

Console sections are listed only when their page exists in the app, so the landing page
never links to something that is not there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.routing import Match

from vernly.engine.operators import OperatorInfo
from vernly.web import csrf
from vernly.web.auth import require_operator

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
    Section("/console/audit", "Audit log", "The hash-chained log of every action."),
    Section("/console/operators", "Operators", "Who may use the console and the API."),
    Section("/console/users", "Users", "People who sign in to the console, and their roles."),
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


@router.get("", response_class=HTMLResponse)
def landing(request: Request, operator: OperatorInfo = Depends(require_operator())
            ) -> HTMLResponse:
    loaded = request.app.state.policy
    return render(request, "index.html", operator, controller=loaded.policy.controller.name,
                  policy_version=loaded.policy.notice.version)
