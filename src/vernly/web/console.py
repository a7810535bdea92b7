"""The operator console: a landing page and the layout others extend (sign-in: `console_signin`).

Console sections are listed only when their page exists in the app, so the landing page
never links to something that is not there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Match

from vernly.engine.operators import OperatorInfo
from vernly.notices.i18n import N_
from vernly.web import console_lang, csrf
from vernly.web.auth import require_operator
from vernly.web.console_lang import formatter, lang_of

router = APIRouter(prefix="/console", include_in_schema=False)
ASSETS = Path(__file__).parent / "static" / "console"


@dataclass(frozen=True)
class Section:
    path: str
    label: str
    description: str
    roles: tuple[str, ...] = ()
    """Roles that may open it (every role when empty): others are not shown the link."""


SECTIONS = (
    Section("/console/requests", N_("Inbox"),
            N_("Data subject requests by deadline: who handles each, search, export.")),
    Section("/console/datamap", N_("Data map"),
            N_("Activities, systems and recipients; records of processing; the notice.")),
    Section("/console/consent", N_("Consent"),
            N_("Consent and refusal rates per category; look up a record and its receipt.")),
    Section("/console/retention", N_("Retention"),
            N_("Each retention promise next to the oldest record still held; sweeps and holds.")),
    Section("/console/visitors", N_("Visitors"),
            N_("Today's visitors at the front desk; sign them out; school name lists.")),
    Section("/console/audit", N_("Audit trail"),
            N_("The hash-chained log of every action, searchable and verified."),
            ("dpo", "auditor")),
    Section("/console/operators", N_("Operators"), N_("Who may use the console and the API.")),
    Section("/console/users", N_("Users"), N_("Who may sign in to the console, and their roles."),
            ("dpo", "auditor")),
)
"""Pages other parts of vernly add under /console; shown once their route exists."""


def _served(request: Request, path: str) -> bool:
    # Ask the routes themselves: included routers are not flat `Route`s in every FastAPI.
    scope = {"type": "http", "method": "GET", "path": path, "root_path": "",
             "path_params": {}, "app": request.app}
    return any(route.matches(scope)[0] == Match.FULL for route in request.app.routes)


def sections(request: Request, operator: OperatorInfo | None = None) -> list[Section]:
    return [s for s in SECTIONS if _served(request, s.path)
            and (not s.roles or operator is None or operator.role in s.roles)]


def render(request: Request, name: str, operator: OperatorInfo | None, status_code: int = 200,
           **context: Any) -> HTMLResponse:
    """A console page from `console/<name>` with the layout's context filled in."""
    lang = lang_of(request)
    response = console_lang.templates(lang).TemplateResponse(request, f"console/{name}", {
        "operator": operator, "console_sections": sections(request, operator) if operator else [],
        "csrf_token": csrf.token_for(request), "lang": lang,
        "fmt": formatter(request, lang), **context,
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


@router.post("/language", response_model=None)
def choose_language(request: Request, lang: str = Form("en"), csrf_token: str = Form(""),
                    next: str = Form("/console")) -> Response:
    """The language switch: kept on a signed-in user (it follows them to any browser) and
    in a cookie for a year (for operators and the sign-in pages)."""
    csrf.check(request, csrf_token)
    chosen = "nb" if lang == "nb" else "en"
    console_lang.remember_for_user(request, chosen)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(console_lang.COOKIE, chosen,
                        max_age=365 * 86400, httponly=True, samesite="lax", path="/console",
                        secure=request.url.scheme == "https")
    return response


_ASSET_TYPES = {"console.css": "text/css", "console.js": "text/javascript"}


@router.get("/assets/{name}", response_model=None)
def asset(name: str) -> Response:
    """The console's own stylesheet and script (no inline styles or scripts, no CDN)."""
    if name not in _ASSET_TYPES:
        return Response(status_code=404)
    return FileResponse(ASSETS / name, media_type=_ASSET_TYPES[name],
                        headers={"Cache-Control": "public, max-age=300"})
