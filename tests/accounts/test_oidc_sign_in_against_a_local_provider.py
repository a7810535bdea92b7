"""OpenID Connect sign-in against a real provider on loopback (discovery, authorize with
PKCE, token, JWKS, RS256 id_token): a user the DPO added signs in; a stranger, a forged or
misdirected token and a tampered state do not."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.accounts.conftest import CAST
from tests.operators.conftest import FAST_HASHER
from tests.support.browser import serving
from tests.support.oidc_provider import CLIENT_ID, CLIENT_SECRET, Person, Provider
from vernly.engine.accounts.users import Users
from vernly.engine.operators import Operators
from vernly.ledger.audit import AuditEntry
from vernly.settings import Settings
from vernly.web.app import create_app
from vernly.web.auth import SESSION_COOKIE


@pytest.fixture
def provider() -> Iterator[Provider]:
    found = Provider()
    with serving(found.app()) as base:
        found.issuer = base
        yield found


@pytest.fixture
def oidc_client(settings: Settings, provider: Provider) -> Iterator[TestClient]:
    env = {**settings.env, "VERNLY_OIDC_ISSUER": provider.issuer,
           "VERNLY_OIDC_CLIENT_ID": CLIENT_ID, "VERNLY_OIDC_CLIENT_SECRET": CLIENT_SECRET,
           "VERNLY_OIDC_NAME": "Intility ID"}
    app = create_app(replace(settings, env=env))
    app.state.operators = Operators(app.state.ledger, settings.now, FAST_HASHER)
    app.state.users = Users(app.state.ledger, settings.now, FAST_HASHER)
    app.state.users.add(CAST["dpo"], "dpo", actor="operator:root")
    with TestClient(app) as client:
        yield client


def _through_provider(client: TestClient, tamper_state: bool = False) -> httpx.Response:
    start = client.get("/console/login/oidc?next=/console/account", follow_redirects=False)
    assert start.status_code == 303
    back = httpx.get(start.headers["location"], follow_redirects=False)
    assert back.status_code == 302
    callback = httpx.URL(back.headers["location"])
    assert callback.path == "/console/login/oidc/callback"
    query = dict(callback.params)
    if tamper_state:
        query["state"] = "someone-else-s-state"
    return client.get(callback.path, params=query, follow_redirects=False)


def test_a_user_the_dpo_added_signs_in_through_the_provider(oidc_client: TestClient,
                                                           provider: Provider) -> None:
    provider.person = Person("kari-0001", CAST["dpo"].upper())
    assert "Sign in with Intility ID" in oidc_client.get("/console/login").text
    done = _through_provider(oidc_client)
    assert done.status_code == 303 and done.headers["location"] == "/console/account"
    me = oidc_client.get("/api/v1/operators/me").json()
    assert (me["name"], me["role"]) == (CAST["dpo"], "dpo")

    # The provider's subject is now bound: a later sign-in is found by it, even if the
    # provider's address for the person changes.
    provider.person = Person("kari-0001", "kari.nordmann@intility.no")
    oidc_client.cookies.delete(SESSION_COOKIE)
    assert _through_provider(oidc_client).status_code == 303
    with oidc_client.app.state.ledger.session() as session:  # type: ignore[attr-defined]
        logins = [(e.actor, e.detail) for e in session.query(AuditEntry)
                  .filter(AuditEntry.action == "user.login")]
    # The log names the user by number: their address is personal data.
    assert logins == [(f"user:{me['id']}", {"via": "oidc"})] * 2


@pytest.mark.parametrize("trouble", ["stranger", "unverified", "audience", "nonce", "rogue_key",
                                     "state"])
def test_nobody_gets_in_on_a_token_that_does_not_check_out(oidc_client: TestClient,
                                                           provider: Provider,
                                                           trouble: str) -> None:
    provider.person = Person("kari-0001", CAST["dpo"])
    if trouble == "stranger":
        provider.person = Person("eve-0666", "eve@example.no")
    elif trouble == "unverified":
        provider.person = Person("kari-0001", CAST["dpo"], email_verified=False)
    elif trouble == "audience":
        provider.audience = "another-client"
    elif trouble == "nonce":
        provider.nonce = "a-nonce-from-another-sign-in"
    elif trouble == "rogue_key":
        provider.rogue_key = True
    refused = _through_provider(oidc_client, tamper_state=trouble == "state")
    assert refused.status_code == 401
    assert "Not signed in:" in refused.text
    assert oidc_client.get("/api/v1/operators/me").status_code == 401
