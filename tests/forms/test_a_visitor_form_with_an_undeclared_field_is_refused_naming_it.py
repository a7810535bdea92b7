"""Data minimisation by construction: a field the policy does not declare is refused."""

from __future__ import annotations

from tests.forms.conftest import SIRI, Site, stored
from tests.support.sms_gateway import SmsGateway


def test_personnummer_on_the_visitor_form_is_a_422_naming_it_and_nothing_is_kept(
        site: Site, gateway: SmsGateway) -> None:
    response = site.client.post("/api/v1/forms/visitor",
                                json={**SIRI, "personnummer": "01017012345"})
    assert response.status_code == 422
    assert "personnummer" in response.json()["detail"]
    assert "01017012345" not in response.text
    assert stored(site.workspace, "visits") == []
    assert gateway.posts == 0


def test_the_kiosk_page_refuses_it_too(site: Site) -> None:
    page = site.client.get("/kiosk")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = site.client.post("/kiosk", data={**SIRI, "csrf_token": token,
                                                "personnummer": "01017012345"})
    assert response.status_code == 422
    assert stored(site.workspace, "visits") == []
