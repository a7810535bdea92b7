"""A ledger fault is told by the driver's error code (SQLite's result code, PostgreSQL's
SQLSTATE, psycopg's OperationalError without one when no server answered), never by the
words of its message: a message that merely mentions "read-only" or "connection refused"
is not a fault, and a fault is one whatever its message says."""

from __future__ import annotations

import sqlite3

import psycopg
import psycopg.errors
import pytest

from vernly.ledger.faults import reason_of


def sqlite_error(code: int, message: str = "whatever the driver says") -> sqlite3.Error:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(("code", "reason"), [
    (sqlite3.SQLITE_READONLY, "the ledger is read-only"),
    (sqlite3.SQLITE_READONLY | (4 << 8), "the ledger is read-only"),  # SQLITE_READONLY_DBMOVED
    (sqlite3.SQLITE_FULL, "the ledger's disk is full"),
    (sqlite3.SQLITE_CANTOPEN, "the ledger's file cannot be opened"),
    (sqlite3.SQLITE_IOERR | (3 << 8), "the ledger's disk reports an I/O error"),  # IOERR_WRITE
    (sqlite3.SQLITE_BUSY, None),
    (sqlite3.SQLITE_CONSTRAINT, None),
])
def test_sqlite_errors_are_told_by_their_result_code(code: int, reason: str | None) -> None:
    assert reason_of(sqlite_error(code)) == reason


@pytest.mark.parametrize("error", [
    psycopg.OperationalError("connection failed: Connection refused"),
    psycopg.OperationalError("consuming input failed: server closed the connection"),
    psycopg.errors.lookup("08006")("connection failure"),
    psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
    psycopg.errors.CannotConnectNow("the database system is starting up"),
], ids=lambda e: type(e).__name__)
def test_postgresql_that_does_not_answer_is_unreachable(error: Exception) -> None:
    assert reason_of(error) == "the ledger's database is unreachable"


def test_postgresql_faults_are_told_by_sqlstate() -> None:
    assert reason_of(psycopg.errors.DiskFull("could not extend file")) == \
        "the ledger's disk is full"
    assert reason_of(psycopg.errors.ReadOnlySqlTransaction("cannot execute INSERT")) == \
        "the ledger is read-only"
    assert reason_of(psycopg.errors.UniqueViolation("duplicate key")) is None


def test_the_words_of_a_message_alone_make_no_fault() -> None:
    for words in ("attempt to write a readonly database", "database or disk is full",
                  "connection refused", "server closed the connection unexpectedly"):
        assert reason_of(sqlite3.OperationalError(words)) is None  # no result code
        assert reason_of(RuntimeError(words)) is None
        assert reason_of(psycopg.errors.UniqueViolation(words)) is None
