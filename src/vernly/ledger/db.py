"""Connecting to the ledger and bringing its schema up to date.

SQLite (a rollback journal, no memory mapping) in the workspace by default; PostgreSQL via
`VERNLY_DATABASE_URL`.
The schema is owned by Alembic migrations; `migrate()` runs them to the newest heads
(each domain — audit, requests, retention, consent — has its own branch).

On PostgreSQL, where many servers and workers may start at the same instant, the upgrade
runs under a transaction-level advisory lock (`startup_lock`), so exactly one process
migrates and the others wait, then find the schema current.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from vernly.ledger import faults

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
STARTUP_LOCK = 0x7665726E6C79  # "vernly" in ASCII: one key for every vernly start-up
"""The advisory lock key that serialises schema upgrades across processes."""


SQLITE_SYNCHRONOUS = "FULL"
"""Every commit is fsynced (journal, then database) before it returns, so a commit already
answered (a consent choice's 201, an audit entry) survives a power loss. The consent
writer's group commit shares those fsyncs among every choice of a batch."""

SQLITE_JOURNAL = "TRUNCATE"
"""A rollback journal, not WAL: WAL keeps its index in a file (`-shm`) that every process
maps into memory, and a write to that mapping once the file has turned read-only (made
immutable, a read-only remount) or was truncated is a SIGBUS that kills the server. With a
rollback journal and `mmap_size=0` nothing of the ledger is mapped, so every such fault is
an error the server answers (503) and recovers from. The price: a commit waits for reads
in progress and pays two fsyncs instead of one (consent choices on SQLite: 0.54-0.60 of
`/healthz` at concurrency 16 instead of 0.69-0.74, docs/benchmarks.md). TRUNCATE empties
the journal after each commit rather than deleting it: no directory entry to sync."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # Leaving WAL (a ledger of an earlier version) needs the file to itself. While another
    # process still has it open in WAL, this connection goes on in WAL after a short wait,
    # and a later connection makes the switch once that process has gone.
    cursor.execute("PRAGMA busy_timeout=200")
    with contextlib.suppress(sqlite3.OperationalError):
        cursor.execute(f"PRAGMA journal_mode={SQLITE_JOURNAL}")
    cursor.execute(f"PRAGMA synchronous={SQLITE_SYNCHRONOUS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA mmap_size=0")  # a truncated or full file must not mean SIGBUS
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for the ledger; SQLite gets a rollback journal, durable (FULL) commits,
    foreign keys, a busy timeout and no memory mapping."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        on_disk = bool(path) and path != ":memory:" and "?" not in path
        if on_disk:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            url = faults.existing_file_url(path)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        faults.guard(engine, path if on_disk else None)
        return engine
    engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    faults.guard(engine)
    return engine


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@functools.cache
def schema_fingerprint() -> str:
    """A digest of every migration file: equal digests mean the same schema."""
    digest = hashlib.sha256()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _read_fingerprint(connection: Connection) -> str | None:
    value = connection.execute(text("SELECT fingerprint FROM vernly_schema")).scalar()
    return str(value) if value is not None else None


def _current_fingerprint(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            return _read_fingerprint(connection)
    except DBAPIError:
        return None  # a new ledger: the table does not exist yet


def is_current(engine: Engine) -> bool:
    """The ledger's schema is the one the migration files describe (every head)."""
    return _current_fingerprint(engine) == schema_fingerprint()


def startup_lock(connection: Connection) -> None:
    """Hold vernly's start-up lock until the connection's transaction ends (PostgreSQL;
    elsewhere a no-op: SQLite serialises writers itself, and one process owns it)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STARTUP_LOCK})


StartupStep = Callable[[Connection], None]
"""Work that must run once per schema change under the start-up lock (e.g. a job queue's
own schema), given the locked connection."""


def migrate(engine: Engine, *, also: tuple[StartupStep, ...] = (), secret_key: str = "") -> None:
    """Upgrade the ledger schema to every branch head (idempotent), then run `also`.

    `secret_key` is handed to migrations that encrypt what was stored in clear (the TOTP
    secrets of `users_0003`); a ledger with nothing to encrypt migrates without it.

    Alembic loads every migration script to find the heads, which costs more than a small
    command's whole run; when the recorded fingerprint of the migration files matches,
    the schema is current and Alembic is not started at all. Otherwise the upgrade runs
    under the start-up lock and looks again once it holds it, because another process may
    have upgraded while this one waited.
    """
    fingerprint = schema_fingerprint()
    if _current_fingerprint(engine) == fingerprint and not also:
        return
    with engine.begin() as connection:
        startup_lock(connection)
        if _locked_fingerprint(connection) != fingerprint:
            _upgrade(connection, fingerprint, secret_key)
        for step in also:
            step(connection)


def _locked_fingerprint(connection: Connection) -> str | None:
    try:
        with connection.begin_nested():  # a missing table must not abort the transaction
            return _read_fingerprint(connection)
    except DBAPIError:
        return None


def _upgrade(connection: Connection, fingerprint: str, secret_key: str) -> None:
    from alembic import command

    config = alembic_config(connection.engine.url.render_as_string(hide_password=False))
    config.attributes["connection"] = connection
    config.attributes["secret_key"] = secret_key
    command.upgrade(config, "heads")
    connection.execute(text("CREATE TABLE IF NOT EXISTS vernly_schema "
                            "(fingerprint VARCHAR(64) NOT NULL)"))
    connection.execute(text("DELETE FROM vernly_schema"))
    connection.execute(text("INSERT INTO vernly_schema (fingerprint) VALUES (:f)"),
                       {"f": fingerprint})


class Ledger:
    """The ledger's engine and session factory, made once per process."""

    def __init__(self, url: str, *, create: bool = True,
                 also: tuple[StartupStep, ...] = (), secret_key: str = "") -> None:
        self.engine = make_engine(url)
        if create:
            migrate(self.engine, also=also, secret_key=secret_key)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session committed on success and rolled back on error."""
        with self.sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
