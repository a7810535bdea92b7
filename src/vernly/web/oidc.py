"""OpenID Connect sign-in for companies with an identity provider (Authlib and joserfc).

Configured by the environment (`VERNLY_OIDC_ISSUER`, `VERNLY_OIDC_CLIENT_ID`,
`VERNLY_OIDC_CLIENT_SECRET`, and `VERNLY_OIDC_NAME` for the button). The authorization code
flow with PKCE: the state, nonce and code verifier wait in a signed cookie that lasts ten
minutes; the id_token's signature is checked against the provider's JWKS and its claims
(issuer, audience, expiry, nonce) by Authlib's `CodeIDToken`. The provider only says who the
person is: a DPO must have added them as a user (`engine.accounts.users.Users.for_oidc`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from vernly.engine.operators import NotAuthenticated
from vernly.errors import ConfigurationError, NotFound
from vernly.settings import Settings

router = APIRouter(prefix="/console/login/oidc", include_in_schema=False)
FLOW_COOKIE = "vernly_oidc"
FLOW_MAX_AGE = 600
CALLBACK_PATH = "/console/login/oidc/callback"
_TIMEOUT = 10.0


@dataclass(frozen=True)
class OidcConfig:
    """Where the identity provider is and who vernly is to it."""

    issuer: str
    client_id: str
    client_secret: str
    name: str
    """What the sign-in button calls the provider."""


def oidc_config(settings: Settings) -> OidcConfig | None:
    """The provider from the environment, or None when OIDC sign-in is not set up."""
    env = settings.env
    issuer = env.get("VERNLY_OIDC_ISSUER", "").rstrip("/")
    if not issuer:
        return None
    client_id, secret = env.get("VERNLY_OIDC_CLIENT_ID", ""), env.get(
        "VERNLY_OIDC_CLIENT_SECRET", "")
    if not client_id or not secret:
        raise ConfigurationError("VERNLY_OIDC_ISSUER is set: set VERNLY_OIDC_CLIENT_ID and "
                                 "VERNLY_OIDC_CLIENT_SECRET too")
    if urlsplit(issuer).scheme not in ("https", "http"):
        raise ConfigurationError("VERNLY_OIDC_ISSUER must be an https:// URL")
    return OidcConfig(issuer=issuer, client_id=client_id, client_secret=secret,
                      name=env.get("VERNLY_OIDC_NAME", "your organisation's sign-in"))


def _metadata(config: OidcConfig) -> dict[str, Any]:
    import httpx

    try:
        found = httpx.get(f"{config.issuer}/.well-known/openid-configuration", timeout=_TIMEOUT)
        found.raise_for_status()
        metadata: dict[str, Any] = found.json()
    except (httpx.HTTPError, ValueError):
        raise NotAuthenticated("the identity provider did not answer; try again") from None
    if metadata.get("issuer", "").rstrip("/") != config.issuer:
        raise NotAuthenticated("the identity provider's discovery names another issuer")
    return metadata


def _client(config: OidcConfig, redirect_uri: str) -> Any:
    from authlib.integrations.httpx_client import OAuth2Client

    return OAuth2Client(client_id=config.client_id, client_secret=config.client_secret,
                        scope="openid email", redirect_uri=redirect_uri,
                        code_challenge_method="S256", timeout=_TIMEOUT)


def _signer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.settings.secret_key, salt="vernly-oidc")


def _required(request: Request) -> OidcConfig:
    config = oidc_config(request.app.state.settings)
    if config is None:
        raise NotFound("sign-in with an identity provider is not set up here")
    return config


@router.get("", response_model=None)
def start(request: Request, next: str | None = None) -> Response:
    """Send the browser to the identity provider, with state, nonce and a PKCE challenge."""
    from authlib.common.security import generate_token

    from vernly.web.console_signin import safe_next

    config = _required(request)
    metadata = _metadata(config)
    verifier, nonce = generate_token(48), secrets.token_urlsafe(24)
    client = _client(config, str(request.url_for("oidc_callback")))
    url, state = client.create_authorization_url(metadata["authorization_endpoint"],
                                                 nonce=nonce, code_verifier=verifier)
    response = RedirectResponse(url, status_code=303)
    flow = {"state": state, "nonce": nonce, "verifier": verifier, "next": safe_next(next)}
    response.set_cookie(FLOW_COOKIE, _signer(request).dumps(flow), max_age=FLOW_MAX_AGE,
                        httponly=True, samesite="lax", path="/console/login/oidc",
                        secure=request.url.scheme == "https")
    return response


def _claims(config: OidcConfig, metadata: dict[str, Any], token: dict[str, Any],
            nonce: str) -> Any:
    import httpx
    from authlib.oidc.core import CodeIDToken
    from joserfc import jwt
    from joserfc.errors import JoseError
    from joserfc.jwk import KeySet
    from joserfc.jws import JWSRegistry

    if "id_token" not in token:
        raise NotAuthenticated("the identity provider sent no id_token")
    try:
        keys = httpx.get(metadata["jwks_uri"], timeout=_TIMEOUT)
        keys.raise_for_status()
        decoded = jwt.decode(token["id_token"], KeySet.import_key_set(keys.json()),
                             registry=JWSRegistry(algorithms=["RS256"]))
        claims = CodeIDToken(decoded.claims, decoded.header,
                             {"iss": {"values": [config.issuer]}},
                             {"nonce": nonce, "client_id": config.client_id,
                              "access_token": token.get("access_token")})
        claims.validate(leeway=60)
    except (httpx.HTTPError, JoseError, ValueError, KeyError):
        raise NotAuthenticated("the identity provider's answer did not check out") from None
    return claims


@router.get("/callback", name="oidc_callback", response_model=None)
def callback(request: Request, code: str = "", state: str = "", error: str = "") -> Response:
    """Back from the provider: check everything, then sign the user in."""
    from vernly.web.console_signin import failed_page, finish

    _required(request)
    try:
        user_id, next = _signed_in_user(request, code, state, error)
    except NotAuthenticated as exc:
        return failed_page(request, f"Not signed in: {exc}.")
    response = finish(request, user_id, "oidc", next)
    response.delete_cookie(FLOW_COOKIE, path="/console/login/oidc")
    return response


def _signed_in_user(request: Request, code: str, state: str, error: str) -> tuple[int, str]:
    from authlib.integrations.base_client.errors import OAuthError

    from vernly.web.auth import users

    config = _required(request)
    try:
        flow = _signer(request).loads(request.cookies.get(FLOW_COOKIE, ""),
                                      max_age=FLOW_MAX_AGE)
    except BadSignature:
        raise NotAuthenticated("the sign-in took too long or came from elsewhere; start "
                               "again") from None
    if error or not code or not secrets.compare_digest(str(flow.get("state", "")), state):
        raise NotAuthenticated("the identity provider did not sign you in; start again")
    metadata = _metadata(config)
    client = _client(config, str(request.url_for("oidc_callback")))
    try:
        token = client.fetch_token(metadata["token_endpoint"], code=code,
                                   code_verifier=flow["verifier"])
    except (OAuthError, ValueError, KeyError):
        raise NotAuthenticated("the identity provider refused the sign-in code") from None
    claims = _claims(config, metadata, dict(token), str(flow["nonce"]))
    user = users(request).for_oidc(str(claims["sub"]), claims.get("email"),
                                   claims.get("email_verified") is True)
    # The provider's own policy decides its second factor; vernly's TOTP is for passwords.
    return user.id, str(flow.get("next", "/console"))
