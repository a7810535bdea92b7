"""Someone must always be able to manage the console: nobody disables themselves, and the
last active DPO (user or operator) stays, in the engine, the console, the API and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.accounts.conftest import CAST, csrf_of, sign_in
from vernly.cli.main import app as cli
from vernly.engine.accounts.users import Users
from vernly.engine.operators import Operators
from vernly.errors import Conflict


def test_a_user_cannot_disable_themselves(users: Users, cast: dict[str, int]) -> None:
    with pytest.raises(Conflict, match="cannot disable itself"):
        users.disable(CAST["engineer"], actor=f"user:{cast['engineer']}")
    assert not users.get(cast["engineer"]).disabled


def test_the_last_active_dpo_stays_until_another_is_there(users: Users,
                                                          cast: dict[str, int]) -> None:
    with pytest.raises(Conflict, match="last active DPO"):
        users.disable(CAST["dpo"], actor="operator:root")
    other, _ = users.add("ingrid.dahl@example.no", "dpo", actor="operator:root")
    users.disable(CAST["dpo"], actor=f"user:{other.email}")
    with pytest.raises(Conflict, match="last active DPO"):
        users.disable(other.email, actor="operator:root")
    users.enable(CAST["dpo"], actor=f"user:{other.email}")
    users.disable(other.email, actor=f"user:{CAST['dpo']}")


def test_operators_follow_the_same_rule(app_client: TestClient) -> None:
    operators: Operators = app_client.app.state.operators  # type: ignore[attr-defined]
    kari, kari_token = operators.create("kari", "dpo", actor="operator:root")
    with pytest.raises(Conflict, match="last active DPO"):
        operators.disable("kari", actor="operator:root")
    _, ola_token = operators.create("ola", "engineer", actor="operator:root")
    response = app_client.post("/api/v1/operators/kari/disable",
                               headers={"Authorization": f"Bearer {kari_token}"})
    assert response.status_code == 409 and "cannot disable itself" in response.text
    users: Users = app_client.app.state.users  # type: ignore[attr-defined]
    users.add("ingrid.dahl@example.no", "dpo", actor="operator:root")
    assert operators.disable("kari", actor="user:ingrid.dahl@example.no").disabled
    enabled = app_client.post("/api/v1/operators/kari/enable",
                              headers={"Authorization": f"Bearer {ola_token}"})
    assert enabled.status_code == 403
    assert operators.get(kari.id).disabled is True
    assert not operators.enable("kari", actor="user:ingrid.dahl@example.no").disabled
    assert operators.get(kari.id).disabled is False


def test_the_users_page_says_why_it_refused(app_client: TestClient,
                                            cast: dict[str, int]) -> None:
    sign_in(app_client, CAST["dpo"])
    page = app_client.get("/console/users")
    response = app_client.post(f"/console/users/{cast['dpo']}/disable",
                               data={"csrf_token": csrf_of(page.text)})
    assert response.status_code == 409
    assert "cannot disable itself" in response.text


def test_the_cli_refuses_the_last_dpo_and_enables_operators(workspace: Path) -> None:
    runner = CliRunner()
    ws = ["--workspace", str(workspace)]
    assert runner.invoke(cli, ["operator", "add", "kari", "--role", "dpo", *ws]).exit_code == 0
    refused = runner.invoke(cli, ["operator", "disable", "kari", *ws])
    assert refused.exit_code == 1 and "last active DPO" in refused.output
    assert runner.invoke(cli, ["user", "add", "ingrid.dahl@example.no", "--role", "dpo",
                               *ws]).exit_code == 0
    assert runner.invoke(cli, ["operator", "disable", "kari", *ws]).exit_code == 0
    enabled = runner.invoke(cli, ["operator", "enable", "kari", *ws])
    assert enabled.exit_code == 0 and "Enabled operator kari" in enabled.output
