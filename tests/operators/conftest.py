"""A workspace made by `vernly init`, its web app, and operators of each role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from vernly.cli.main import app as cli
from vernly.engine.operators import Operators
from vernly.settings import Settings, load_settings
from vernly.web.app import create_app
from vernly.web.auth import service_for


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


FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
"""Real argon2id, at a cost that keeps the suite fast."""


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    app.state.operators = Operators(app.state.ledger, settings.now, FAST_HASHER)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def tokens(client: TestClient) -> dict[str, str]:
    """A token per role: Kari is the DPO, Ola the engineer, Nora a viewer."""
    service = service_for(client.app)  # type: ignore[arg-type]
    made = {}
    for name, role in (("kari", "dpo"), ("ola", "engineer"), ("nora", "viewer")):
        _, made[role] = service.create(name, role, actor="test")
    return made
