"""CSRF protection for the centre's plain HTML forms (double-submit, signed).

A random value lives in an HttpOnly cookie; each form carries that value signed with the
workspace key and timestamped. A POST is accepted only when the signature holds, is under
two hours old, and names the cookie the browser sent, so another site can neither forge
the token nor reuse one fetched for a different browser.
"""

from __future__ import annotations

import secrets

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from vernly.errors import PermissionDenied

COOKIE = "vernly_csrf"
MAX_AGE = 2 * 3600


def _signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.settings.secret_key, salt="vernly-csrf")


def token_for(request: Request) -> str:
    """The token to put in this response's forms (creating the cookie value if needed)."""
    value = request.cookies.get(COOKIE) or getattr(request.state, "csrf_new", None)
    if not value:
        value = secrets.token_urlsafe(24)
        request.state.csrf_new = value
    return _signer(request).dumps(value)


def set_cookie(request: Request, response: Response) -> None:
    """Send the cookie a token was made for, when it is new."""
    value = getattr(request.state, "csrf_new", None)
    if value:
        response.set_cookie(COOKIE, value, httponly=True, samesite="lax", path="/",
                            secure=request.url.scheme == "https")


def check(request: Request, token: str | None) -> None:
    """Raise PermissionDenied unless `token` is valid for this browser."""
    value = request.cookies.get(COOKIE)
    try:
        signed = _signer(request).loads(token or "", max_age=MAX_AGE)
    except BadSignature:
        raise PermissionDenied("csrf: the form token is missing, invalid or expired") from None
    if not value or not secrets.compare_digest(str(signed), value):
        raise PermissionDenied("csrf: the form token does not belong to this browser")
