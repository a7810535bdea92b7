"""Every way the forms API says no: one clear line, a 4xx, and nothing stored or sent."""

from __future__ import annotations

import pytest

from tests.forms.conftest import SIRI, Site, stored
from tests.support.mailbox import Mailbox
from tests.support.sms_gateway import SmsGateway

SCHOOL = {"full_name": "Jonas Lie", "email": "jonas.lie@elev.example.no",
          "school": "Kuben videregående skole", "consent": True}


@pytest.mark.parametrize(("body", "status", "names"), [
    ({**SIRI, "personnummer": "01017012345"}, 422, ["personnummer"]),
    ({**SIRI, "phone": "12"}, 422, ["phone: not a"]),
    ({**SIRI, "phone": None, "full_name": ""}, 422, ["full_name: required", "phone: required"]),
    ({**SIRI, "host": "ceo"}, 422, ["host: not one of the hosts"]),
    ({**SIRI, "full_name": "S" * 121}, 422, ["full_name: longer than 120"]),
    ({**SIRI, "full_name": ["Siri"]}, 422, ["full_name: expected text"]),
])
def test_the_visitor_form_refuses(site: Site, gateway: SmsGateway, body: dict[str, object],
                                  status: int, names: list[str]) -> None:
    response = site.client.post("/api/v1/forms/visitor", json=body)
    assert response.status_code == status, response.text
    assert all(n in response.json()["detail"] for n in names), response.json()
    assert stored(site.workspace, "visits") == []
    assert gateway.posts == 0


@pytest.mark.parametrize(("change", "names"), [
    ({"consent": False}, ["consent: required"]),
    ({"email": "jonas.lie@"}, ["email: not an e-mail address"]),
])
def test_the_school_visit_form_refuses(site: Site, mailbox: Mailbox, change: dict[str, object],
                                       names: list[str]) -> None:
    response = site.client.post("/api/v1/forms/school_visit", json={**SCHOOL, **change})
    assert response.status_code == 422
    assert all(n in response.json()["detail"] for n in names)
    assert stored(site.workspace, "school_visits") == []
    assert mailbox.messages == []


def test_a_body_that_is_not_a_json_object_is_refused(site: Site) -> None:
    for body in (b"not json", b"[1, 2]"):
        response = site.client.post("/api/v1/forms/contact", content=body,
                                    headers={"Content-Type": "application/json"})
        assert response.status_code == 422
        assert response.json()["detail"].startswith("body:")


def test_an_unknown_form_is_404(site: Site) -> None:
    response = site.client.post("/api/v1/forms/payroll", json={"full_name": "Siri Dahl"})
    assert response.status_code == 404
    assert "payroll" in response.json()["detail"]


def test_a_body_over_the_size_limit_is_413(site: Site) -> None:
    response = site.client.post("/api/v1/forms/contact",
                                json={"message": "x" * 40_000, "full_name": "Siri Dahl"})
    assert response.status_code == 413


def test_the_honeypot_stores_nothing_and_sends_nothing(site: Site,
                                                       gateway: SmsGateway) -> None:
    response = site.client.post("/api/v1/forms/visitor", json={**SIRI, "website": "spam.example"})
    assert response.status_code == 201
    assert response.json()["id"] is None
    assert stored(site.workspace, "visits") == []
    assert gateway.posts == 0


def test_a_flood_from_one_client_degrades_to_429_without_losing_or_doubling_records(
        site: Site, gateway: SmsGateway) -> None:
    answers = [site.client.post("/api/v1/forms/visitor",
                                json={**SIRI, "full_name": f"Besøkende {i}"})
               for i in range(14)]
    accepted = [a for a in answers if a.status_code == 201]
    refused = [a for a in answers if a.status_code == 429]
    assert len(accepted) == 10 and len(refused) == 4
    assert all(int(a.headers["Retry-After"]) > 0 for a in refused)
    rows = stored(site.workspace, "visits")
    assert sorted(r["id"] for r in rows) == sorted(a.json()["id"] for a in accepted)
    assert len(gateway.delivered) == 10
