"""The hot path of every request: one prepared lookup per table, run on the driver.

A lookup is a Core `select()` compiled once per shape (table, identity columns, how many
keys per `IN`) for the system's dialect; afterwards a request only binds values and runs
the compiled SQL on the connection's DB-API cursor, converting values with the same
SQLAlchemy result processors a Core query would use. That keeps SQLAlchemy's portability
and type handling while costing about what hand-written SQL costs. `IN` lists are padded
to a power of two (repeating the last key) so a handful of shapes cover every size.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from vernly.connectors.records import as_utc

if TYPE_CHECKING:
    from vernly.connectors.sql import Rows, SqlSystem

Match = tuple[str, int, Any]
"""(identity column, index, value)."""


@dataclass
class Prepared:
    """Compiled SQL of one lookup shape, and how to read its rows."""

    sql: str
    order: tuple[str, ...] | None
    """Parameter names in position order, for drivers with positional parameters."""
    columns: list[str]
    types: list[Any]
    converters: list[tuple[str, Callable[[Any], Any]]] | None = field(default=None)
    """Column -> conversion, for columns that need one; built from the first result's
    column types (PostgreSQL's numeric conversion depends on them)."""


def _padded(values: list[Any]) -> list[Any]:
    size = 1
    while size < len(values):
        size *= 2
    return values + [values[-1]] * (size - len(values))


def _prepare(sql: SqlSystem, conn: Connection, name: str, matches: list[Match],
             lists: Mapping[str, list[Any]], lock: bool) -> Prepared:
    table = sql.table(name)
    conditions: list[ColumnElement[bool]] = [
        table.c[c] == bindparam(f"m_{c}_{i}") for c, i, _ in matches]
    for column, values in sorted(lists.items()):
        conditions.append(table.c[column].in_(
            [bindparam(f"l_{column}_{j}") for j in range(len(values))]))
    statement = select(table).where(or_(*conditions))
    if lock:
        statement = statement.with_for_update()
    compiled = statement.compile(dialect=conn.dialect)
    order = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup \
        else None
    return Prepared(str(compiled), order, [c.name for c in table.columns],
                    [c.type for c in table.columns])


def run(sql: SqlSystem, conn: Connection, name: str, matches: list[Match],
        lists: Mapping[str, list[Any]], lock: bool) -> Rows:
    """The rows of `name` an identity column matches or whose columns hold listed keys."""
    lock = lock and conn.dialect.name != "sqlite"
    lists = {c: _padded(v) for c, v in lists.items() if v}
    shape = (name, tuple((c, i) for c, i, _ in matches),
             tuple(sorted((c, len(v)) for c, v in lists.items())), lock)
    prepared: Prepared | None = sql.statements.get(shape)
    if prepared is None:
        if len(sql.statements) > 4096:  # unusual shapes must not grow memory forever
            sql.statements.clear()
        prepared = sql.statements[shape] = _prepare(sql, conn, name, matches, lists, lock)
    params: dict[str, Any] = {f"m_{c}_{i}": v for c, i, v in matches}
    for column, keys in lists.items():
        params.update({f"l_{column}_{j}": v for j, v in enumerate(keys)})
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(prepared.sql, tuple(params[n] for n in prepared.order)
                       if prepared.order is not None else params)
        fetched = cursor.fetchall()
        if prepared.converters is None:
            prepared.converters = _converters(conn, prepared, cursor.description)
    finally:
        cursor.close()
    pk, columns, converters = sql.spec(name).primary_key, prepared.columns, prepared.converters
    rows: Rows = {}
    for raw in fetched:
        values = dict(zip(columns, raw, strict=True))
        for column, convert in converters:
            value = values[column]
            if value is not None:
                values[column] = convert(value)
        rows[values[pk]] = values
    return rows


def _converters(conn: Connection, prepared: Prepared,
                description: Sequence[Any]) -> list[tuple[str, Callable[[Any], Any]]]:
    dialect = conn.dialect
    found: list[tuple[str, Callable[[Any], Any]]] = []
    for column, type_, described in zip(prepared.columns, prepared.types, description,
                                        strict=True):
        process = type_.dialect_impl(dialect).result_processor(dialect, described[1])
        if _is_datetime(type_):
            found.append((column, _datetime(process)))
        elif process is not None:
            found.append((column, process))
    return found


def _is_datetime(type_: Any) -> bool:
    try:
        return bool(type_.python_type is datetime)
    except NotImplementedError:
        return False


def _datetime(process: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    # Every timestamp leaves the connectors aware and in UTC, whatever the driver returns.
    if process is None:
        return lambda value: as_utc(value) if isinstance(value, datetime) else value
    return lambda value: _utc_or_same(process(value))


def _utc_or_same(value: Any) -> Any:
    return as_utc(value) if isinstance(value, datetime) else value
