"""Servers and workers on a shared PostgreSQL ledger must share one secret key (sessions,
CSRF, receipt signatures): without `VERNLY_SECRET_KEY` they refuse to start with one line
that says so, while SQLite keeps its generated per-workspace key."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.scale.cluster import cast_workspace
from vernly.cli.main import app as cli

ONE_LINE = ("error: VERNLY_SECRET_KEY: required with a PostgreSQL ledger, the same on every "
            "server and worker")


@pytest.mark.parametrize("command", [["serve"], ["worker"]])
def test_serve_and_worker_refuse_to_start_without_the_key(command: list[str],
                                                          tmp_path: Path) -> None:
    ws = cast_workspace(tmp_path / "ws")
    env = {"VERNLY_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/none",
           "VERNLY_SECRET_KEY": ""}
    result = CliRunner().invoke(cli, [*command, "-w", str(ws)], env=env)
    assert result.exit_code == 2
    assert result.output.startswith(ONE_LINE) and len(result.output.splitlines()) == 1


def test_a_worker_on_sqlite_is_refused_with_what_to_run_instead(tmp_path: Path) -> None:
    ws = cast_workspace(tmp_path / "ws")
    result = CliRunner().invoke(cli, ["worker", "-w", str(ws)],
                                env={"VERNLY_DATABASE_URL": f"sqlite:///{tmp_path / 'l.db'}"})
    assert result.exit_code == 2
    assert result.output.strip() == ("error: vernly worker needs a PostgreSQL ledger "
                                     "(VERNLY_DATABASE_URL); on SQLite `vernly serve` runs "
                                     "the jobs itself")
