"""A user's role can be changed, by the DPO in the engine, the console (a form with its CSRF
token) and `vernly user role EMAIL ROLE`; each change is audited with both roles, counts
from the user's next request, and is refused when it would leave no active DPO."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.accounts.conftest import CAST, HTML, csrf_of, sign_in
from vernly.cli.main import app as cli
from vernly.engine.accounts.users import Users
from vernly.errors import Conflict, InvalidInput
from vernly.ledger.audit import AuditEntry


def _role_changes(users: Users) -> list[tuple[str, str | None, dict[str, object]]]:
    with users.ledger.session() as session:
        return [(e.actor, e.target, dict(e.detail or {})) for e in session.query(AuditEntry)
                .filter(AuditEntry.action == "user.role_changed").order_by(AuditEntry.seq)]


def test_the_engine_changes_a_role_and_keeps_the_last_dpo(users: Users,
                                                          cast: dict[str, int]) -> None:
    users.set_role(CAST["viewer"], "engineer", actor="operator:root")
    assert users.get(cast["viewer"]).role == "engineer"
    assert _role_changes(users) == [("operator:root", f"user:{cast['viewer']}",
                                     {"role": "engineer", "before": "viewer"})]
    with pytest.raises(InvalidInput, match="not one of"):
        users.set_role(CAST["viewer"], "root", actor="operator:root")

    with pytest.raises(Conflict, match="last active DPO"):
        users.set_role(CAST["dpo"], "auditor", actor="operator:root")
    assert users.get(cast["dpo"]).role == "dpo"
    users.set_role(CAST["auditor"], "dpo", actor="operator:root")
    users.set_role(CAST["dpo"], "auditor", actor=f"user:{cast['auditor']}")
    assert users.get(cast["dpo"]).role == "auditor"


def test_the_dpo_changes_a_role_on_the_users_page(app_client: TestClient, users: Users,
                                                 cast: dict[str, int]) -> None:
    sign_in(app_client, CAST["engineer"])
    engineer = app_client.cookies.get("vernly_session")
    assert app_client.get("/api/v1/operators/me").json()["role"] == "engineer"

    app_client.cookies.clear()
    sign_in(app_client, CAST["dpo"])
    page = app_client.get("/console/users", headers=HTML)
    assert f'action="/console/users/{cast["engineer"]}/role"' in page.text
    refused = app_client.post(f"/console/users/{cast['engineer']}/role",
                              data={"role": "viewer", "csrf_token": "forged"})
    assert refused.status_code == 403 and users.get(cast["engineer"]).role == "engineer"
    changed = app_client.post(f"/console/users/{cast['engineer']}/role",
                              data={"role": "viewer", "csrf_token": csrf_of(page.text)},
                              follow_redirects=False)
    assert changed.status_code == 303 and users.get(cast["engineer"]).role == "viewer"
    last = app_client.post(f"/console/users/{cast['dpo']}/role",
                           data={"role": "viewer", "csrf_token": csrf_of(page.text)})
    assert last.status_code == 409 and "last active DPO" in last.text
    unknown = app_client.post(f"/console/users/{cast['viewer']}/role",
                              data={"role": "owner", "csrf_token": csrf_of(page.text)})
    assert unknown.status_code == 422 and "is not one of" in unknown.text
    assert _role_changes(users)[-1] == (f"user:{cast['dpo']}", f"user:{cast['engineer']}",
                                        {"role": "viewer", "before": "engineer"})

    # The engineer's open session now has the viewer's rights, without signing in again.
    app_client.cookies.clear()
    assert engineer
    app_client.cookies.set("vernly_session", engineer)
    assert app_client.get("/api/v1/operators/me").json()["role"] == "viewer"

    # An auditor sees the users but changes no role.
    app_client.cookies.clear()
    sign_in(app_client, CAST["auditor"])
    page = app_client.get("/console/users", headers=HTML)
    assert "/role" not in page.text
    denied = app_client.post(f"/console/users/{cast['viewer']}/role",
                             data={"role": "dpo", "csrf_token": csrf_of(page.text)})
    assert denied.status_code == 403 and users.get(cast["viewer"]).role == "viewer"


def test_the_cli_changes_a_role_in_one_line(workspace: Path) -> None:
    runner = CliRunner()
    ws = ["--workspace", str(workspace)]
    assert runner.invoke(cli, ["user", "add", CAST["dpo"], "--role", "dpo", *ws]).exit_code == 0
    assert runner.invoke(cli, ["user", "add", CAST["viewer"], "--role", "viewer",
                               *ws]).exit_code == 0
    done = runner.invoke(cli, ["user", "role", CAST["viewer"], "engineer", *ws])
    assert done.exit_code == 0, done.output
    assert f"User {CAST['viewer']} now has the role engineer." in done.output
    last = runner.invoke(cli, ["user", "role", CAST["dpo"], "viewer", *ws])
    assert last.exit_code == 1 and "last active DPO" in last.output
    assert "Traceback" not in last.output
    wrong = runner.invoke(cli, ["user", "role", CAST["viewer"], "boss", *ws])
    assert wrong.exit_code != 0 and "is not one of" in wrong.output
    assert len(wrong.output.strip().splitlines()) == 1
