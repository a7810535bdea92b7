"""A small real OpenID Connect provider for tests, served on loopback by `serving()`.

Discovery, authorize (the authorization code flow with PKCE S256), token (client_secret_basic
or client_secret_post) and JWKS, with id_tokens signed RS256 by joserfc. It signs in whoever
`provider.person` is, without asking: the tests decide who that is. Knobs let a test make it
misbehave the ways a real provider or an attacker could (another audience, another nonce, a
key that is not in the JWKS).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

CLIENT_ID = "vernly-console"
CLIENT_SECRET = "test-client-secret-for-the-console"


@dataclass
class Person:
    """Who the provider says signed in."""

    sub: str
    email: str
    email_verified: bool = True


@dataclass
class Provider:
    """The provider's state; `issuer` is set once it is served."""

    issuer: str = ""
    person: Person = field(default_factory=lambda: Person("kari-0001", "kari@example.no"))
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(
        2048, parameters={"kid": "signing-1"}))
    audience: str | None = None
    """Send this `aud` instead of the client id (a token meant for another client)."""
    nonce: str | None = None
    """Send this nonce instead of the one asked for (a replayed token)."""
    rogue_key: bool = False
    """Sign with a key the JWKS does not hold (a forged token)."""
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/.well-known/openid-configuration", self.discovery),
            Route("/authorize", self.authorize),
            Route("/token", self.token, methods=["POST"]),
            Route("/jwks", self.jwks),
        ])

    async def discovery(self, request: Request) -> Response:
        return JSONResponse({
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic",
                                                      "client_secret_post"],
        })

    async def authorize(self, request: Request) -> Response:
        q = request.query_params
        if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code" or (
                q.get("code_challenge_method") != "S256" or "openid" not in q.get("scope", "")):
            return JSONResponse({"error": "invalid_request"}, status_code=400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"redirect_uri": q["redirect_uri"], "nonce": q.get("nonce"),
                            "challenge": q["code_challenge"], "person": self.person}
        back = urlencode({"code": code, "state": q.get("state", "")})
        return RedirectResponse(f"{q['redirect_uri']}?{back}", status_code=302)

    async def token(self, request: Request) -> Response:
        form = await request.form()
        client_id, secret = str(form.get("client_id", "")), str(form.get("client_secret", ""))
        basic = request.headers.get("authorization", "")
        if basic.lower().startswith("basic "):
            client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
        if client_id != CLIENT_ID or secret != CLIENT_SECRET:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = self.codes.pop(str(form.get("code", "")), None)
        verifier = str(form.get("code_verifier", ""))
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()
                                             ).rstrip(b"=").decode()
        if grant is None or grant["redirect_uri"] != form.get("redirect_uri") or (
                challenge != grant["challenge"]):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        person: Person = grant["person"]
        now = int(time.time())
        claims = {"iss": self.issuer, "sub": person.sub, "aud": self.audience or CLIENT_ID,
                  "iat": now, "exp": now + 300, "nonce": self.nonce or grant["nonce"],
                  "email": person.email, "email_verified": person.email_verified}
        key = RSAKey.generate_key(2048, parameters={"kid": "signing-1"}) if self.rogue_key \
            else self.key
        id_token = jwt.encode({"alg": "RS256", "kid": "signing-1"}, claims, key)
        return JSONResponse({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                             "expires_in": 300, "id_token": id_token})

    async def jwks(self, request: Request) -> Response:
        return JSONResponse(KeySet([self.key]).as_dict(private=False))
