"""A PostgreSQL ledger whose server stops answering under a running server (its port closed,
every connection cut) answers 503 with the one-line reason, never the driver's message;
as soon as the port answers again the same server works: no restart.

The ledger is reached through a TCP relay on a loopback port, which the test closes and
reopens; the fault is told by the driver's error class (psycopg's OperationalError without
a SQLSTATE), not by the words of its message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from tests.consent.support import app_for, make_workspace
from tests.support.tcp_relay import TcpRelay, tcp_relay

CHOICE = {"decisions": {"statistics": True}}
REASON = "the ledger's database is unreachable; try again shortly"


@pytest.fixture
def relay(postgres_url: str) -> Iterator[tuple[TcpRelay, str]]:
    """A relay to the test database's server, and the database's URL through it."""
    url = make_url(postgres_url)
    with tcp_relay(url.host or "127.0.0.1", url.port or 5432) as running:
        through = url.set(host="127.0.0.1", port=running.port)
        yield running, through.render_as_string(hide_password=False)


@pytest.fixture
def app(tmp_path: Path, relay: tuple[TcpRelay, str]) -> Iterator[FastAPI]:
    application = app_for(make_workspace(tmp_path), relay[1])
    yield application
    application.state.ledger.dispose()


def _works(client: TestClient) -> str:
    made = client.post("/api/v1/consent", json=CHOICE)
    assert made.status_code == 201, made.text
    record: str = made.json()["record_id"]
    assert client.get(f"/api/v1/consent/{record}").status_code == 200
    return record


def _is_unreachable(answer: Any) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.json() == {"error": "LedgerUnavailable", "detail": REASON}


def test_an_unreachable_postgresql_ledger_answers_503_then_recovers(
        app: FastAPI, relay: tuple[TcpRelay, str]) -> None:
    running, _ = relay
    client = TestClient(app)
    record = _works(client)  # pooled connections are open through the relay
    running.close()
    for _ in range(3):  # a cut pooled connection, then refused new ones: each one answer
        _is_unreachable(client.post("/api/v1/consent", json=CHOICE))
        _is_unreachable(client.get(f"/api/v1/consent/{record}"))
    running.open()
    _works(client)
    assert client.get(f"/api/v1/consent/{record}").status_code == 200
