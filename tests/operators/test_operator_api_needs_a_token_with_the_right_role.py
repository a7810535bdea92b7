"""The operator API answers 401 without credentials, 403 for the wrong role, 200 otherwise."""

from __future__ import annotations

from fastapi.testclient import TestClient


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_no_token_is_401_with_a_bearer_challenge(client: TestClient) -> None:
    response = client.get("/api/v1/operators/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="vernly"'
    assert response.json() == {"error": "NotAuthenticated", "detail": "sign in: send "
                               "'Authorization: Bearer <token>' or use the console"}


def test_a_wrong_or_malformed_token_is_401(client: TestClient, tokens: dict[str, str]) -> None:
    wrong = tokens["dpo"][:-3] + ("abc" if not tokens["dpo"].endswith("abc") else "xyz")
    assert client.get("/api/v1/operators/me", headers=_bearer(wrong)).status_code == 401
    basic = client.get("/api/v1/operators/me", headers={"Authorization": "Basic a2FyaQ=="})
    assert basic.status_code == 401
    assert basic.json()["detail"] == "the Authorization header must be 'Bearer <token>'"


def test_the_wrong_role_is_403(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.get("/api/v1/operators", headers=_bearer(tokens["viewer"]))
    assert response.status_code == 403
    assert response.json() == {"error": "PermissionDenied",
                               "detail": "role 'viewer' may not do this; it needs dpo"}


def test_the_right_token_is_200(client: TestClient, tokens: dict[str, str]) -> None:
    me = client.get("/api/v1/operators/me", headers=_bearer(tokens["viewer"]))
    assert me.status_code == 200 and me.json()["name"] == "nora"
    listed = client.get("/api/v1/operators", headers=_bearer(tokens["dpo"]))
    assert listed.status_code == 200
    assert [(o["name"], o["role"]) for o in listed.json()] == [
        ("kari", "dpo"), ("ola", "engineer"), ("nora", "viewer")]
    assert "token" not in listed.text and "argon2" not in listed.text


def test_the_dpo_creates_an_operator_and_sees_its_token_once(client: TestClient,
                                                            tokens: dict[str, str]) -> None:
    created = client.post("/api/v1/operators", json={"name": "per", "role": "engineer"},
                          headers=_bearer(tokens["dpo"]))
    assert created.status_code == 201
    token = created.json()["token"]
    assert client.get("/api/v1/operators/me", headers=_bearer(token)).json()["name"] == "per"
    listed = client.get("/api/v1/operators", headers=_bearer(tokens["dpo"])).text
    assert token not in listed


def test_a_disabled_operator_is_shut_out(client: TestClient, tokens: dict[str, str]) -> None:
    assert client.post("/api/v1/operators/ola/disable",
                       headers=_bearer(tokens["dpo"])).status_code == 200
    response = client.get("/api/v1/operators/me", headers=_bearer(tokens["engineer"]))
    assert response.status_code == 401
    assert response.json()["detail"] == "this operator is disabled"
