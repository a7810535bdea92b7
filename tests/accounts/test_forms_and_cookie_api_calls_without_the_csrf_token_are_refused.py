"""CSRF: every console form checks its token; an API call that changes something with the
session cookie must send the page's token in `X-CSRF-Token`; bearer tokens need none."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.accounts.conftest import CAST, HTML, csrf_of, sign_in


def test_console_forms_refuse_a_missing_or_foreign_token(app_client: TestClient,
                                                        cast: dict[str, int]) -> None:
    sign_in(app_client, CAST["dpo"])
    other = TestClient(app_client.app)
    foreign = csrf_of(other.get("/console/login").text)
    for path, data in (("/console/users", {"email": "eve@example.no", "role": "dpo"}),
                       ("/console/account/sign-out-everywhere", {}),
                       (f"/console/users/{cast['viewer']}/disable", {}),
                       ("/console/logout", {})):
        for token in ("", foreign, "forged.token.value"):
            response = app_client.post(path, data={**data, "csrf_token": token},
                                       follow_redirects=False)
            assert response.status_code == 403, (path, token)
            assert "csrf" in response.text
    assert app_client.get("/console", headers=HTML).status_code == 200
    assert "eve@example.no" not in app_client.get("/console/users").text


def test_the_login_form_refuses_a_missing_token(app_client: TestClient,
                                                cast: dict[str, int]) -> None:
    app_client.get("/console/login")
    response = app_client.post("/console/login", data={"email": CAST["dpo"],
                                                       "password": "x"})
    assert response.status_code == 403


def test_an_api_call_with_the_cookie_needs_the_header(app_client: TestClient,
                                                      cast: dict[str, int]) -> None:
    sign_in(app_client, CAST["dpo"])
    body = {"name": "ci-bot", "role": "viewer"}
    assert app_client.post("/api/v1/operators", json=body).status_code == 403
    page = app_client.get("/console", headers=HTML)
    made = app_client.post("/api/v1/operators", json=body,
                           headers={"X-CSRF-Token": csrf_of(page.text)})
    assert made.status_code == 201
    assert app_client.get("/api/v1/operators").status_code == 200  # reading needs no token
