"""The second factor: set up from the account page with a server-drawn QR code, asked for
after the password, each code accepted once; a half-finished set-up changes nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
from fastapi.testclient import TestClient

from tests.accounts.conftest import CAST, csrf_of, sign_in
from vernly.engine.accounts.users import Users


def _enrol(client: TestClient) -> str:
    account = client.get("/console/account")
    page = client.post("/console/account/totp", data={"csrf_token": csrf_of(account.text)})
    assert page.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page.text and "<script" not in page.text
    found = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page.text)
    assert found
    return found.group(1)


def _code_step(client: TestClient, code: str) -> int:
    form = client.get("/console/login/totp")
    return client.post("/console/login/totp", data={
        "code": code, "csrf_token": csrf_of(form.text)}, follow_redirects=False).status_code


def test_sign_in_asks_for_the_code_once_the_factor_is_on(app_client: TestClient, users: Users,
                                                        cast: dict[str, int]) -> None:
    clock = [users.now()]
    app_client.app.state.users = Users(users.ledger, lambda: clock[0],  # type: ignore[attr-defined]
                                       users.hasher)
    sign_in(app_client, CAST["dpo"])
    totp = pyotp.TOTP(_enrol(app_client))
    account = app_client.get("/console/account")
    confirmed = app_client.post("/console/account/totp/confirm", data={
        "code": totp.at(clock[0]), "csrf_token": csrf_of(account.text)}, follow_redirects=False)
    assert confirmed.status_code == 303 and users.get(cast["dpo"]).totp_enabled

    clock[0] += timedelta(seconds=90)
    app_client.cookies.clear()
    step = sign_in(app_client, CAST["dpo"])
    assert step.headers["location"] == "/console/login/totp?next=/console"
    assert app_client.get("/api/v1/operators/me").status_code == 401
    wrong = "000000" if totp.at(clock[0]) != "000000" else "111111"
    assert _code_step(app_client, wrong) == 401
    assert _code_step(app_client, totp.at(clock[0])) == 303
    assert app_client.get("/api/v1/operators/me").json()["name"] == CAST["dpo"]

    # The same code a second time (a replay) is refused; the next one works.
    app_client.cookies.clear()
    sign_in(app_client, CAST["dpo"])
    assert _code_step(app_client, totp.at(clock[0])) == 401
    clock[0] += timedelta(seconds=30)
    assert _code_step(app_client, totp.at(clock[0])) == 303


def test_an_unconfirmed_set_up_leaves_sign_in_as_it_was(app_client: TestClient, users: Users,
                                                       cast: dict[str, int]) -> None:
    sign_in(app_client, CAST["engineer"])
    _enrol(app_client)
    assert not users.get(cast["engineer"]).totp_enabled
    app_client.cookies.clear()
    assert sign_in(app_client, CAST["engineer"]).headers["location"] == "/console"


def test_the_code_page_without_a_password_first_sends_you_to_sign_in(
        app_client: TestClient) -> None:
    response = app_client.get("/console/login/totp", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith(
        "/console/login?")
