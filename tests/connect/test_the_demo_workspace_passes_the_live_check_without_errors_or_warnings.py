"""The demo's policy describes its databases exactly: `vernly policy check --connect` finds
nothing of its own in them (no VL95x), on SQLite, PostgreSQL and MariaDB, so it reports
exactly what the plain linter does: the seed notice's GDPR gaps (its `not_stated`s)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tests.connect.conftest import DemoWorkspace
from tests.connect.support import check
from vernly.cli.main import app


def test_the_demo_has_no_live_findings(demo_workspace: DemoWorkspace) -> None:
    result = check(demo_workspace.path, demo_workspace.env)
    assert result.codes() == []
    assert result.stderr == ""


def test_connect_adds_nothing_to_the_linters_findings_on_the_demo(
        demo_workspace: DemoWorkspace) -> None:
    connected = check(demo_workspace.path, demo_workspace.env)
    plain = CliRunner().invoke(app, ["policy", "check", "--json", str(demo_workspace.path)],
                               env=demo_workspace.env)
    assert connected.findings == json.loads(plain.stdout)
    assert connected.exit_code == plain.exit_code == 1
