"""Signing in to the console: e-mail and password, then a TOTP code or a new password when
needed; an operator token; signing out here or everywhere.

Each finished step makes a new session id (`engine.accounts.sessions`), so nothing a browser
held before signing in is valid after it. Wrong answers say the same thing for a wrong
address, a wrong password and a locked account.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vernly.engine import actors
from vernly.engine.accounts import sessions
from vernly.engine.operators import NotAuthenticated
from vernly.errors import InvalidInput
from vernly.web import csrf, signin_limits
from vernly.web.auth import end_session, operators, session_info, start_session, totp, users
from vernly.web.console import render
from vernly.web.oidc import oidc_config

router = APIRouter(prefix="/console", include_in_schema=False)
TOTP_PATH = "/console/login/totp"
NEW_PASSWORD_PATH = "/console/login/new-password"


def safe_next(target: str | None) -> str:
    """Only paths inside the console: never another site ("//evil", "https://…")."""
    if target and target.startswith("/console") and "//" not in target and "\\" not in target:
        return target
    return "/console"


def _login_page(request: Request, next: str, error: str | None = None,
                status_code: int = 200) -> HTMLResponse:
    config = oidc_config(request.app.state.settings)
    return render(request, "login.html", None, status_code=status_code, next=safe_next(next),
                  error=error, oidc_name=config.name if config else None)


def _too_many(request: Request, step: str, template: str, next: str) -> HTMLResponse | None:
    wait = signin_limits.refused(request, step)
    if wait is None:
        return None
    config = oidc_config(request.app.state.settings)
    response = render(request, template, None, status_code=429, next=safe_next(next),
                      oidc_name=config.name if config else None,
                      error=f"Too many sign-in tries from here: wait {-(-wait // 60)} minutes "
                            "and try again.")
    response.headers["Retry-After"] = str(wait)
    return response


def _pending(request: Request, stage: str) -> sessions.SessionInfo | None:
    found = session_info(request)
    return found if found is not None and found.stage == stage else None


def failed_page(request: Request, error: str) -> HTMLResponse:
    """The sign-in page again with what went wrong (401)."""
    return _login_page(request, "/console", error, status_code=401)


def finish(request: Request, user_id: int, via: str, next: str) -> Response:
    """The user passed every step: an active session, and off to the page asked for."""
    with request.app.state.ledger.session() as session:
        users(request).succeeded(session, user_id, via)
    response = RedirectResponse(safe_next(next), status_code=303)
    start_session(request, response, stage=sessions.ACTIVE, user_id=user_id)
    return response


def _to_stage(request: Request, path: str, stage: str, user_id: int, next: str) -> Response:
    response = RedirectResponse(f"{path}?next={safe_next(next)}", status_code=303)
    start_session(request, response, stage=stage, user_id=user_id)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> Response:
    if _pending(request, sessions.NEEDS_TOTP):
        return RedirectResponse(f"{TOTP_PATH}?next={safe_next(next)}", status_code=303)
    return _login_page(request, safe_next(next))


@router.post("/login", response_model=None)
def login(request: Request, email: str = Form(""), password: str = Form(""),
          token: str = Form(""), csrf_token: str = Form(""),
          next: str = Form("/console")) -> Response:
    """E-mail and password; an operator token in `token` is taken too (older scripts and
    forms post it here)."""
    if token and not email:
        return login_with_token(request, token, csrf_token, next)
    csrf.check(request, csrf_token)
    if (refusal := _too_many(request, "password", "login.html", next)) is not None:
        return refusal
    service = users(request)
    try:
        user = service.check_password(email, password)
    except NotAuthenticated as exc:
        return _login_page(request, next, f"Not signed in: {exc}.", status_code=401)
    if user.must_change_password:
        return _to_stage(request, NEW_PASSWORD_PATH, sessions.NEEDS_NEW_PASSWORD, user.id, next)
    if user.totp_enabled:
        return _to_stage(request, TOTP_PATH, sessions.NEEDS_TOTP, user.id, next)
    return finish(request, user.id, "password", next)


@router.post("/login/token", response_model=None)
def login_with_token(request: Request, token: str = Form(""), csrf_token: str = Form(""),
                     next: str = Form("/console")) -> Response:
    csrf.check(request, csrf_token)
    if (refusal := _too_many(request, "token", "login.html", next)) is not None:
        return refusal
    service = operators(request)
    try:
        operator = service.authenticate(token)
    except NotAuthenticated as exc:
        return _login_page(request, next, f"Not signed in: {exc}.", status_code=401)
    service.record_login(operator, via="console")
    response = RedirectResponse(safe_next(next), status_code=303)
    start_session(request, response, stage=sessions.ACTIVE, operator_id=operator.id)
    return response


@router.get("/login/totp", response_class=HTMLResponse)
def totp_form(request: Request, next: str | None = None) -> Response:
    if _pending(request, sessions.NEEDS_TOTP) is None:
        return RedirectResponse(f"/console/login?next={safe_next(next)}", status_code=303)
    return render(request, "login_totp.html", None, next=safe_next(next), error=None)


@router.post("/login/totp", response_model=None)
def totp_step(request: Request, code: str = Form(""), csrf_token: str = Form(""),
              next: str = Form("/console")) -> Response:
    csrf.check(request, csrf_token)
    pending = _pending(request, sessions.NEEDS_TOTP)
    if pending is None or pending.user_id is None:
        return RedirectResponse(f"/console/login?next={safe_next(next)}", status_code=303)
    if (refusal := _too_many(request, "totp", "login_totp.html", next)) is not None:
        return refusal
    service = users(request)
    if service.locked(pending.user_id) or not totp(request).check(pending.user_id, code):
        return render(request, "login_totp.html", None, status_code=401, next=safe_next(next),
                      error="Not signed in: that code is wrong or used, or there were too "
                            "many tries. Try the code your app shows now.")
    return finish(request, pending.user_id, "password+totp", next)


@router.get("/login/new-password", response_class=HTMLResponse)
def new_password_form(request: Request, next: str | None = None) -> Response:
    if _pending(request, sessions.NEEDS_NEW_PASSWORD) is None:
        return RedirectResponse(f"/console/login?next={safe_next(next)}", status_code=303)
    return render(request, "new_password.html", None, next=safe_next(next), error=None,
                  action=NEW_PASSWORD_PATH, needs_current=False)


@router.post("/login/new-password", response_model=None)
def new_password(request: Request, password: str = Form(""), repeat: str = Form(""),
                 csrf_token: str = Form(""), next: str = Form("/console")) -> Response:
    csrf.check(request, csrf_token)
    pending = _pending(request, sessions.NEEDS_NEW_PASSWORD)
    if pending is None or pending.user_id is None:
        return RedirectResponse(f"/console/login?next={safe_next(next)}", status_code=303)
    service = users(request)
    user = service.get(pending.user_id)
    try:
        if password != repeat:
            raise InvalidInput("password: the two passwords differ")
        service.set_password(pending.user_id, password, actor=actors.user(user.id))
    except InvalidInput as exc:
        return render(request, "new_password.html", None, status_code=422,
                      next=safe_next(next), error=str(exc), action=NEW_PASSWORD_PATH,
                      needs_current=False)
    if user.totp_enabled:
        return _to_stage(request, TOTP_PATH, sessions.NEEDS_TOTP, pending.user_id, next)
    return finish(request, pending.user_id, "password", next)


@router.post("/logout", response_model=None)
def logout(request: Request, csrf_token: str = Form("")) -> Response:
    csrf.check(request, csrf_token)
    response = RedirectResponse("/console/login", status_code=303)
    end_session(request, response)
    return response
