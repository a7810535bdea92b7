"""Five wrong passwords in a row lock an account for 15 minutes, counted in the ledger; the
answer is the same for an unknown address, a wrong password and a locked account."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.accounts.conftest import CAST, PASSWORD, sign_in
from vernly.engine.accounts.users import LOCK_AFTER, WRONG, Users


def test_the_account_waits_after_five_wrong_passwords(app_client: TestClient, users: Users,
                                                      cast: dict[str, int]) -> None:
    kari = CAST["dpo"]
    for _ in range(LOCK_AFTER):
        wrong = sign_in(app_client, kari, "not the password at all")
        assert wrong.status_code == 401 and f"Not signed in: {WRONG}." in wrong.text
    locked = sign_in(app_client, kari, PASSWORD)
    assert locked.status_code == 401 and f"Not signed in: {WRONG}." in locked.text
    assert users.get(cast["dpo"]).locked_until is not None

    # Another replica (another service on the same ledger) sees the same lock.
    replica = Users(users.ledger, users.now, users.hasher)
    assert replica.locked(cast["dpo"])

    later = users.now() + timedelta(minutes=16)
    app_client.app.state.users = Users(users.ledger, lambda: later, users.hasher)  # type: ignore[attr-defined]
    assert sign_in(app_client, kari, PASSWORD).status_code == 303


def test_an_unknown_address_gets_the_same_answer(app_client: TestClient,
                                                 cast: dict[str, int]) -> None:
    unknown = sign_in(app_client, "nobody@example.no", PASSWORD)
    wrong = sign_in(app_client, CAST["viewer"], "not the password at all")
    assert unknown.status_code == wrong.status_code == 401
    assert f"Not signed in: {WRONG}." in unknown.text and f"Not signed in: {WRONG}." in wrong.text


def test_a_right_password_resets_the_count(app_client: TestClient, users: Users,
                                           cast: dict[str, int]) -> None:
    for _ in range(LOCK_AFTER - 1):
        sign_in(app_client, CAST["engineer"], "not the password at all")
    assert sign_in(app_client, CAST["engineer"], PASSWORD).status_code == 303
    app_client.cookies.clear()
    sign_in(app_client, CAST["engineer"], "not the password at all")
    assert not users.locked(cast["engineer"])


def test_enabling_a_user_lifts_a_lock(app_client: TestClient, users: Users,
                                      cast: dict[str, int]) -> None:
    for _ in range(LOCK_AFTER):
        sign_in(app_client, CAST["viewer"], "not the password at all")
    assert users.locked(cast["viewer"])
    users.disable(CAST["viewer"], actor="user:" + CAST["dpo"])
    users.enable(CAST["viewer"], actor="user:" + CAST["dpo"])
    assert not users.locked(cast["viewer"])

