"""Ledger faults: a database that turned read-only, filled its disk, vanished or stopped
answering becomes one `LedgerUnavailable` with a one-line reason, and the connection that
saw it is dropped, so the next operation opens a fresh one and succeeds as soon as the
fault is gone (no restart).

A SQLite connection keeps its file open: one whose file was deleted or replaced would go
on writing to a file nobody sees, so each checkout checks the file is still the one the
connection opened, and a connection never creates the file (`mode=rw`): only `Ledger`
does, once, before the first connection.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DisconnectionError

from vernly.errors import LedgerUnavailable

READ_ONLY = "the ledger is read-only"
FULL = "the ledger's disk is full"
CANNOT_OPEN = "the ledger's file cannot be opened"
IO_ERROR = "the ledger's disk reports an I/O error"
UNREACHABLE = "the ledger's database is unreachable"

SQLITE_REASONS = {
    sqlite3.SQLITE_READONLY: READ_ONLY,
    sqlite3.SQLITE_FULL: FULL,
    sqlite3.SQLITE_CANTOPEN: CANNOT_OPEN,
    sqlite3.SQLITE_IOERR: IO_ERROR,
}
"""SQLite's primary result codes (the low byte of an extended code such as
SQLITE_READONLY_DBMOVED) and what the answer says instead."""

SQLSTATE_REASONS = {
    "25006": READ_ONLY,  # read_only_sql_transaction: a standby, or default_transaction_read_only
    "53100": FULL,  # disk_full
    "58030": IO_ERROR,  # io_error
    "53300": UNREACHABLE,  # too_many_connections: no connection to be had right now
    "57P01": UNREACHABLE,  # admin_shutdown: "terminating connection due to administrator command"
    "57P02": UNREACHABLE,  # crash_shutdown
    "57P03": UNREACHABLE,  # cannot_connect_now: the server is starting or stopping
}
"""PostgreSQL's SQLSTATE codes (besides class 08, connection exceptions, all unreachable) and
what the answer says instead: the server's own message may quote values, so it is never
passed on."""


def reason_of(error: BaseException) -> str | None:
    """The one-line reason when `error` (a driver's exception) is a ledger fault, else None.

    Told by the driver's error code, never by its message: SQLite's result code, the
    SQLSTATE PostgreSQL sends, or, for psycopg's OperationalError that carries none, the
    client library's own failure to reach or keep the server (refused, timed out, closed).
    """
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return SQLITE_REASONS.get(code & 0xFF) if isinstance(code, int) else None
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    if isinstance(state, str):
        return UNREACHABLE if state.startswith("08") else SQLSTATE_REASONS.get(state)
    # psycopg is imported only where the ledger is on PostgreSQL: look, never import.
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None and isinstance(error, psycopg.OperationalError):
        return UNREACHABLE  # no SQLSTATE: no server answered (connect, lost connection)
    return None


def _translate(context: ExceptionContext) -> BaseException | None:
    reason = reason_of(context.original_exception)
    if reason is None and context.is_disconnect and context.dialect is not None \
            and context.dialect.name != "sqlite":
        # A lost connection SQLAlchemy's dialect recognises though the driver gave no code.
        reason = UNREACHABLE
    if reason is None:
        return None
    context.is_disconnect = True  # drop the connection: the next checkout opens a fresh one
    return LedgerUnavailable(f"{reason}; try again shortly")


def _same_file(path: str) -> Any:
    def on_connect(_dbapi_connection: Any, record: Any) -> None:
        record.info["inode"] = _inode(path)

    def on_checkout(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if _inode(path) != record.info.get("inode"):
            raise DisconnectionError("the ledger file was removed or replaced")

    return on_connect, on_checkout


def _inode(path: str) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def existing_file_url(path: str) -> str:
    """The SQLAlchemy URL that opens the ledger file without ever creating it; the file is
    created here first when it does not exist yet."""
    if not Path(path).exists():
        sqlite3.connect(path).close()
    return f"sqlite:///file:{quote(path)}?mode=rw&uri=true"


def guard(engine: Engine, sqlite_path: str | None = None) -> None:
    """Turn the engine's ledger faults into LedgerUnavailable; watch the SQLite file."""
    event.listen(engine, "handle_error", _translate, retval=True)
    if sqlite_path:
        on_connect, on_checkout = _same_file(sqlite_path)
        event.listen(engine, "connect", on_connect)
        event.listen(engine, "checkout", on_checkout)
