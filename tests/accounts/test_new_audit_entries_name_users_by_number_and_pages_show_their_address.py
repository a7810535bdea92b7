"""A console user's actions are logged as `user:<number>`: no audit entry written from now on
holds a user's e-mail address. The console still shows who did what by their address, looked
up when the page is drawn: in the audit trail, on the request and in the inbox's export."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.accounts.conftest import CAST, HTML, csrf_of, sign_in
from vernly.engine.requests import service
from vernly.ledger.audit import AuditEntry


def test_users_are_logged_by_number_and_shown_by_address(app_client: TestClient,
                                                         cast: dict[str, int]) -> None:
    app = app_client.app
    request_id = service.submit(app.state.ledger, app.state.settings,  # type: ignore[attr-defined]
                                app.state.policy, "access",  # type: ignore[attr-defined]
                                "ingrid.dahl@example.no", None, None, channel="web").id
    sign_in(app_client, CAST["engineer"])
    page = app_client.get(f"/console/requests/{request_id}", headers=HTML)
    for action in ("take", "verify"):
        done = app_client.post(f"/console/requests/{request_id}/{action}",
                               data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
        assert done.status_code == 303, action

    with app.state.ledger.session() as session:  # type: ignore[attr-defined]
        entries = session.query(AuditEntry).order_by(AuditEntry.seq).all()
        logged = [json.dumps([e.actor, e.target, e.detail]) for e in entries]
        by_ola = {e.action for e in entries if e.actor == f"user:{cast['engineer']}"}
    assert {"user.login", "request.assign", "request.verified"} <= by_ola
    for email in CAST.values():
        assert not [line for line in logged if email in line], email

    shown = app_client.get(f"/console/requests/{request_id}", headers=HTML).text
    assert f'<dd id="assignee">{CAST["engineer"]}</dd>' in shown
    assert f"by {CAST['engineer']}" in shown
    export = app_client.get("/console/requests/export.csv").text
    assert CAST["engineer"] in export and f"user:{cast['engineer']}" not in export

    app_client.cookies.clear()
    sign_in(app_client, CAST["auditor"])
    trail = app_client.get("/console/audit", headers=HTML,
                           params={"actor": f"user:{cast['engineer']}"}).text
    assert f"<td>{CAST['engineer']}</td>" in trail
    assert f'<option value="user:{cast["engineer"]}" selected>{CAST["engineer"]} ' in trail
