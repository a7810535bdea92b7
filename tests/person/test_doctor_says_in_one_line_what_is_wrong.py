"""`vernly doctor` on the demo workspace: ready when the mail server answers; otherwise the
last line names the one thing to fix (mail server, a missing database, a broken policy)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.consent.support import free_port, smtp_server
from tests.person.reports import NOW
from vernly.cli.main import app
from vernly.connectors.demo.build import DemoSummary, build_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return build_demo(tmp_path_factory.mktemp("demo") / "d", 30, NOW, env={})


@pytest.fixture
def ws(demo: DemoSummary, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "d"
    shutil.copytree(demo.workspace, copy)
    yield copy


def doctor(ws: Path, smtp_port: int) -> Any:
    env = {"VERNLY_SMTP_HOST": "127.0.0.1", "VERNLY_SMTP_PORT": str(smtp_port),
           "VERNLY_DATABASE_URL": f"sqlite:///{ws / '.vernly' / 'ledger.sqlite'}"}
    return CliRunner().invoke(app, ["doctor", "-w", str(ws)], env=env)


def test_a_demo_with_a_mail_server_is_ready(ws: Path) -> None:
    with smtp_server() as box:
        result = doctor(ws, box.port)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "ready"
    assert "system webshop" in result.stdout and "smtp" in result.stdout


def test_no_mail_server_is_named_with_the_settings_to_change(ws: Path) -> None:
    port = free_port()
    result = doctor(ws, port)
    assert result.exit_code == 1
    last = result.stdout.splitlines()[-1]
    assert last.startswith(f"1 problem: smtp: no mail server at 127.0.0.1:{port}")
    assert "VERNLY_SMTP_HOST" in last


def test_a_missing_database_is_named(ws: Path) -> None:
    (ws / "data" / "cases.sqlite").unlink()
    with smtp_server() as box:
        result = doctor(ws, box.port)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].startswith("1 problem: system cases: database file")


def test_a_policy_that_does_not_load_is_named_at_its_line(ws: Path) -> None:
    policy = ws / "vernly.yaml"
    policy.write_text(policy.read_text().replace("schema_version: 1", "schema_version: 1\n"
                                                 "contoller: {}", 1))
    with smtp_server() as box:
        result = doctor(ws, box.port)
    assert result.exit_code == 1
    last = result.stdout.splitlines()[-1]
    assert last.startswith(f"1 problem: policy: {policy}:"), last
    assert "contoller" in last
