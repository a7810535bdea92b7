"""A workspace made by `vernly init` and its settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from vernly.cli.main import app as cli
from vernly.settings import Settings, load_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    ws = tmp_path / "ws"
    result = CliRunner().invoke(cli, ["init", str(ws)])
    assert result.exit_code == 0, result.output
    return load_settings(ws, env={"VERNLY_DATABASE_URL": f"sqlite:///{ws / 'ledger.sqlite'}",
                                  "VERNLY_SECRET_KEY": "test-secret-key-for-sessions"})
