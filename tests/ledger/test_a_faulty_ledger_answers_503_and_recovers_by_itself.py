"""A ledger that turns read-only, fills up or vanishes under a running server answers 503
with a one-line reason (never a driver's message), and the same server answers normally
again as soon as the fault is gone: no restart. The SQLite ledger maps no memory (a rollback
journal, no WAL index; `mmap_size=0`), so a file that shrinks, cannot grow or turns
read-only under it is an error, never a SIGBUS (files made read-only for real:
`test_ledger_files_that_turn_read_only_answer_503_and_recover_when_writable.py`).

The faults are injected by fixtures: read-only through SQLite's own switch on every
connection handed out (`query_only` fails exactly as a read-only file does, even for
root), a full disk by the driver raising SQLite's own "database or disk is full" (with its
result code, SQLITE_FULL) on every write, and a vanished file by moving it away. The
unreachable PostgreSQL ledger is in
`test_an_unreachable_postgresql_ledger_answers_503_and_recovers.py`."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, text

from tests.consent.support import app_for, make_workspace
from vernly.ledger.db import Ledger

CHOICE = {"decisions": {"statistics": True}}


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FastAPI]:
    application = app_for(make_workspace(tmp_path), f"sqlite:///{tmp_path / 'ledger.sqlite'}")
    yield application
    application.state.ledger.dispose()


def switch(ledger: Ledger, pragma: str, on: str, off: str) -> Callable[[bool], None]:
    """A fault every connection the pool hands out shows while it is switched on."""
    state = {"on": False}

    def on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        value = on if state["on"] else off
        dbapi_connection.execute(f"PRAGMA {pragma}={value}")

    event.listen(ledger.engine, "checkout", on_checkout)

    def set_fault(active: bool) -> None:
        state["on"] = active

    return set_fault


def sqlite_full() -> sqlite3.OperationalError:
    """The error SQLite's driver raises on a full disk: its message and its result code
    (the code is what vernly goes by)."""
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = sqlite3.SQLITE_FULL
    error.sqlite_errorname = "SQLITE_FULL"
    return error


def disk_full(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> Callable[[bool], None]:
    """Every write fails as SQLite fails on a full disk while switched on."""
    state = {"on": False}
    dialect = ledger.engine.dialect

    def failing(original: Callable[..., None]) -> Callable[..., None]:
        def execute(cursor: Any, statement: str, *args: Any) -> None:
            if state["on"] and statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
                raise sqlite_full()
            original(cursor, statement, *args)
        return execute

    monkeypatch.setattr(dialect, "do_execute", failing(dialect.do_execute))
    monkeypatch.setattr(dialect, "do_executemany", failing(dialect.do_executemany))

    def set_fault(active: bool) -> None:
        state["on"] = active

    return set_fault


def _is_fault(answer: Any, reason: str) -> None:
    assert answer.status_code == 503, answer.text
    body = answer.json()
    assert body["error"] == "LedgerUnavailable"
    assert body["detail"] == f"{reason}; try again shortly"


def _works(client: TestClient) -> None:
    made = client.post("/api/v1/consent", json=CHOICE)
    assert made.status_code == 201, made.text
    assert client.get(f"/api/v1/consent/{made.json()['record_id']}").status_code == 200


@pytest.mark.parametrize("fault", ["read-only", "full"])
def test_a_read_only_or_full_ledger_answers_503_then_recovers(
        app: FastAPI, fault: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger: Ledger = app.state.ledger
    client = TestClient(app)
    _works(client)
    if fault == "read-only":
        set_fault = switch(ledger, "query_only", "ON", "OFF")
        reason = "the ledger is read-only"
    else:
        set_fault = disk_full(ledger, monkeypatch)
        reason = "the ledger's disk is full"
    set_fault(True)
    for _ in range(3):  # every pooled connection sees it, and it stays an answer, not a crash
        _is_fault(client.post("/api/v1/consent", json={
            "decisions": {"statistics": True, "marketing": True}, "services": {}}), reason)
    set_fault(False)
    _works(client)


def test_a_vanished_ledger_answers_503_then_recovers_when_it_is_back(
        app: FastAPI, tmp_path: Path) -> None:
    client = TestClient(app)
    _works(client)
    app.state.ledger.engine.dispose()  # a checkpointed WAL: the ledger is one file
    ledger_file, away = tmp_path / "ledger.sqlite", tmp_path / "elsewhere.sqlite"
    shutil.move(ledger_file, away)
    for _ in range(3):
        _is_fault(client.post("/api/v1/consent", json=CHOICE),
                  "the ledger's file cannot be opened")
    assert not ledger_file.exists(), "a connection must never create an empty ledger"
    shutil.move(away, ledger_file)
    _works(client)


def test_a_ledger_file_replaced_under_open_connections_is_reopened(
        app: FastAPI, tmp_path: Path) -> None:
    client = TestClient(app)
    _works(client)  # pooled connections are open on the file
    ledger_file = tmp_path / "ledger.sqlite"
    copy = tmp_path / "copy.sqlite"
    with app.state.ledger.engine.connect() as connection:
        connection.execute(text(f"VACUUM INTO '{copy}'"))
    shutil.move(copy, ledger_file)  # the same ledger, a new file: old handles would be lost
    made = client.post("/api/v1/consent", json=CHOICE)
    assert made.status_code == 201
    check = Ledger(f"sqlite:///{ledger_file}")
    with check.session() as session:
        found = session.execute(text("SELECT count(*) FROM consent_records WHERE id = :i"),
                                {"i": made.json()["record_id"]}).scalar()
    check.dispose()
    assert found == 1, "the choice went to the file that is there, not a deleted one"


def test_the_sqlite_ledger_maps_no_memory(app: FastAPI, tmp_path: Path) -> None:
    with app.state.ledger.engine.connect() as connection:
        assert connection.execute(text("PRAGMA mmap_size")).scalar() == 0
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "truncate"
    assert TestClient(app).post("/api/v1/consent", json=CHOICE).status_code == 201
    assert not (tmp_path / "ledger.sqlite-shm").exists()


def test_a_ledger_left_in_wal_mode_by_an_earlier_version_is_opened_with_a_journal(
        tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    assert old.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    old.execute("CREATE TABLE kept (x)")
    old.execute("INSERT INTO kept VALUES (1)")
    old.commit()
    old.close()
    ledger = Ledger(f"sqlite:///{path}", secret_key="k")
    with ledger.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "truncate"
        assert connection.execute(text("SELECT x FROM kept")).scalar() == 1
    ledger.dispose()
    assert not Path(f"{path}-shm").exists() and not Path(f"{path}-wal").exists()


def test_a_wal_ledger_another_process_still_holds_opens_in_wal_and_switches_later(
        tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)  # an earlier version's process, still running
    assert old.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    old.execute("CREATE TABLE kept (x)")
    old.execute("INSERT INTO kept VALUES (1)")
    old.commit()
    ledger = Ledger(f"sqlite:///{path}", secret_key="k")
    with ledger.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("SELECT x FROM kept")).scalar() == 1
    ledger.engine.dispose()
    old.close()
    with ledger.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "truncate"
    ledger.dispose()
