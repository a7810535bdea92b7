"""The inputs the attack probe found answering 500, or accepted when they should not be,
now get a one-line 4xx in the API's one error shape: unknown enum values, non-finite
numbers, huge bodies and strings, a notice version the policy does not have, an IP address
that is not one, and a 405 whose `Allow` names every method of the path."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.consent.support import Mailbox
from tests.security.pages import sign_in

KARI = "kari.nordmann@example.no"


def _one_line_error(response: object, status: int, *words: str) -> None:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error", "detail"} and "\n" not in body["detail"], body
    assert all(word in body["detail"] for word in words), body


def test_an_unknown_state_is_a_422_in_the_api_and_the_console(client: TestClient,
                                                              dpo_token: str) -> None:
    bearer = {"Authorization": f"Bearer {dpo_token}"}
    _one_line_error(client.get("/api/v1/requests?state=null", headers=bearer), 422, "state")
    _one_line_error(client.get("/api/v1/requests?kind=delete", headers=bearer), 422, "kind")
    sign_in(client, dpo_token)
    page = client.get("/console/requests?state=bogus")
    assert page.status_code == 422 and "state: &#39;bogus&#39; is not one of" in page.text


def test_non_finite_numbers_are_refused_without_a_sign_in(client: TestClient) -> None:
    for raw in ('{"decisions": {"statistics": NaN}}', '{"decisions": 1e400}',
                '{"decisions": {"statistics": true}, "method": Infinity}'):
        answer = client.post("/api/v1/consent", content=raw.encode(),
                             headers={"Content-Type": "application/json"})
        _one_line_error(answer, 422, "decisions" if "NaN" in raw or "e400" in raw else "method")
    details = client.post("/api/v1/requests", content=json.dumps(
        {"kind": "access", "email": KARI, "details": {"x": float("nan")}}).encode(),
        headers={"Content-Type": "application/json"})
    _one_line_error(details, 422, "details", "finite")


def test_a_body_over_the_limit_is_a_413_and_long_strings_a_422(client: TestClient) -> None:
    huge = {"kind": "access", "email": KARI, "details": {"message": "x" * 10_000_000}}
    _one_line_error(client.post("/api/v1/requests", json=huge), 413)
    big = {"kind": "access", "email": KARI, "details": {"message": "x" * 20_000}}
    _one_line_error(client.post("/api/v1/requests", json=big), 422, "details")
    long_email = {"kind": "access", "email": "k" * 300 + "@example.no"}
    _one_line_error(client.post("/api/v1/requests", json=long_email), 422, "email")
    form = client.post("/personvern/rettigheter/innsyn", data={"email": "x" * 300_000})
    assert form.status_code == 413


def test_only_the_policys_notice_version_is_accepted(client: TestClient) -> None:
    choice = {"decisions": {"statistics": True}}
    _one_line_error(client.post("/api/v1/consent", json={**choice, "notice_version": "1999"}),
                    422, "notice_version")
    _one_line_error(client.post("/api/v1/consent", json={**choice, "notice_version": "v" * 41}),
                    422, "notice_version")
    assert client.post("/api/v1/consent",
                       json={**choice, "notice_version": "2019-09-12"}).status_code == 201


def test_an_ip_address_is_checked_when_the_request_is_made(client: TestClient,
                                                           mailbox: Mailbox) -> None:
    bad = {"kind": "access", "email": KARI, "details": {"ip_address": "10.0.0.999"}}
    _one_line_error(client.post("/api/v1/requests", json=bad), 422, "ip_address")
    good = {"kind": "access", "email": KARI, "details": {"ip_address": "2001:db8::7"}}
    assert client.post("/api/v1/requests", json=good).status_code == 202


def test_a_wrong_method_lists_every_method_of_the_path(client: TestClient) -> None:
    answer = client.put("/api/v1/operators")
    assert answer.status_code == 405 and answer.headers["allow"] == "GET, POST"
    _one_line_error(answer, 405)
    # /consent/verified is its own path, even though /consent/{record_id} matches it too.
    assert client.put("/api/v1/consent/verified").headers["allow"] == "POST"
