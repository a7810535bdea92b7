"""The console's users page: the DPO adds users, changes their roles, disables, enables and
resets them; an auditor may look. A new or reset user's one-time password is shown once, on
the page that made it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vernly.engine.operators import OperatorInfo
from vernly.errors import Conflict, InvalidInput, NotFound
from vernly.ledger.operators import ROLES
from vernly.web import csrf
from vernly.web.auth import require_operator, users
from vernly.web.console import render

router = APIRouter(prefix="/console/users", include_in_schema=False)
LOOK = Depends(require_operator("dpo", "auditor"))
MANAGE = Depends(require_operator("dpo"))


def _page(request: Request, who: OperatorInfo, *, error: str | None = None,
          one_time: tuple[str, str] | None = None, status_code: int = 200) -> HTMLResponse:
    return render(request, "users.html", who, status_code=status_code,
                  users=users(request).list_users(), roles=ROLES, error=error,
                  one_time=one_time, may_manage=who.role == "dpo")


@router.get("", response_class=HTMLResponse)
def page(request: Request, who: OperatorInfo = LOOK) -> HTMLResponse:
    return _page(request, who)


@router.post("", response_class=HTMLResponse)
def add(request: Request, email: str = Form(""), role: str = Form(""),
        csrf_token: str = Form(""), who: OperatorInfo = MANAGE) -> HTMLResponse:
    csrf.check(request, csrf_token)
    try:
        user, password = users(request).add(email, role, actor=who.actor)
    except (InvalidInput, Conflict) as exc:
        return _page(request, who, error=str(exc), status_code=422)
    return _page(request, who, one_time=(user.email, password))


@router.post("/{user_id}/{action}", response_model=None)
def act(request: Request, user_id: int, action: str, csrf_token: str = Form(""),
        role: str = Form(""), who: OperatorInfo = MANAGE) -> Response:
    csrf.check(request, csrf_token)
    service = users(request)
    try:
        email = service.get(user_id).email
        if action == "disable":
            service.disable(email, actor=who.actor)
        elif action == "enable":
            service.enable(email, actor=who.actor)
        elif action == "role":
            service.set_role(email, role, actor=who.actor)
        elif action == "reset-password":
            _, password = service.reset_password(email, actor=who.actor)
            return _page(request, who, one_time=(email, password))
        else:
            raise NotFound(f"no action {action!r} on users")
    except Conflict as exc:
        return _page(request, who, error=str(exc), status_code=409)
    except InvalidInput as exc:
        return _page(request, who, error=str(exc), status_code=422)
    return RedirectResponse("/console/users", status_code=303)
