"""The connections a lookup reads through.

A request reads each database over one DB-API connection (systems sharing a database share
it) for all of its lookups. Checking one out of SQLAlchemy's pool and back costs about as
much as a lookup, so a couple are kept checked out between requests, idle, per engine
(`MAX_IDLE`, for at most `MAX_HELD_SECONDS`, never inside a transaction); disposing of the
engine closes them. On PostgreSQL the reads run in autocommit: under READ COMMITTED every
statement takes its own snapshot anyway, so a transaction around them would only add a
BEGIN and a ROLLBACK round trip and, with psycopg, throw away the server-side prepared
statements at each rollback. Writers (erasure, rectification) keep their transaction and
read through it (`Reader.over`).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.pool import PoolProxiedConnection

if TYPE_CHECKING:
    from vernly.connectors.sql import SqlSystem

MAX_IDLE = 2
"""Connections kept checked out per engine between requests."""
MAX_HELD_SECONDS = 300.0
"""After this a connection goes back to the pool, which recycles it by its own rules."""


@dataclass(frozen=True, slots=True)
class Reader:
    """A DB-API connection to run lookups on, and the dialect that compiles them."""

    dialect: Dialect
    dbapi: Any
    """The driver's connection (sqlite3, psycopg, pymysql ...)."""

    @classmethod
    def over(cls, conn: Connection) -> Reader:
        """Read through a SQLAlchemy connection, inside whatever transaction it has."""
        return cls(conn.dialect, conn.connection.dbapi_connection)


@dataclass(frozen=True, slots=True)
class _Held:
    proxied: PoolProxiedConnection
    reader: Reader
    autocommit: bool
    since: float


class _Idle:
    """The connections one engine keeps checked out for readers between requests.

    Holds no reference to the engine, so the engine can be garbage collected."""

    def __init__(self) -> None:
        self.held: list[_Held] = []

    def take(self, dialect: Dialect, checkout: Callable[[], PoolProxiedConnection]) -> _Held:
        try:
            return self.held.pop()
        except IndexError:
            pass
        proxied = checkout()
        reader = Reader(dialect, proxied.dbapi_connection)
        return _Held(proxied, reader, dialect.name == "postgresql" and _autocommit(reader),
                     time.monotonic())

    def give(self, held: _Held) -> None:
        if not held.autocommit:
            # Never idle inside a transaction: the next request would read an old snapshot.
            try:
                held.reader.dbapi.rollback()
            except held.reader.dialect.loaded_dbapi.Error:
                held.proxied.invalidate()
                held.proxied.close()
                return
        if len(self.held) < MAX_IDLE and time.monotonic() - held.since < MAX_HELD_SECONDS:
            self.held.append(held)
        else:
            _release(held)

    def drain(self) -> None:
        """Close the idle connections (the engine is being disposed of)."""
        while self.held:
            held = self.held.pop()
            held.proxied.invalidate()
            held.proxied.close()


_IDLE: weakref.WeakKeyDictionary[Engine, _Idle] = weakref.WeakKeyDictionary()
_IDLE_LOCK = threading.Lock()


def _idle_for(engine: Engine) -> _Idle:
    idle = _IDLE.get(engine)
    if idle is None:
        with _IDLE_LOCK:
            idle = _IDLE.get(engine)
            if idle is None:
                idle = _IDLE[engine] = _Idle()
                event.listen(engine, "engine_disposed", lambda _engine: idle.drain())
    return idle


@contextmanager
def readers(systems: Mapping[str, SqlSystem]) -> Iterator[dict[str, Reader]]:
    """A reader per system, one connection per database, for the duration of the block.

    After an error the connections go back to the pool rather than being kept.
    """
    taken: list[tuple[Engine, _Idle, _Held]] = []
    found: dict[str, Reader] = {}
    try:
        for sid, sql in systems.items():
            engine = sql.engine
            reader = next((h.reader for e, _i, h in taken if e is engine), None)
            if reader is None:
                idle = _idle_for(engine)
                held = idle.take(engine.dialect, sql.checkout)
                taken.append((engine, idle, held))
                reader = held.reader
            found[sid] = reader
        yield found
    except BaseException:
        for _engine, _idle, held in taken:
            _release(held)
        raise
    for _engine, idle, held in taken:
        idle.give(held)


def _autocommit(reader: Reader) -> bool:
    try:
        reader.dbapi.autocommit = True
    except reader.dialect.loaded_dbapi.Error:
        return False  # not idle (never after a pool reset): read in a transaction instead
    return True


def _release(held: _Held) -> None:
    """Back to the pool, as the pool handed it out."""
    try:
        if held.autocommit:
            held.reader.dbapi.autocommit = False
    except held.reader.dialect.loaded_dbapi.Error:
        # The pool must not hand out a connection left in autocommit.
        held.proxied.invalidate()
    finally:
        held.proxied.close()
