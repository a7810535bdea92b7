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
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DisconnectionError

from vernly.errors import LedgerUnavailable

REASONS = (
    ("readonly", "the ledger is read-only"),
    ("read-only", "the ledger is read-only"),
    ("disk is full", "the ledger's disk is full"),
    ("no space left", "the ledger's disk is full"),
    ("unable to open database file", "the ledger's file cannot be opened"),
    ("disk i/o error", "the ledger's disk reports an I/O error"),
    ("connection refused", "the ledger's database is unreachable"),
    ("server closed the connection", "the ledger's database is unreachable"),
    ("terminating connection", "the ledger's database is unreachable"),
    ("could not connect", "the ledger's database is unreachable"),
    ("connection failed", "the ledger's database is unreachable"),
)
"""Fragments of driver messages (lower case) and what the answer says instead: the driver's
own message may quote values, so it is never passed on."""


def reason_of(error: BaseException) -> str | None:
    """The one-line reason when `error` is a ledger fault, else None."""
    message = str(error).lower()
    return next((reason for fragment, reason in REASONS if fragment in message), None)


def _translate(context: ExceptionContext) -> BaseException | None:
    reason = reason_of(context.original_exception)
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
