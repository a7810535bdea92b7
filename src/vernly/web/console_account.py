"""A signed-in user's own account: password, the TOTP second factor, and signing out of every
browser at once."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from vernly.engine.accounts import sessions
from vernly.engine.accounts.totp import qr_svg
from vernly.engine.operators import OperatorInfo
from vernly.errors import Conflict, InvalidInput
from vernly.web import csrf
from vernly.web.auth import SESSION_COOKIE, require_operator, start_session, totp, users
from vernly.web.console import render

router = APIRouter(prefix="/console/account", include_in_schema=False)
SIGNED_IN = Depends(require_operator())


def _page(request: Request, who: OperatorInfo, *, message: str | None = None,
          error: str | None = None, status_code: int = 200) -> HTMLResponse:
    account = users(request).get(who.id) if who.kind == "user" else None
    return render(request, "account.html", who, status_code=status_code, account=account,
                  message=message, error=error)


def _user_only(who: OperatorInfo) -> None:
    if who.kind != "user":
        raise Conflict("operators sign in with tokens; only users have an account page")


@router.get("", response_class=HTMLResponse)
def account(request: Request, who: OperatorInfo = SIGNED_IN) -> HTMLResponse:
    return _page(request, who)


@router.post("/password", response_model=None)
def change_password(request: Request, current: str = Form(""), password: str = Form(""),
                    repeat: str = Form(""), csrf_token: str = Form(""),
                    who: OperatorInfo = SIGNED_IN) -> Response:
    csrf.check(request, csrf_token)
    _user_only(who)
    service = users(request)
    try:
        if not service.verify_current(who.id, current):
            raise InvalidInput("current password: that is not your password")
        if password != repeat:
            raise InvalidInput("password: the two passwords differ")
        service.set_password(who.id, password, actor=who.actor)
    except InvalidInput as exc:
        return _page(request, who, error=str(exc), status_code=422)
    # Every session ended with the old password; this browser gets a new one.
    response = RedirectResponse("/console/account?changed=password", status_code=303)
    start_session(request, response, stage=sessions.ACTIVE, user_id=who.id)
    return response


@router.post("/totp", response_class=HTMLResponse)
def totp_begin(request: Request, csrf_token: str = Form(""),
               who: OperatorInfo = SIGNED_IN) -> HTMLResponse:
    csrf.check(request, csrf_token)
    _user_only(who)
    secret, uri = totp(request).begin(who.id)
    return render(request, "totp_enrol.html", who, secret=secret, qr=Markup(qr_svg(uri)),
                  error=None)


@router.post("/totp/confirm", response_model=None)
def totp_confirm(request: Request, code: str = Form(""), csrf_token: str = Form(""),
                 who: OperatorInfo = SIGNED_IN) -> Response:
    csrf.check(request, csrf_token)
    _user_only(who)
    try:
        totp(request).confirm(who.id, code, actor=who.actor)
    except InvalidInput as exc:
        return _page(request, who, error=f"{exc}. Start again.", status_code=422)
    return RedirectResponse("/console/account?changed=totp", status_code=303)


@router.post("/totp/off", response_model=None)
def totp_off(request: Request, current: str = Form(""), csrf_token: str = Form(""),
             who: OperatorInfo = SIGNED_IN) -> Response:
    csrf.check(request, csrf_token)
    _user_only(who)
    if not users(request).verify_current(who.id, current):
        return _page(request, who, error="current password: that is not your password",
                     status_code=422)
    totp(request).turn_off(who.id, actor=who.actor)
    return RedirectResponse("/console/account?changed=totp-off", status_code=303)


@router.post("/sign-out-everywhere", response_model=None)
def sign_out_everywhere(request: Request, csrf_token: str = Form(""),
                        who: OperatorInfo = SIGNED_IN) -> Response:
    csrf.check(request, csrf_token)
    with request.app.state.ledger.session() as session:
        if who.kind == "user":
            sessions.end_all(session, user_id=who.id)
        else:
            sessions.end_all(session, operator_id=who.id)
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
