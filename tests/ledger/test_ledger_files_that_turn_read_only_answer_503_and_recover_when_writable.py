"""Ledger files that cannot be written (a service user that lost write permission, a file
made immutable, a read-only remount) give every write a 503 with a one-line reason, never
a crash; once they are writable again, the same server writes again on its own, without a
restart.

Under WAL both failed: SQLite's WAL index (`-shm`) is mapped into memory, so a write to it
once the file was immutable was a SIGBUS that killed the process, and a connection that had
opened the index read-only left it so for every later connection of the process. The
ledger now keeps a rollback journal and maps nothing. The fault is the real one: the files
are made immutable (`chattr +i`, which binds root too) or, for a user that is not root,
read-only; the test with a running `vernly serve` needs root, as CI runs."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.consent.support import app_for, make_workspace
from tests.support.serve_process import vernly_serve

CHOICE = {"decisions": {"statistics": True}}
READ_ONLY = "the ledger is read-only; try again shortly"
REASONS = {READ_ONLY, "the ledger's disk reports an I/O error; try again shortly"}
ROOT = os.geteuid() == 0


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("ledger.sqlite*"))


def _read_only(files: list[Path], on: bool) -> None:
    if ROOT:  # root writes whatever the mode says: the immutable flag binds it
        subprocess.run(["chattr", "+i" if on else "-i", *map(str, files)], check=True)
    else:
        for path in files:
            path.chmod(0o444 if on else 0o644)


@pytest.fixture
def read_only() -> Iterator[list[Path]]:
    """The files the test turned read-only; writable again afterwards, whatever happened."""
    made: list[Path] = []
    yield made
    if made:
        _read_only(made, False)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FastAPI]:
    application = app_for(make_workspace(tmp_path), f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    yield application
    application.state.ledger.dispose()


def test_a_server_that_opened_read_only_ledger_files_writes_again_once_they_are_writable(
        app: FastAPI, tmp_path: Path, read_only: list[Path]) -> None:
    client = TestClient(app)
    assert client.post("/api/v1/consent", json=CHOICE).status_code == 201
    assert not (tmp_path / "ledger.sqlite-shm").exists(), "no WAL index to map"
    # Every connection closed, so the next ones open the files as they are now, as a
    # server started now would.
    app.state.ledger.engine.dispose()
    read_only.extend(_files(tmp_path))
    _read_only(read_only, True)
    for _ in range(3):
        refused = client.post("/api/v1/consent", json=CHOICE)
        assert refused.status_code == 503, refused.text
        assert refused.json() == {"error": "LedgerUnavailable", "detail": READ_ONLY}
    _read_only(read_only, False)
    read_only.clear()
    made = client.post("/api/v1/consent", json=CHOICE)
    assert made.status_code == 201, made.text
    assert client.get(f"/api/v1/consent/{made.json()['record_id']}").status_code == 200


@pytest.mark.skipif(not ROOT, reason="making a file immutable under a running server needs "
                                     "root (CAP_LINUX_IMMUTABLE)")
def test_ledger_files_made_immutable_under_a_running_server_answer_503_and_recover(
        tmp_path: Path, read_only: list[Path]) -> None:
    folder = tmp_path / "ledger"
    with vernly_serve(make_workspace(tmp_path), f"sqlite:///{folder / 'ledger.sqlite'}"
                      ) as served:
        base = served.base
        for _ in range(5):  # connections open, the files written through them
            assert httpx.post(f"{base}/api/v1/consent", json=CHOICE).status_code == 201
        read_only.extend(_files(folder))
        _read_only(read_only, True)
        for _ in range(5):  # the open connections fail to write, then new ones open read-only
            refused = httpx.post(f"{base}/api/v1/consent", json=CHOICE, timeout=30)
            assert refused.status_code == 503, refused.text
            assert refused.json()["detail"] in REASONS
        _read_only(read_only, False)
        read_only.clear()
        made = httpx.post(f"{base}/api/v1/consent", json=CHOICE, timeout=30)
        assert made.status_code == 201, made.text
        assert served.process.poll() is None, "the server is still running"
    assert "Fatal Python error" not in served.output
