"""An access request of the demo that reaches Questback (a processor without a connection),
made through the CLI, for the tests of processor answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tests.person.reports import NOW
from vernly.cli.main import app
from vernly.connectors.demo.build import DemoSummary


def env(demo: DemoSummary) -> dict[str, str]:
    return {"VERNLY_NOW": NOW.isoformat(), "VERNLY_OPERATOR": "Ingrid Berg",
            "VERNLY_SECRET_KEY": "test-secret",
            "VERNLY_DATABASE_URL": f"sqlite:///{Path(demo.workspace) / '.vernly' / 'l.sqlite'}"}


def vernly(demo: DemoSummary, *args: str) -> Any:
    return CliRunner().invoke(app, [*args, "-w", str(demo.workspace)], env=env(demo))


def access(demo: DemoSummary) -> dict[str, Any]:
    """The request's summary: in progress, with the task for Questback open."""
    result = vernly(demo, "request", "access", "--email", demo.sample_emails[0], "--json")
    assert result.exit_code == 0, result.output
    summary: dict[str, Any] = json.loads(result.stdout)
    assert summary["state"] == "in_progress"
    return summary
