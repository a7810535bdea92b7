"""SQLAlchemy engines for customer databases, set up once per process.

SQLite gets WAL (readers never block the writer), a busy timeout, enforced foreign keys and
real transactions: pysqlite's own handling would start a transaction only at the first
write, so the reads that decide what erasure deletes would not be in the same snapshot as
the deletes. A connection with `vernly_write=True` starts `BEGIN IMMEDIATE`, taking the
write lock up front instead of failing half-way when another writer got there first.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

WRITE = {"vernly_write": True}
"""Execution options for a connection that will write (erasure, rectification)."""


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _sqlite_setup(engine)
        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=10, pool_recycle=1800)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("vernly_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
