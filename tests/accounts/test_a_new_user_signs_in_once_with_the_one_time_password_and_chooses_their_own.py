"""`user add` gives a one-time password: it opens only the page to choose a password, and
after that it no longer works."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.accounts.conftest import HTML, PASSWORD, choose_password, csrf_of, sign_in
from vernly.engine.accounts.users import Users


def test_the_one_time_password_leads_only_to_choosing_a_password(
        app_client: TestClient, users: Users) -> None:
    _, one_time = users.add("Kari.Nordmann@Example.no", "dpo", actor="operator:root")
    response = sign_in(app_client, "kari.nordmann@example.no", one_time)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login/new-password?next=/console"
    assert app_client.get("/console", headers=HTML, follow_redirects=False).status_code == 303
    assert app_client.get("/api/v1/operators/me").status_code == 401

    chosen = choose_password(app_client)
    assert chosen.status_code == 303 and chosen.headers["location"] == "/console"
    assert app_client.get("/api/v1/operators/me").json()["name"] == "kari.nordmann@example.no"

    app_client.cookies.clear()
    assert sign_in(app_client, "kari.nordmann@example.no", one_time).status_code == 401
    assert sign_in(app_client, "kari.nordmann@example.no", PASSWORD).status_code == 303


def test_the_new_password_must_follow_the_rules_and_be_typed_twice(
        app_client: TestClient, users: Users) -> None:
    _, one_time = users.add("ola.hansen@example.no", "engineer", actor="operator:root")
    sign_in(app_client, "ola.hansen@example.no", one_time)
    assert "at least 12 characters" in choose_password(app_client, "short").text
    form = app_client.get("/console/login/new-password")
    differ = app_client.post("/console/login/new-password", data={
        "password": PASSWORD, "repeat": PASSWORD + "x", "csrf_token": csrf_of(form.text)})
    assert differ.status_code == 422 and "the two passwords differ" in differ.text
    assert app_client.get("/api/v1/operators/me").status_code == 401
