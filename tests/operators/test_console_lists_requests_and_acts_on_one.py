"""The console lists data subject requests with their deadlines; the DPO verifies one,
extends its deadline with a reason and rejects another; a viewer can look but not act."""

from __future__ import annotations

import re
from dataclasses import replace

from fastapi.testclient import TestClient

from tests.consent.support import Mailbox, smtp_server
from vernly.engine.requests import service

HTML = {"Accept": "text/html"}


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def _sign_in(client: TestClient, token: str) -> None:
    form = client.get("/console/login")
    client.post("/console/login/token", data={"token": token, "csrf_token": _csrf(form.text),
                                              "next": "/console"})


def _submit(client: TestClient, email: str) -> str:
    app = client.app
    view = service.submit(app.state.ledger, app.state.settings, app.state.policy,  # type: ignore[attr-defined]
                          "access", email, channel="email", actor="test")
    return view.id


def test_the_dpo_verifies_extends_and_rejects_from_the_console(client: TestClient,
                                                               tokens: dict[str, str]) -> None:
    with smtp_server() as mailbox:
        client.app.state.settings = replace(client.app.state.settings,  # type: ignore[attr-defined]
                                            smtp_port=mailbox.port)
        _dpo_works_through_a_request(client, tokens, mailbox)


def _dpo_works_through_a_request(client: TestClient, tokens: dict[str, str],
                                 mailbox: Mailbox) -> None:
    kari_request = _submit(client, "kari.nordmann@example.no")
    ola_request = _submit(client, "ola.hansen@example.no")
    _sign_in(client, tokens["dpo"])

    listing = client.get("/console/requests", headers=HTML)
    assert listing.status_code == 200
    assert kari_request in listing.text and ola_request in listing.text
    landing = client.get("/console", headers=HTML).text
    assert 'href="/console/requests"' in landing and 'href="/console/retention"' in landing

    page = client.get(f"/console/requests/{kari_request}", headers=HTML)
    assert 'data-state="received"' in page.text and "kari.nordmann@example.no" in page.text
    client.post(f"/console/requests/{kari_request}/verify", data={"csrf_token": _csrf(page.text)})
    page = client.get(f"/console/requests/{kari_request}", headers=HTML)
    assert 'data-state="verified"' in page.text and "by kari" in page.text  # actors shown by name

    missing_reason = client.post(f"/console/requests/{kari_request}/extend",
                                 data={"csrf_token": _csrf(page.text), "months": "2"})
    assert missing_reason.status_code == 422 and 'role="alert"' in missing_reason.text
    client.post(f"/console/requests/{kari_request}/extend",
                data={"csrf_token": _csrf(page.text), "months": "2",
                      "reason": "Mange systemer å gå gjennom"})
    extended = service.get(client.app.state.ledger, client.app.state.settings,  # type: ignore[attr-defined]
                           client.app.state.policy, kari_request)  # type: ignore[attr-defined]
    assert extended.extended_months == 2
    assert (extended.deadline_at - extended.received_at).days >= 89
    assert any(m["To"] == "kari.nordmann@example.no" for m in mailbox.messages)  # person told

    client.post(f"/console/requests/{ola_request}/reject",
                data={"csrf_token": _csrf(page.text), "reason": "Manifestly unfounded",
                      "confirmed": "yes"})
    rejected = client.get(f"/console/requests/{ola_request}", headers=HTML)
    assert 'data-state="rejected"' in rejected.text and "Manifestly unfounded" in rejected.text
    open_only = client.get("/console/requests?state=received", headers=HTML).text
    assert ola_request not in open_only and kari_request not in open_only


def test_a_viewer_may_read_but_not_act(client: TestClient, tokens: dict[str, str]) -> None:
    request_id = _submit(client, "kari.nordmann@example.no")
    _sign_in(client, tokens["viewer"])
    page = client.get(f"/console/requests/{request_id}", headers=HTML)
    assert page.status_code == 200 and "/verify" not in page.text
    denied = client.post(f"/console/requests/{request_id}/verify",
                         data={"csrf_token": _csrf(page.text)})
    assert denied.status_code == 403
    assert 'data-state="received"' in client.get(f"/console/requests/{request_id}",
                                                 headers=HTML).text
