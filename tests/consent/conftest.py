"""Fixtures of the consent tests: the example workspace served by the real app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.consent.centre_desk import CentreDesk, open_centre_desk
from tests.consent.support import app_for, make_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


@pytest.fixture
def app(workspace: Path, ledger_url: str) -> Iterator[FastAPI]:
    """The app on the example workspace, with its ledger on SQLite and on PostgreSQL."""
    application = app_for(workspace, ledger_url)
    yield application
    application.state.ledger.dispose()


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app)


@pytest.fixture
def sqlite_app(workspace: Path) -> Iterator[FastAPI]:
    """The same app on SQLite only, for behaviour that does not depend on the ledger's kind."""
    application = app_for(workspace, f"sqlite:///{workspace / 'ledger.sqlite'}")
    yield application
    application.state.ledger.dispose()


@pytest.fixture
def sqlite_client(sqlite_app: FastAPI) -> TestClient:
    return TestClient(sqlite_app)


@pytest.fixture
def centre_desk(workspace: Path, ledger_url: str) -> Iterator[CentreDesk]:
    """The consent engine's centre functions' arguments, on SQLite and on PostgreSQL."""
    desk = open_centre_desk(workspace, ledger_url)
    yield desk
    desk.ledger.dispose()
