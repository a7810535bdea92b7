"""A workspace's app with console users of every role, and helpers to sign in as one.

The cast: Kari Nordmann is the DPO, Ola Hansen the engineer, Nora Berg a viewer and Per
Olsen the auditor; each has chosen their own password already.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from typer.testing import CliRunner

from tests.operators.conftest import FAST_HASHER
from vernly.cli.main import app as cli
from vernly.engine.accounts.users import Users
from vernly.engine.operators import Operators
from vernly.settings import Settings, load_settings
from vernly.web.app import create_app

PASSWORD = "plenty bicycle orbit lamp"
CAST = {"dpo": "kari.nordmann@example.no", "engineer": "ola.hansen@example.no",
        "viewer": "nora.berg@example.no", "auditor": "per.olsen@example.no"}
HTML = {"Accept": "text/html"}


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD,
            next_path: str = "/console") -> Response:
    form = client.get("/console/login")
    return client.post("/console/login", data={
        "email": email, "password": password, "csrf_token": csrf_of(form.text),
        "next": next_path}, follow_redirects=False)


def choose_password(client: TestClient, password: str = PASSWORD) -> Response:
    form = client.get("/console/login/new-password")
    return client.post("/console/login/new-password", data={
        "password": password, "repeat": password, "csrf_token": csrf_of(form.text)},
        follow_redirects=False)


def add_user(users: Users, email: str, role: str, password: str = PASSWORD) -> int:
    """A user who has already replaced the one-time password with `password`."""
    user, _ = users.add(email, role, actor="operator:root")
    users.set_password(user.id, password, actor=f"user:{user.id}")
    return user.id


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    result = CliRunner().invoke(cli, ["init", str(ws)])
    assert result.exit_code == 0, result.output
    return ws


@pytest.fixture
def settings(workspace: Path) -> Settings:
    return load_settings(workspace, env={
        "VERNLY_DATABASE_URL": f"sqlite:///{workspace / 'ledger.sqlite'}",
        "VERNLY_SECRET_KEY": "test-secret-key-for-sessions"})


@pytest.fixture
def app_client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    app.state.operators = Operators(app.state.ledger, settings.now, FAST_HASHER)
    app.state.users = Users(app.state.ledger, settings.now, FAST_HASHER)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def users(app_client: TestClient) -> Users:
    found: Users = app_client.app.state.users  # type: ignore[attr-defined]
    return found


@pytest.fixture
def cast(users: Users) -> dict[str, int]:
    """User ids by role."""
    return {role: add_user(users, email, role) for role, email in CAST.items()}
