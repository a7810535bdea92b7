"""Session fixation: an id a browser held before signing in (planted by someone else, or its
own from a half-finished sign-in) does not carry the signed-in session."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.accounts.conftest import CAST, choose_password, sign_in
from vernly.engine.accounts.users import Users
from vernly.web.auth import SESSION_COOKIE


def test_a_planted_session_id_is_not_signed_in_afterwards(app_client: TestClient,
                                                         cast: dict[str, int]) -> None:
    app_client.cookies.set(SESSION_COOKIE, "planted-by-mallory")
    response = sign_in(app_client, CAST["dpo"])
    fresh = response.cookies.get(SESSION_COOKIE)
    assert fresh and fresh != "planted-by-mallory"
    attacker = TestClient(app_client.app)
    attacker.cookies.set(SESSION_COOKIE, "planted-by-mallory")
    assert attacker.get("/api/v1/operators/me").status_code == 401
    app_client.cookies.set(SESSION_COOKIE, fresh)
    assert app_client.get("/api/v1/operators/me").status_code == 200


def test_each_sign_in_step_gives_a_new_id_and_ends_the_old_one(app_client: TestClient,
                                                              users: Users) -> None:
    _, one_time = users.add(CAST["viewer"], "viewer", actor="operator:root")
    halfway = sign_in(app_client, CAST["viewer"], one_time).cookies.get(SESSION_COOKIE)
    assert halfway
    done = choose_password(app_client).cookies.get(SESSION_COOKIE)
    assert done and done != halfway
    other = TestClient(app_client.app)
    other.cookies.set(SESSION_COOKIE, halfway)
    assert other.get("/api/v1/operators/me").status_code == 401
    other.cookies.set(SESSION_COOKIE, done)
    assert other.get("/api/v1/operators/me").status_code == 200


def test_signing_in_again_ends_the_browser_s_previous_session(app_client: TestClient,
                                                             cast: dict[str, int]) -> None:
    first = sign_in(app_client, CAST["engineer"]).cookies.get(SESSION_COOKIE)
    second = sign_in(app_client, CAST["engineer"]).cookies.get(SESSION_COOKIE)
    assert first and second and first != second
    other = TestClient(app_client.app)
    other.cookies.set(SESSION_COOKIE, first)
    assert other.get("/api/v1/operators/me").status_code == 401
