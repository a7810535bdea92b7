"""A user's TOTP secret is kept encrypted under a key derived from the secret key: the
ledger's copy is not the secret (nor contains it), and signing in with a code still works."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from cryptography.fernet import InvalidToken
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.accounts.conftest import CAST, csrf_of, sign_in
from vernly.engine.accounts.users import Users
from vernly.ledger.at_rest import totp_key
from vernly.settings import Settings


def _stored_secret(users: Users, user_id: int) -> str:
    with users.ledger.session() as session:
        return str(session.execute(text("SELECT totp_secret FROM users WHERE id = :id"),
                                   {"id": user_id}).scalar_one())


def test_the_ledger_holds_a_token_not_the_secret(app_client: TestClient, users: Users,
                                                 cast: dict[str, int],
                                                 settings: Settings) -> None:
    clock = [users.now()]
    app_client.app.state.users = Users(users.ledger, lambda: clock[0],  # type: ignore[attr-defined]
                                       users.hasher)
    sign_in(app_client, CAST["viewer"])
    account = app_client.get("/console/account")
    page = app_client.post("/console/account/totp", data={"csrf_token": csrf_of(account.text)})
    found = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page.text)
    assert found
    secret = found.group(1)

    stored = _stored_secret(users, cast["viewer"])
    assert stored != secret and secret not in stored
    assert totp_key(settings.secret_key).decrypt(stored.encode()).decode() == secret
    with pytest.raises(InvalidToken):
        totp_key("another-key-altogether").decrypt(stored.encode())

    code = pyotp.TOTP(secret)
    account = app_client.get("/console/account")
    confirmed = app_client.post("/console/account/totp/confirm", data={
        "code": code.at(clock[0]), "csrf_token": csrf_of(account.text)}, follow_redirects=False)
    assert confirmed.status_code == 303

    clock[0] += timedelta(seconds=60)
    app_client.cookies.clear()
    assert sign_in(app_client, CAST["viewer"]).headers["location"].startswith(
        "/console/login/totp")
    form = app_client.get("/console/login/totp")
    signed_in = app_client.post("/console/login/totp", data={
        "code": code.at(clock[0]), "csrf_token": csrf_of(form.text)}, follow_redirects=False)
    assert signed_in.status_code == 303
    assert app_client.get("/api/v1/operators/me").json()["name"] == CAST["viewer"]
