"""Sessions end at sign-out, everywhere at once on request, when the user is disabled or
gets a new password, and by themselves after the idle time."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.accounts.conftest import CAST, csrf_of, sign_in
from vernly.engine.accounts import sessions
from vernly.engine.accounts.users import Users
from vernly.ledger.users import ConsoleSession
from vernly.web.auth import SESSION_COOKIE


def _browsers(client: TestClient, email: str, count: int) -> list[TestClient]:
    found = []
    for _ in range(count):
        browser = TestClient(client.app)
        sign_in(browser, email)
        assert browser.get("/api/v1/operators/me").status_code == 200
        found.append(browser)
    return found


def test_sign_out_everywhere_ends_every_browser(app_client: TestClient,
                                                cast: dict[str, int]) -> None:
    laptop, phone = _browsers(app_client, CAST["dpo"], 2)
    (colleague,) = _browsers(app_client, CAST["engineer"], 1)
    page = laptop.get("/console/account")
    laptop.post("/console/account/sign-out-everywhere", data={"csrf_token": csrf_of(page.text)})
    assert laptop.get("/api/v1/operators/me").status_code == 401
    assert phone.get("/api/v1/operators/me").status_code == 401
    assert colleague.get("/api/v1/operators/me").status_code == 200


def test_disabling_or_resetting_a_user_ends_their_sessions(app_client: TestClient,
                                                          users: Users,
                                                          cast: dict[str, int]) -> None:
    (nora,) = _browsers(app_client, CAST["viewer"], 1)
    users.disable(CAST["viewer"], actor="user:" + CAST["dpo"])
    assert nora.get("/api/v1/operators/me").status_code == 401
    (ola,) = _browsers(app_client, CAST["engineer"], 1)
    users.reset_password(CAST["engineer"], actor="user:" + CAST["dpo"])
    assert ola.get("/api/v1/operators/me").status_code == 401


def test_an_idle_session_ends(app_client: TestClient, cast: dict[str, int]) -> None:
    (per,) = _browsers(app_client, CAST["auditor"], 1)
    raw = per.cookies.get(SESSION_COOKIE)
    assert raw
    ledger = app_client.app.state.ledger  # type: ignore[attr-defined]
    now = app_client.app.state.settings.now()  # type: ignore[attr-defined]
    with ledger.session() as session:
        assert sessions.find(session, raw, now + sessions.IDLE - timedelta(minutes=1))
    with ledger.session() as session:
        assert sessions.find(session, raw, now + sessions.IDLE * 2) is None
    assert per.get("/api/v1/operators/me").status_code == 401


def test_ended_sessions_are_cleared_at_the_next_sign_in(app_client: TestClient,
                                                        cast: dict[str, int]) -> None:
    ledger = app_client.app.state.ledger  # type: ignore[attr-defined]
    now = app_client.app.state.settings.now()  # type: ignore[attr-defined]
    with ledger.session() as session:
        sessions.start(session, now - sessions.LIFETIME * 2, stage=sessions.ACTIVE,
                       user_id=cast["viewer"])
    with ledger.session() as session:
        sessions.start(session, now, stage=sessions.ACTIVE, user_id=cast["dpo"])
        left = session.scalars(select(ConsoleSession.user_id)).all()
    assert left == [cast["dpo"]]
