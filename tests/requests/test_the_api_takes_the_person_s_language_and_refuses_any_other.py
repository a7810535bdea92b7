"""The public requests API takes an optional `language`, nb or en: the code e-mail is then
written in it first; any other value is refused with a 422 that names the field and the
languages it takes, and records nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.connectors.cast import KARI_EMAIL, NOW
from tests.requests.desk import Desk
from tests.support.mailbox import Mailbox
from vernly.engine.requests import service
from vernly.errors import InvalidInput
from vernly.web.app import create_app


@pytest.fixture
def client(sqlite_cast_desk: Desk) -> Iterator[TestClient]:
    desk = sqlite_cast_desk.at(NOW)
    with TestClient(create_app(desk.settings)) as client:
        yield client


def test_english_puts_the_code_email_in_english_first(client: TestClient,
                                                      mailbox: Mailbox) -> None:
    sent = client.post("/api/v1/requests",
                       json={"kind": "access", "email": KARI_EMAIL, "language": "en"})
    assert sent.status_code == 202, sent.text
    [message] = mailbox.to(KARI_EMAIL)
    assert message["Subject"].startswith("One-time code / engangskode: ")


def test_without_a_language_the_policy_s_first_language_leads(client: TestClient,
                                                               mailbox: Mailbox) -> None:
    sent = client.post("/api/v1/requests", json={"kind": "access", "email": KARI_EMAIL})
    assert sent.status_code == 202, sent.text
    [message] = mailbox.to(KARI_EMAIL)
    assert message["Subject"].startswith("Engangskode / one-time code: ")


def test_german_is_refused_with_a_message(client: TestClient, mailbox: Mailbox,
                                          sqlite_cast_desk: Desk) -> None:
    refused = client.post("/api/v1/requests",
                          json={"kind": "access", "email": KARI_EMAIL, "language": "de"})
    assert refused.status_code == 422
    answer = refused.json()
    assert answer["error"] == "InvalidInput"
    assert answer["detail"].startswith("body.language: ")
    assert "'nb'" in answer["detail"] and "'en'" in answer["detail"]
    assert "\n" not in answer["detail"]
    assert mailbox.to(KARI_EMAIL) == []
    assert service.list_requests(*sqlite_cast_desk.args) == []


def test_the_engine_refuses_an_unknown_language_too(sqlite_cast_desk: Desk) -> None:
    with pytest.raises(InvalidInput, match=r"^language: must be one of nb, en$"):
        service.submit(*sqlite_cast_desk.args, "access", KARI_EMAIL, language="de")


def test_the_openapi_document_describes_the_field(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]["SubmitIn"]
    field = schema["properties"]["language"]
    assert "nb" in field["description"] and "en" in field["description"]
    assert {"nb", "en"} <= {v for option in field["anyOf"] for v in option.get("enum", [])}
