"""Who is asking: operator tokens for the API and automation, console sessions for people.

`require_operator(*roles)` is a FastAPI dependency: it accepts `Authorization: Bearer <token>`
(an operator token) or the console's session cookie (a user or an operator signed in to the
console), and answers 401 (no or bad credentials) or 403 (wrong role) with a one-line JSON
message. A session is a row in the ledger (`engine.accounts.sessions`); the cookie holds only
its random id. A state-changing API call made with the cookie must carry the page's CSRF token
in `X-CSRF-Token`, so another site cannot make a signed-in browser act.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse

from vernly.engine.accounts import sessions
from vernly.engine.accounts.totp import Totp
from vernly.engine.accounts.users import Users
from vernly.engine.operators import NotAuthenticated, OperatorInfo, Operators
from vernly.errors import NotFound, PermissionDenied
from vernly.ledger.at_rest import totp_key
from vernly.ledger.operators import ROLES
from vernly.web import csrf

SESSION_COOKIE = "vernly_session"
LOGIN_PATH = "/console/login"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_lock = threading.Lock()
T = TypeVar("T")


def _shared(app: FastAPI, name: str, make: Callable[[], T]) -> T:
    """`app.state.<name>`, made by `make` on first use and then shared by all requests.

    Checked again under the lock, so two first requests at once still make only one (each
    service keeps caches and a dummy hash that should exist once per app)."""
    found: T | None = getattr(app.state, name, None)
    if found is None:
        with _lock:
            found = getattr(app.state, name, None)
            if found is None:
                found = make()
                setattr(app.state, name, found)
    return found


def service_for(app: FastAPI) -> Operators:
    """The app's operator service (made on first use, shared by all requests)."""
    return _shared(app, "operators",
                   lambda: Operators(app.state.ledger, app.state.settings.now))


def users_for(app: FastAPI) -> Users:
    """The app's user service (made on first use, shared by all requests)."""
    return _shared(app, "users", lambda: Users(app.state.ledger, app.state.settings.now))


def operators(request: Request) -> Operators:
    """The operator service of the app serving `request`."""
    return service_for(request.app)


def users(request: Request) -> Users:
    """The user service of the app serving `request`."""
    return users_for(request.app)


def totp(request: Request) -> Totp:
    """TOTP for the app's users, with the key their secrets are encrypted under."""
    return Totp(users(request), totp_key(request.app.state.settings.secret_key))


def people(request: Request) -> list[OperatorInfo]:
    """Users, then operators: everyone who may be given a request to handle."""
    return users(request).principals() + operators(request).list_operators()


def session_info(request: Request) -> sessions.SessionInfo | None:
    """The console session the request's cookie names, if it is valid (any stage)."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    with request.app.state.ledger.session() as session:
        return sessions.find(session, raw, request.app.state.settings.now())


def start_session(request: Request, response: Response, *, stage: str,
                  user_id: int | None = None, operator_id: int | None = None) -> None:
    """A new session (the browser's old one, if any, ends) and its cookie on `response`."""
    with request.app.state.ledger.session() as session:
        raw = sessions.start(session, request.app.state.settings.now(), stage=stage,
                             user_id=user_id, operator_id=operator_id,
                             replacing=request.cookies.get(SESSION_COOKIE))
    response.set_cookie(SESSION_COOKIE, raw, httponly=True, samesite="lax", path="/",
                        secure=request.url.scheme == "https")


def end_session(request: Request, response: Response) -> None:
    """End the browser's session in the ledger and drop its cookie."""
    raw = request.cookies.get(SESSION_COOKIE)
    if raw:
        with request.app.state.ledger.session() as session:
            sessions.end(session, raw)
    response.delete_cookie(SESSION_COOKIE, path="/")


def _from_session(request: Request) -> OperatorInfo:
    found = session_info(request)
    if found is None or found.stage != sessions.ACTIVE:
        raise NotAuthenticated("the session has ended; sign in again")
    principal: OperatorInfo | None = None
    if found.user_id is not None:
        principal = users(request).principal(found.user_id)
    elif found.operator_id is not None:
        try:
            principal = operators(request).get(found.operator_id)
        except NotFound:
            principal = None
        if principal is not None and principal.disabled:
            principal = None
    if principal is None:
        raise NotAuthenticated("the session has ended; sign in again")
    if request.method not in _SAFE_METHODS and not request.url.path.startswith("/console"):
        # Console forms check their own field; API calls made with the cookie send a header.
        csrf.check(request, request.headers.get("x-csrf-token"))
    return principal


def current_operator(request: Request) -> OperatorInfo:
    """The operator or user making this request, from a bearer token or the session cookie."""
    header = request.headers.get("authorization")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("the Authorization header must be 'Bearer <token>'")
        return operators(request).authenticate(token)
    if request.cookies.get(SESSION_COOKIE):
        return _from_session(request)
    raise NotAuthenticated("sign in: send 'Authorization: Bearer <token>' or use the console")


def require_operator(*roles: str) -> Callable[[Request], OperatorInfo]:
    """A dependency admitting operators and users with one of `roles` (any role when none)."""
    allowed = tuple(roles)

    def operator_dependency(request: Request) -> OperatorInfo:
        operator = current_operator(request)
        if allowed and operator.role not in allowed:
            raise PermissionDenied(f"role '{operator.role}' may not do this; it needs "
                                   f"{' or '.join(allowed)}")
        request.state.operator = operator
        return operator

    return operator_dependency


async def _not_authenticated(request: Request, exc: Exception) -> Response:
    # Browsers in the console go to the login form; API clients get JSON and a challenge.
    wants_html = "text/html" in request.headers.get("accept", "")
    if wants_html and request.url.path.startswith("/console") and request.method == "GET":
        return RedirectResponse(f"{LOGIN_PATH}?next={request.url.path}", status_code=303)
    return JSONResponse({"error": "NotAuthenticated", "detail": str(exc)}, status_code=401,
                        headers={"WWW-Authenticate": 'Bearer realm="vernly"'})


def install(app: FastAPI) -> None:
    """Answer NotAuthenticated as 401 with a Bearer challenge (or a login redirect)."""
    app.add_exception_handler(NotAuthenticated, _not_authenticated)


__all__ = [
    "ROLES",
    "OperatorInfo",
    "current_operator",
    "install",
    "operators",
    "people",
    "require_operator",
    "service_for",
    "users",
    "users_for",
]
