"""An access request of the demo that reaches Questback (a processor without a connection),
made through the CLI, for the tests of processor answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.consent.centre_forms import csrf_token
from tests.person.reports import NOW
from vernly.cli.main import app
from vernly.connectors.demo.build import DemoSummary
from vernly.engine.operators import Operators
from vernly.ledger.db import Ledger
from vernly.settings import Settings, load_settings
from vernly.web.app import create_app


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


def dpo(demo: DemoSummary) -> tuple[Settings, str]:
    """The demo's settings and the API token of a new DPO operator, Ingrid."""
    settings = load_settings(demo.workspace, env=env(demo))
    ledger = Ledger(settings.database_url)
    _, token = Operators(ledger, settings.now).create("ingrid", "dpo", actor="test")
    ledger.dispose()
    return settings, token


def console(settings: Settings, token: str, cookies: dict[str, str] | None = None
            ) -> TestClient:
    """A browser signed in to the console with the operator's token."""
    client = TestClient(create_app(settings), cookies=cookies)
    form = client.get("/console/login")
    client.post("/console/login/token", data={"token": token,
                                              "csrf_token": csrf_token(form.text)})
    return client
