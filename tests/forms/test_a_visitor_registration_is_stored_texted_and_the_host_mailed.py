"""A valid registration: one record (phone as E.164, its basis, notice version and retention
clock), an SMS at the local gateway, an e-mail to the host at the local SMTP server, and an
access request for the visitor's phone returns the visit."""

from __future__ import annotations

import json

from tests.forms.conftest import KARI, NOW, SIRI, SIRI_PHONE, Site, stored
from tests.requests.conftest import write_cast
from tests.support.mailbox import Mailbox
from tests.support.packages import open_package
from tests.support.sms_gateway import SmsGateway
from vernly.engine.requests import service
from vernly.notices.access_report import render
from vernly.settings import load_settings


def test_a_registration_is_stored_with_its_proof_and_both_messages_arrive(
        site: Site, gateway: SmsGateway, mailbox: Mailbox) -> None:
    response = site.client.post("/api/v1/forms/visitor", json=SIRI)
    assert response.status_code == 201, response.text
    [visit] = stored(site.workspace, "visits")
    assert visit["id"] == response.json()["id"]
    assert (visit["full_name"], visit["phone"], visit["host"]) == (
        "Siri Dahl", SIRI_PHONE, "Kari Nordmann")
    assert (visit["legal_basis"], visit["notice_version"]) == ("not_stated", "2019-09-12")
    assert str(visit["submitted_at"]).startswith("2026-03-02 08:30")
    assert str(visit["visit_date"]) == "2026-03-02"
    [sms] = gateway.to(SIRI_PHONE)
    assert "Siri" in sms.text and "Kari Nordmann" in sms.text
    [mail] = mailbox.to(KARI)
    assert "Siri Dahl" in mail.get_payload(decode=True).decode()


def test_an_access_request_for_the_visitors_phone_returns_the_visit(site: Site) -> None:
    write_cast(site.workspace)  # the customer's own systems, so the request can run
    visit_id = site.client.post("/api/v1/forms/visitor", json=SIRI).json()["id"]
    settings = load_settings(site.workspace, site.env, now=NOW)
    ledger, loaded = site.app.state.ledger, site.app.state.policy
    view = service.submit_and_run(ledger, settings, loaded, "access", "siri.dahl@example.no",
                                  SIRI_PHONE, None, "operator:Ingrid Berg", renderer=render)
    assert view.package_path, view
    with open_package(view.package_path, settings) as package:
        data = json.loads(package.read("data.json"))
    visits = data["systems"]["forms"]["tables"]["visits"]["records"]
    assert [r["key"] for r in visits] == [visit_id]
    other = {s: e["tables"] for s, e in data["systems"].items() if e.get("tables")}
    assert set(other) == {"forms"}
