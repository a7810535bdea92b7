"""The console is closed until an operator signs in with a token; the session lives in the
ledger and the cookie holds only its random id."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from vernly.web.auth import SESSION_COOKIE

HTML = {"Accept": "text/html"}


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def _sign_in(client: TestClient, token: str, next_path: str = "/console") -> object:
    form = client.get("/console/login")
    return client.post("/console/login/token", data={
        "token": token, "csrf_token": _csrf(form.text), "next": next_path},
        follow_redirects=False)


def test_the_console_sends_a_browser_to_the_login_form(client: TestClient) -> None:
    response = client.get("/console", headers=HTML, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/login?next=/console"
    assert client.get("/console").status_code == 401


def test_signing_in_sets_a_session_that_opens_the_console(client: TestClient,
                                                         tokens: dict[str, str]) -> None:
    response = _sign_in(client, tokens["viewer"])
    assert response.status_code == 303 and response.headers["location"] == "/console"  # type: ignore[attr-defined]
    cookie = response.headers["set-cookie"]  # type: ignore[attr-defined]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower() and tokens["viewer"] not in cookie
    page = client.get("/console", headers=HTML)
    assert page.status_code == 200
    assert "nora (viewer)" in page.text and "Intility AS" in page.text
    assert client.get("/api/v1/operators/me").json()["name"] == "nora"


def test_a_wrong_token_shows_the_form_again_with_a_message(client: TestClient,
                                                          tokens: dict[str, str]) -> None:
    response = _sign_in(client, "vly_000000000000_" + "x" * 43)
    assert response.status_code == 401  # type: ignore[attr-defined]
    assert "Not signed in: the token is not valid." in response.text  # type: ignore[attr-defined]
    assert SESSION_COOKIE not in client.cookies


def test_a_forged_session_cookie_is_refused(client: TestClient, tokens: dict[str, str]) -> None:
    client.cookies.set(SESSION_COOKIE, "eyJvcCI6MSwiZnAiOiJ4In0.forged.signature")
    response = client.get("/api/v1/operators/me")
    assert response.status_code == 401
    assert response.json()["detail"] == "the session has ended; sign in again"


def test_signing_out_ends_the_session(client: TestClient, tokens: dict[str, str]) -> None:
    _sign_in(client, tokens["dpo"])
    page = client.get("/console", headers=HTML)
    out = client.post("/console/logout", data={"csrf_token": _csrf(page.text)},
                      follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/console/login"
    assert client.get("/console", headers=HTML, follow_redirects=False).status_code == 303


def test_sign_in_never_redirects_off_the_console(client: TestClient,
                                                tokens: dict[str, str]) -> None:
    for target in ("https://evil.example/", "//evil.example/console", "/personvern"):
        response = _sign_in(client, tokens["dpo"], target)
        assert response.headers["location"] == "/console"  # type: ignore[attr-defined]


def test_a_login_form_without_its_csrf_token_is_refused(client: TestClient,
                                                       tokens: dict[str, str]) -> None:
    client.get("/console/login")
    response = client.post("/console/login/token", data={"token": tokens["dpo"]})
    assert response.status_code == 403
