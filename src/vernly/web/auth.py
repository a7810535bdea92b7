"""Operator authentication for the console and the operator API.

`require_operator(*roles)` is a FastAPI dependency: it accepts `Authorization: Bearer <token>`
or the signed console session cookie, and answers 401 (no or bad credentials) or 403 (wrong
role) with a one-line JSON message. The returned dependency takes only the request, so code
that resolves an operator conditionally can call it directly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from itsdangerous import BadSignature, URLSafeTimedSerializer

from vernly.engine.operators import NotAuthenticated, OperatorInfo, Operators
from vernly.errors import ConfigurationError, PermissionDenied
from vernly.ledger.operators import ROLES

SESSION_COOKIE = "vernly_session"
SESSION_MAX_AGE = 12 * 3600
"""A console session lasts a working day; then the operator signs in again."""
LOGIN_PATH = "/console/login"
_lock = threading.Lock()


def service_for(app: FastAPI) -> Operators:
    """The app's operator service (made on first use, shared by all requests)."""
    found: Operators | None = getattr(app.state, "operators", None)
    if found is None:
        with _lock:
            found = getattr(app.state, "operators", None)
            if found is None:
                found = Operators(app.state.ledger, app.state.settings.now)
                app.state.operators = found
    return found


def operators(request: Request) -> Operators:
    """The operator service of the app serving `request`."""
    return service_for(request.app)


def _signer(request: Request) -> URLSafeTimedSerializer:
    key = request.app.state.settings.secret_key
    if not key:
        raise ConfigurationError("no secret key for console sessions; set VERNLY_SECRET_KEY")
    return URLSafeTimedSerializer(key, salt="vernly-console-session")


def start_session(request: Request, response: Response, operator: OperatorInfo) -> None:
    """Set the signed session cookie for `operator` on `response`."""
    value = _signer(request).dumps({"op": operator.id, "fp": operator.fingerprint})
    response.set_cookie(SESSION_COOKIE, value, max_age=SESSION_MAX_AGE, httponly=True,
                        samesite="lax", secure=request.url.scheme == "https", path="/")


def end_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def _from_cookie(request: Request, cookie: str) -> OperatorInfo:
    try:
        data: Any = _signer(request).loads(cookie, max_age=SESSION_MAX_AGE)
        operator_id, fingerprint = int(data["op"]), str(data["fp"])
    except (BadSignature, KeyError, TypeError, ValueError):
        raise NotAuthenticated("the session is not valid; sign in again") from None
    return operators(request).from_session(operator_id, fingerprint)


def current_operator(request: Request) -> OperatorInfo:
    """The operator making this request, from a bearer token or the session cookie."""
    header = request.headers.get("authorization")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("the Authorization header must be 'Bearer <token>'")
        return operators(request).authenticate(token)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return _from_cookie(request, cookie)
    raise NotAuthenticated("sign in: send 'Authorization: Bearer <token>' or use the console")


def require_operator(*roles: str) -> Callable[[Request], OperatorInfo]:
    """A dependency admitting operators with one of `roles` (any role when none are given)."""
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
    "require_operator",
    "service_for",
]
