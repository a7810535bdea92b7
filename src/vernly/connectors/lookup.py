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
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, and_, bindparam, func, or_, select
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.processors import str_to_datetime
from sqlalchemy.sql.elements import ColumnElement

if TYPE_CHECKING:
    from vernly.connectors.reading import Reader
    from vernly.connectors.sql import Rows, SqlSystem

Match = tuple[str, str, int, Any]
"""(identity column, identity kind, index, value)."""
Cols = tuple[str, ...]
"""Columns a reference or key is made of (one, or several for composite ones)."""

Convert = Callable[[Any], Any]

from_iso = datetime.fromisoformat

CHUNK = 500
"""Most values in one `IN (...)`; keeps statements within every database's limits."""


def chunks(values: list[Any], size: int = CHUNK) -> list[list[Any]]:
    return [values[i:i + size] for i in range(0, len(values), size)]


def key_condition(table: Any, cols: Cols, keys: Sequence[Any]) -> ColumnElement[bool]:
    """Rows whose `cols` hold one of `keys` (scalars for one column, tuples for several)."""
    if len(cols) == 1:
        return table.c[cols[0]].in_(list(keys))  # type: ignore[no-any-return]
    return or_(*[and_(*[table.c[c] == v for c, v in zip(cols, key, strict=True)])
                 for key in keys])


@dataclass
class Prepared:
    """Compiled SQL of one lookup shape, and how to bind and read it.

    Values are bound in one canonical order: identity matches as given, then each listed
    column group's keys (groups sorted by name; a composite key's values in column order).
    """

    sql: str
    names: tuple[str, ...]
    """Parameter names in canonical order."""
    positions: tuple[int, ...] | None
    """For positional drivers: the canonical index of each position, when it differs."""
    positional: bool
    columns: tuple[str, ...]
    types: list[Any]
    key: int | tuple[int, ...]
    """Index of the primary key among the columns (indexes, for a composite key)."""
    converters: tuple[tuple[int, Convert], ...] | None = field(default=None)
    """Column index -> conversion, for the columns that need one; built from the first
    result's column types (PostgreSQL's numeric conversion depends on them)."""

    def bind(self, values: list[Any]) -> Any:
        if not self.positional:
            return dict(zip(self.names, values, strict=True))
        if self.positions is None:
            return values
        return [values[i] for i in self.positions]


def _padded(values: list[Any]) -> list[Any]:
    size = 1 << (len(values) - 1).bit_length()
    return values + [values[-1]] * (size - len(values)) if size > len(values) else values


def _prepare(sql: SqlSystem, dialect: Dialect, name: str, matches: list[Match],
             lists: Mapping[Cols, list[Any]], lock: bool) -> Prepared:
    table = sql.table(name)
    names = [f"m_{c}_{i}" for c, _, i, _ in matches]
    conditions: list[ColumnElement[bool]] = [
        _identity_condition(table.c[c], kind, bindparam(n), dialect)
        for (c, kind, _, _), n in zip(matches, names, strict=True)]
    for cols, values in sorted(lists.items()):
        label = "_".join(cols)
        if len(cols) == 1:
            keys = [f"l_{label}_{j}" for j in range(len(values))]
            names.extend(keys)
            conditions.append(table.c[cols[0]].in_([bindparam(k) for k in keys]))
            continue
        # Composite: (a = ? AND b = ?) OR ..., which every database plans with its index.
        for j in range(len(values)):
            keys = [f"l_{label}_{j}_{n}" for n in range(len(cols))]
            names.extend(keys)
            conditions.append(and_(*[table.c[c] == bindparam(k)
                                     for c, k in zip(cols, keys, strict=True)]))
    statement = select(table).where(or_(*conditions))
    if lock:
        statement = statement.with_for_update()
    compiled = statement.compile(dialect=dialect)
    positions: tuple[int, ...] | None = None
    if compiled.positional:
        index = {n: i for i, n in enumerate(names)}
        positions = tuple(index[n] for n in compiled.positiontup or ())
        if positions == tuple(range(len(names))):
            positions = None
    columns = tuple(c.name for c in table.columns)
    key_cols = sql.key_columns(name)
    key: int | tuple[int, ...] = (columns.index(key_cols[0]) if len(key_cols) == 1
                                  else tuple(columns.index(k) for k in key_cols))
    return Prepared(str(compiled), tuple(names), positions, bool(compiled.positional),
                    columns, [c.type for c in table.columns], key)


def _identity_condition(column: Any, kind: str, param: Any,
                        dialect: Dialect) -> ColumnElement[bool]:
    """`column` holds the value: e-mail case-insensitively (docs/requests.md)."""
    if kind != "email":
        return column == param  # type: ignore[no-any-return]
    if dialect.name in ("mysql", "mariadb") and isinstance(column.type, String):
        collation = (column.type.collation or "").lower()
        if not collation.endswith(("_bin", "_cs")):
            # A case-insensitive collation lets the plain index find the candidates;
            # the binary comparison keeps accent- or pad-insensitive ones out.
            return and_(column == param,
                        func.binary(func.lower(column)) == func.binary(param))
    return func.lower(column) == param  # type: ignore[no-any-return]


def run(sql: SqlSystem, reader: Reader, name: str, matches: list[Match],
        lists: Mapping[Cols, list[Any]], lock: bool) -> Rows:
    """The rows of `name` an identity column matches or whose columns hold listed keys."""
    dialect = reader.dialect
    lock = lock and dialect.name != "sqlite"
    values = [v for _, _, _, v in matches]
    sizes: list[tuple[Cols, int]] = []
    for cols, keys in sorted(lists.items()):
        if keys:
            keys = _padded(keys)
            sizes.append((cols, len(keys)))
            if len(cols) == 1:
                values.extend(keys)
            else:
                for key in keys:
                    values.extend(key)
    shape = (name, tuple([(c, k, i) for c, k, i, _ in matches]), tuple(sizes), lock)
    prepared: Prepared | None = sql.statements.get(shape)
    if prepared is None:
        if len(sql.statements) > 4096:  # unusual shapes must not grow memory forever
            sql.statements.clear()
        prepared = sql.statements[shape] = _prepare(
            sql, dialect, name, matches, {c: _padded(lists[c]) for c, _ in sizes}, lock)
    cursor = reader.dbapi.cursor()
    try:
        cursor.execute(prepared.sql, prepared.bind(values))
        fetched = cursor.fetchall()
        converters = prepared.converters
        if converters is None:
            converters = prepared.converters = _converters(dialect, prepared,
                                                           cursor.description)
    finally:
        cursor.close()
    return _rows(fetched, prepared.columns, prepared.key, converters)


def _rows(fetched: Sequence[Sequence[Any]], columns: tuple[str, ...],
          key: int | tuple[int, ...],
          converters: tuple[tuple[int, Convert], ...]) -> Rows:
    # The statement selects exactly `columns`, so zip needs no length check.
    rows: Rows = {}
    if not converters and isinstance(key, int):
        for raw in fetched:
            rows[raw[key]] = dict(zip(columns, raw))  # noqa: B905
        return rows
    for raw in fetched:
        values = list(raw)
        for index, convert in converters:
            value = values[index]
            if value is not None:
                values[index] = convert(value)
        row_key = values[key] if isinstance(key, int) else tuple(values[i] for i in key)
        rows[row_key] = dict(zip(columns, values))  # noqa: B905
    return rows


def _converters(dialect: Dialect, prepared: Prepared,
                description: Sequence[Any]) -> tuple[tuple[int, Convert], ...]:
    found: list[tuple[int, Convert]] = []
    for index, (type_, described) in enumerate(zip(prepared.types, description,
                                                   strict=True)):
        process = type_.dialect_impl(dialect).result_processor(dialect, described[1])
        if _is_datetime(type_):
            found.append((index, _datetime(process)))
        elif process is not None:
            found.append((index, process))
    return tuple(found)


def _is_datetime(type_: Any) -> bool:
    try:
        return bool(type_.python_type is datetime)
    except NotImplementedError:
        return False


def _datetime(process: Convert | None) -> Convert:
    # Every timestamp leaves the connectors aware and in UTC, whatever the driver returns
    # (naive ones are UTC: that is how vernly and the demo store them; see `as_utc`).
    def utc(value: Any) -> Any:
        if process is not None:
            value = process(value)
        if isinstance(value, datetime):
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value

    if process is not str_to_datetime:
        return utc

    def iso_utc(value: Any) -> Any:
        # SQLite text parsed by `datetime.fromisoformat` (SQLAlchemy's processor): naive
        # text parsed as UTC directly is several times cheaper than parsing, then
        # replacing the zone. Text with a zone of its own (or a bare date, or not ISO)
        # fails here or comes back without the zone, and takes the general path.
        try:
            parsed = from_iso(value + "+00:00")
        except (TypeError, ValueError):
            return utc(value)
        return parsed if parsed.tzinfo is UTC else utc(value)

    return iso_utc
