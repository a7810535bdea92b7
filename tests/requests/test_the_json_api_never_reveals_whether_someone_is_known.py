"""The requests API: the person's side answers alike for known and unknown people and
releases data only after the e-mailed code; the operator's side needs a token and a role."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.connectors.cast import KARI_EMAIL, NOW
from tests.requests.desk import Desk
from tests.support.mailbox import Mailbox
from vernly.engine.operators import Operators
from vernly.web.app import create_app

STRANGER = "ukjent.person@example.no"


@pytest.fixture
def client(sqlite_cast_desk: Desk) -> Iterator[TestClient]:
    desk = sqlite_cast_desk.at(NOW)
    with TestClient(create_app(desk.settings)) as client:
        yield client


def _token(desk: Desk, role: str) -> dict[str, str]:
    operators = Operators(desk.ledger, desk.settings.now)
    _, token = operators.create(f"Ingrid Berg ({role})", role, actor="test")
    return {"Authorization": f"Bearer {token}"}


def _code(mailbox: Mailbox, to: str) -> str:
    payload = mailbox.to(to)[-1].get_payload(decode=True)
    assert isinstance(payload, bytes)
    found = re.search(r"^\s+(\d{6})\s*$", payload.decode(), re.M)
    assert found
    return found.group(1)


def _shape(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k not in ("id", "status_token")}


def test_submitting_answers_the_same_for_a_known_and_an_unknown_email(
        client: TestClient, mailbox: Mailbox) -> None:
    known = client.post("/api/v1/requests", json={"kind": "access", "email": KARI_EMAIL})
    unknown = client.post("/api/v1/requests", json={"kind": "access", "email": STRANGER})
    assert known.status_code == unknown.status_code == 202
    assert _shape(known.json()) == _shape(unknown.json())
    assert known.json()["state"] == "received"
    assert len(mailbox.to(KARI_EMAIL)) == len(mailbox.to(STRANGER)) == 1
    status = client.get(f"/api/v1/requests/status/{known.json()['status_token']}")
    assert status.status_code == 200 and KARI_EMAIL not in status.text


def test_the_package_is_released_only_after_the_code(client: TestClient,
                                                    mailbox: Mailbox) -> None:
    token = client.post("/api/v1/requests", json={"kind": "access",
                                                  "email": KARI_EMAIL}).json()["status_token"]
    assert client.get(f"/api/v1/requests/status/{token}/package").status_code == 404
    wrong = client.post(f"/api/v1/requests/status/{token}/verify", json={"code": "12345x"})
    assert wrong.status_code == 422 and "attempt(s) left" in wrong.json()["detail"]
    done = client.post(f"/api/v1/requests/status/{token}/verify",
                       json={"code": _code(mailbox, KARI_EMAIL)})
    assert done.status_code == 200, done.text
    assert done.json()["package"] is True
    package = client.get(f"/api/v1/requests/status/{token}/package")
    assert package.status_code == 200
    data = json.loads(zipfile.ZipFile(io.BytesIO(package.content)).read("data.json"))
    emails = {r["fields"]["email"]["value"]
              for r in data["systems"]["webshop"]["tables"]["customers"]["records"]}
    assert emails == {KARI_EMAIL}


def test_an_unknown_status_token_is_a_plain_404(client: TestClient) -> None:
    answer = client.get("/api/v1/requests/status/not-a-token")
    assert answer.status_code == 404
    assert answer.json()["detail"] == "no request with this status link"


def test_operator_endpoints_need_a_token_and_a_role(client: TestClient, sqlite_cast_desk: Desk,
                                                   mailbox: Mailbox) -> None:
    assert client.get("/api/v1/requests").status_code == 401
    viewer, dpo = _token(sqlite_cast_desk, "viewer"), _token(sqlite_cast_desk, "dpo")
    assert client.get("/api/v1/requests", headers=viewer).status_code == 200
    body = {"kind": "erasure", "email": KARI_EMAIL}
    assert client.post("/api/v1/requests/verified", json=body, headers=viewer).status_code == 403
    erased = client.post("/api/v1/requests/verified", json=body, headers=dpo)
    assert erased.status_code == 201, erased.text
    view = erased.json()
    assert view["verified_by"].startswith("operator:")
    assert view["result"]["systems"]["webshop"]["kept"] > 0
    listed = client.get("/api/v1/requests", headers=viewer).json()
    assert [r["id"] for r in listed] == [view["id"]]


def test_bad_input_is_a_one_line_4xx(client: TestClient, sqlite_cast_desk: Desk) -> None:
    bad_email = client.post("/api/v1/requests", json={"kind": "access", "email": "kari@"})
    assert bad_email.status_code == 422 and "email" in bad_email.json()["detail"]
    bad_kind = client.post("/api/v1/requests", json={"kind": "delete", "email": KARI_EMAIL})
    assert bad_kind.status_code == 422 and "unknown request kind" in bad_kind.json()["detail"]
    dpo = _token(sqlite_cast_desk, "dpo")
    assert client.get("/api/v1/requests/dsr-000000000000", headers=dpo).status_code == 404
    bad_field = client.post("/api/v1/requests/verified", headers=dpo, json={
        "kind": "rectification", "email": KARI_EMAIL, "details": {"changes": {"shoe": "42"}}})
    assert bad_field.status_code == 422 and "'shoe'" in bad_field.json()["detail"]
