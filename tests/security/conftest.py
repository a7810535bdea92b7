"""The example workspace served by the real app, a local SMTP server, and Kari the DPO."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.consent.support import Mailbox, app_for, make_workspace
from tests.security.tally import CALLS
from vernly.web.auth import service_for


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


@pytest.fixture
def app(workspace: Path, mailbox: Mailbox) -> Iterator[FastAPI]:
    application = app_for(workspace, f"sqlite:///{workspace / 'ledger.sqlite'}",
                          VERNLY_SMTP_PORT=str(mailbox.port))
    yield application
    application.state.ledger.dispose()


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app)


@pytest.fixture
def dpo_token(app: FastAPI) -> str:
    """Kari Nordmann, the DPO: an operator token with every role's rights."""
    _, token = service_for(app).create("kari", "dpo", actor="test")
    return token


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many cases schemathesis ran, when it ran (a failure is reported above)."""
    if CALLS:
        terminalreporter.write_line(
            f"schemathesis: {len(CALLS)} API calls over {len(set(CALLS))} operations, "
            "signed in and not; any server error or schema violation fails its test above")
