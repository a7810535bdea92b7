"""Ledger files that cannot be written when a connection opens them (a service user that
lost write permission, a file made immutable, a read-only mount) give every write a 503
with the one-line reason; once they are writable again, the same server writes again, on
its own, without a restart.

SQLite opens a file it may not write read-only without saying so, and keeps the WAL index
(`-shm`) of a file open once per process, shared by all its connections: so dropping only
the connection that met the fault left the others holding the read-only index, and every
new connection took it over. The fault is the real one: the files are made immutable
(`chattr +i`, which binds root too) or, for a user that is not root, read-only."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.consent.support import app_for, make_workspace

CHOICE = {"decisions": {"statistics": True}}
REASON = "the ledger is read-only; try again shortly"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FastAPI]:
    application = app_for(make_workspace(tmp_path), f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    yield application
    application.state.ledger.dispose()


def _files(tmp_path: Path) -> list[Path]:
    return [p for p in (tmp_path / "ledger.sqlite", tmp_path / "ledger.sqlite-wal",
                        tmp_path / "ledger.sqlite-shm") if p.exists()]


def _read_only(files: list[Path], on: bool) -> None:
    if os.geteuid() == 0:  # root writes whatever the mode says: the immutable flag binds it
        subprocess.run(["chattr", "+i" if on else "-i", *map(str, files)], check=True)
    else:
        for path in files:
            path.chmod(0o444 if on else 0o644)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[list[Path]]:
    """Turns the ledger's files read-only while the test wants; writable again after."""
    made: list[Path] = []
    yield made
    if made:
        _read_only(made, False)


def test_a_server_that_opened_read_only_ledger_files_writes_again_once_they_are_writable(
        app: FastAPI, tmp_path: Path, read_only: list[Path]) -> None:
    client = TestClient(app)
    assert client.post("/api/v1/consent", json=CHOICE).status_code == 201
    read_only.extend(_files(tmp_path))
    assert len(read_only) == 3, "the WAL and its index are there"
    _read_only(read_only, True)
    # Every connection closed (the WAL stays: it cannot be checkpointed into a read-only
    # file), so the next ones open the files as they are now, as a server started now would.
    app.state.ledger.engine.dispose()
    for _ in range(3):
        refused = client.post("/api/v1/consent", json=CHOICE)
        assert refused.status_code == 503, refused.text
        assert refused.json() == {"error": "LedgerUnavailable", "detail": REASON}
    _read_only(read_only, False)
    read_only.clear()
    made = client.post("/api/v1/consent", json=CHOICE)
    assert made.status_code == 201, made.text
    assert client.get(f"/api/v1/consent/{made.json()['record_id']}").status_code == 200
