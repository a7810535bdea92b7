"""The inbox lists open requests by deadline with the overdue first, finds a request by the
person's e-mail, phone (in any common form), name as written, or id, and narrows by kind,
state, overdue and who handles it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.console.conftest import HTML, csrf_of, sign_in, submit

T0 = datetime(2026, 9, 1, 9, tzinfo=UTC)


def _at(client: TestClient, moment: datetime) -> None:
    app = client.app
    app.state.settings = replace(app.state.settings, now_override=moment)  # type: ignore[attr-defined]


def _order(page: str) -> list[str]:
    return re.findall(r'<tr[^>]*data-request="([^"]+)"', page)


def test_overdue_requests_come_first_then_by_deadline(client: TestClient,
                                                      tokens: dict[str, str]) -> None:
    _at(client, T0)
    old = submit(client, "access", "kari.nordmann@example.no")
    _at(client, T0 + timedelta(days=20))
    newer = submit(client, "erasure", "ola.hansen@example.no")
    _at(client, T0 + timedelta(days=25))
    newest = submit(client, "access", "nora.berg@example.no")
    done = submit(client, "access", "per.olsen@example.no")
    app = client.app
    from vernly.engine.requests import service
    service.reject(app.state.ledger, app.state.settings, app.state.policy, done,  # type: ignore[attr-defined]
                   "Manifestly unfounded", "test")
    _at(client, T0 + timedelta(days=40))  # 11 Oct: Kari's deadline (1 Oct) has passed
    sign_in(client, tokens["viewer"])
    page = client.get("/console/requests", headers=HTML).text
    assert _order(page) == [old, newer, newest, done]
    assert re.search(rf'data-request="{old}".*?10 days overdue', page, re.S)
    overdue = client.get("/console/requests?overdue=true", headers=HTML).text
    assert _order(overdue) == [old]


def test_search_finds_by_email_phone_name_and_id(client: TestClient,
                                                 tokens: dict[str, str]) -> None:
    kari = submit(client, "access", "Kari.Nordmann@example.no", "+47 912 34 567")
    ola = submit(client, "rectification", "ola.hansen@example.no",
                 details={"changes": {"phone": "+4798765432"},
                          "message": "Jeg heter Ola Hansen og har nytt nummer"})
    sign_in(client, tokens["viewer"])

    def found(text: str) -> list[str]:
        page = client.get("/console/requests", params={"q": text}, headers=HTML)
        assert page.status_code == 200
        return _order(page.text)

    assert found("kari.nordmann") == [kari]
    assert found("KARI.NORDMANN@EXAMPLE.NO") == [kari]
    assert found("912 34 567") == [kari]
    assert found("+4791234567") == [kari]
    assert found("0047 91234567") == [kari]
    assert found("Ola Hansen") == [ola]
    assert found(ola[-6:]) == [ola]
    assert found("nobody@example.no") == []
    assert found("%") == []  # a wildcard is searched for as itself


def test_filters_narrow_by_kind_state_and_who_handles_it(client: TestClient,
                                                         tokens: dict[str, str]) -> None:
    access = submit(client, "access", "kari.nordmann@example.no")
    erasure = submit(client, "erasure", "ola.hansen@example.no")
    sign_in(client, tokens["dpo"])
    page = client.get(f"/console/requests/{erasure}", headers=HTML).text
    taken = client.post(f"/console/requests/{erasure}/take", data={"csrf_token": csrf_of(page)})
    assert taken.status_code == 200  # followed the redirect back to the request
    assert "kari" in client.get(f"/console/requests/{erasure}", headers=HTML).text

    def listed(**params: str) -> list[str]:
        return _order(client.get("/console/requests", params=params, headers=HTML).text)

    assert listed(kind="erasure") == [erasure]
    assert listed(kind="access") == [access]
    assert listed(state="received") == [access, erasure] or listed(state="received") == [
        erasure, access]
    assert listed(state="completed") == []
    dpo_actor = re.search(r'<option value="(operator:[^"]+)"', client.get(
        "/console/requests", headers=HTML).text)
    assert dpo_actor
    assert listed(assignee=dpo_actor.group(1)) == [erasure]
    assert listed(assignee="-") == [access]
    bad = client.get("/console/requests", params={"kind": "nonsense"}, headers=HTML)
    assert bad.status_code == 422 and "kind: &#39;nonsense&#39; is not one of" in bad.text
