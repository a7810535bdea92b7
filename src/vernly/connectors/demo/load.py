"""Bulk loading into each kind of database, in one transaction per database.

SQLite gets `executemany` on the driver connection with syncing off for the build;
PostgreSQL gets `COPY`; MariaDB gets `executemany`, which PyMySQL turns into multi-row
INSERTs. Secondary indexes are created after the data, which is several times faster than
maintaining them row by row.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, Engine, Index, MetaData, text

from vernly.connectors.demo.schema import create_index

Convert = Callable[[Any], Any]


def _sqlite_datetime(ts: int) -> str:
    # The text SQLAlchemy's SQLite DateTime type writes and reads back.
    return time.strftime("%Y-%m-%d %H:%M:%S.000000", time.gmtime(ts))


def _aware(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def _naive(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC).replace(tzinfo=None)


def _iso_date(value: date) -> str:
    return value.isoformat()


class Loader:
    """Inserts rows into one database inside a single transaction."""

    def __init__(self, engine: Engine, metadata: MetaData) -> None:
        self.engine = engine
        self.metadata = metadata
        self.dialect = engine.dialect.name
        self.raw = engine.raw_connection()
        driver = self.raw.driver_connection
        assert driver is not None
        self.driver: Any = driver
        if self.dialect == "sqlite":
            for pragma in ("synchronous=OFF", "cache_size=-64000", "temp_store=MEMORY",
                           "foreign_keys=OFF"):
                self.driver.execute(f"PRAGMA {pragma}")
            self.driver.execute("BEGIN")
        elif self.dialect in ("mysql", "mariadb"):
            with self.driver.cursor() as cursor:
                cursor.execute("SET FOREIGN_KEY_CHECKS=0")
                cursor.execute("SET UNIQUE_CHECKS=0")

    def _converters(self, table: str, columns: Sequence[str]) -> list[tuple[int, Convert]]:
        found: list[tuple[int, Convert]] = []
        types = self.metadata.tables[table].c
        for i, name in enumerate(columns):
            type_ = types[name].type
            if isinstance(type_, DateTime):
                found.append((i, {"sqlite": _sqlite_datetime, "postgresql": _aware}.get(
                    self.dialect, _naive)))
            elif isinstance(type_, Date) and self.dialect == "sqlite":
                found.append((i, _iso_date))
        return found

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        converters = self._converters(table, columns)
        if converters:
            rows = [_convert(row, converters) for row in rows]
        names = ", ".join(columns)
        if self.dialect == "sqlite":
            marks = ", ".join("?" * len(columns))
            self.driver.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        elif self.dialect == "postgresql":
            with self.driver.cursor() as cursor, cursor.copy(
                    f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            with self.driver.cursor() as cursor:
                for start in range(0, len(rows), 5000):
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})",
                                       rows[start:start + 5000])

    def commit(self) -> None:
        if self.dialect == "sqlite":
            self.driver.execute("COMMIT")
            self.driver.execute("PRAGMA synchronous=NORMAL")
            self.driver.execute("PRAGMA foreign_keys=ON")
        else:
            self.raw.commit()
        self.raw.close()

    def rollback(self) -> None:
        try:
            if self.dialect == "sqlite":
                self.driver.execute("ROLLBACK")
            else:
                self.raw.rollback()
        finally:
            self.raw.close()


def _convert(row: tuple[Any, ...], converters: list[tuple[int, Convert]]) -> tuple[Any, ...]:
    values = list(row)
    for i, convert in converters:
        if values[i] is not None:
            values[i] = convert(values[i])
    return tuple(values)


def finish(engine: Engine, metadata: MetaData, indexes: list[Index]) -> None:
    """Indexes, planner statistics and, on PostgreSQL, sequences past the loaded ids."""
    with engine.begin() as conn:
        for index in indexes:
            create_index(conn, index)
        if engine.dialect.name == "postgresql":
            for table in metadata.sorted_tables:
                for column in table.primary_key.columns:
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'),"
                        f" COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"))
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    elif engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    else:
        with engine.begin() as conn:
            for table in metadata.sorted_tables:
                conn.execute(text(f"ANALYZE TABLE {table.name}"))
