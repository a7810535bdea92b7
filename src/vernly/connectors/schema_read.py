"""A customer database's own schema, and bounded samples of its data, read-only.

For `vernly policy check --connect` and `vernly policy draft`: tables, columns, primary
keys, unique sets and foreign keys as the database reports them (SQLAlchemy's inspector,
the database's default schema), and at most `limit` rows per query. Nothing here writes,
and a SQLite file that does not exist is refused rather than created.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import (
    ColumnClause,
    Connection,
    Select,
    and_,
    column,
    create_engine,
    inspect,
    select,
    table,
    tuple_,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    NoSuchModuleError,
    SAWarning,
    SQLAlchemyError,
)
from sqlalchemy.pool import NullPool

from vernly.errors import ConfigurationError

CONNECT_TIMEOUT = 10
"""Seconds to wait for a server before calling it unreachable."""


@dataclass(frozen=True)
class ForeignKey:
    """`columns` of a table point at `targets` of `table` (in the same database)."""

    columns: tuple[str, ...]
    table: str
    targets: tuple[str, ...]

    def pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset(zip(self.columns, self.targets, strict=True))


@dataclass(frozen=True)
class DbTable:
    """One table as the database describes it."""

    name: str
    columns: tuple[str, ...]
    primary_key: tuple[str, ...]
    unique: tuple[frozenset[str], ...]
    """Column sets of unique constraints and unique indexes (expression indexes left out)."""
    foreign_keys: tuple[ForeignKey, ...]


def _sqlite_file(url: str) -> str | None:
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///"):].split("?", 1)[0]
    return path if path and path != ":memory:" else None


def _first_line(error: BaseException | None) -> str:
    text = str(error or "").strip().splitlines()
    return text[0][:200] if text else ""


def unreachable(what: str, error: BaseException | None) -> ConfigurationError:
    """One line naming what could not be reached and why (the driver's first line)."""
    detail = _first_line(error)
    return ConfigurationError(f"{what}: cannot reach the database ({type(error).__name__}"
                              + (f": {detail}" if detail else "") + ")")


@contextmanager
def connect(url: str, what: str) -> Iterator[Connection]:
    """A read-only use of one connection; unreachable means one ConfigurationError line."""
    file = _sqlite_file(url)
    if file and not os.path.exists(file):
        raise ConfigurationError(f"{what}: database file {file} does not exist")
    try:
        parsed = make_url(url)
        args: dict[str, Any] = {}
        if not url.startswith("sqlite") and "connect_timeout" not in parsed.query:
            args["connect_timeout"] = CONNECT_TIMEOUT
        engine = create_engine(parsed, poolclass=NullPool, connect_args=args)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise ConfigurationError(f"{what}: not a database URL ({_first_line(exc)})") from None
    try:
        try:
            conn = engine.connect()
        except DBAPIError as exc:
            raise unreachable(what, exc.orig) from None
        except SQLAlchemyError as exc:
            raise unreachable(what, exc) from None
        with conn:
            yield conn
    finally:
        engine.dispose()


def reflect(conn: Connection, what: str) -> dict[str, DbTable]:
    """Every table of the database's default schema, by name."""
    try:
        with warnings.catch_warnings():
            # Expression indexes (lower(email)) are left out; SQLAlchemy says so each time.
            warnings.filterwarnings("ignore", "Skipped unsupported reflection", SAWarning)
            return _reflect(conn)
    except DBAPIError as exc:
        raise unreachable(what, exc.orig) from None


def _reflect(conn: Connection) -> dict[str, DbTable]:
    inspector = inspect(conn)
    tables: dict[str, DbTable] = {}
    for name in inspector.get_table_names():
        columns = tuple(c["name"] for c in inspector.get_columns(name))
        primary = tuple(inspector.get_pk_constraint(name).get("constrained_columns") or ())
        unique = [frozenset(u["column_names"])
                  for u in inspector.get_unique_constraints(name) if u["column_names"]]
        unique += [frozenset(str(c) for c in i["column_names"])
                   for i in inspector.get_indexes(name)
                   if i.get("unique") and i["column_names"]
                   and all(c is not None for c in i["column_names"])]
        foreign = tuple(
            ForeignKey(tuple(fk["constrained_columns"]), fk["referred_table"],
                       tuple(fk["referred_columns"]))
            for fk in inspector.get_foreign_keys(name)
            if fk.get("referred_schema") in (None, inspector.default_schema_name)
            and fk["constrained_columns"])
        tables[name] = DbTable(name, columns, primary, tuple(unique), foreign)
    return tables


def sample(conn: Connection, name: str, columns: Sequence[str],
           limit: int) -> dict[str, list[object]]:
    """Up to `limit` rows of some columns of a table, column by column."""
    if not columns:
        return {}
    wanted: list[ColumnClause[Any]] = [column(c) for c in columns]
    query: Select[Any] = select(*wanted).select_from(table(name)).limit(limit)
    rows = conn.execute(query).all()
    return {c: [row[i] for row in rows] for i, c in enumerate(columns)}


@dataclass(frozen=True)
class Support:
    """How far the data bears out a reference: sampled child values and those with no row."""

    sampled: int
    missing: int


def _same(value: object, case_insensitive: bool) -> object:
    """A value as the database compares it: numbers by value, MariaDB's text without case
    or trailing spaces."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        try:
            return Decimal(str(value)).normalize()
        except InvalidOperation:
            return value
    if isinstance(value, str) and case_insensitive:
        return value.rstrip(" ").casefold()
    return value


def reference_support(child: Connection, child_table: str, fields: Sequence[str],
                      parent: Connection, parent_table: str, targets: Sequence[str],
                      limit: int) -> Support:
    """Sample up to `limit` child rows with every reference column set, and count those
    whose values have no row in the parent: two bounded queries, in one database or two."""
    cols: list[ColumnClause[Any]] = [column(f) for f in fields]
    query: Select[Any] = (select(*cols).select_from(table(child_table))
             .where(and_(*(c.is_not(None) for c in cols))).limit(limit))
    values = list(dict.fromkeys(tuple(row) for row in child.execute(query)))
    if not values:
        return Support(0, 0)
    wanted: list[ColumnClause[Any]] = [column(t) for t in targets]
    condition = (wanted[0].in_([v[0] for v in values]) if len(wanted) == 1
                 else tuple_(*wanted).in_(values))
    found_query = select(*wanted).select_from(table(parent_table)).where(condition).distinct()
    folded = parent.dialect.name in ("mysql", "mariadb")
    found = {tuple(_same(v, folded) for v in row) for row in parent.execute(found_query)}
    missing = sum(1 for v in values if tuple(_same(x, folded) for x in v) not in found)
    return Support(len(values), missing)


def lower_index_missing(conn: Connection, table_name: str, column_name: str) -> bool:
    """Whether e-mail lookups (`lower(column) = :address`) lack an index on SQLite or
    PostgreSQL. MariaDB has no expression indexes; its case-insensitive collation lets
    a plain index serve, so it is never reported."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        found = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
            (table_name,)).scalars().all()
    elif dialect == "postgresql":
        found = conn.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %(t)s",
            {"t": table_name}).scalars().all()
    else:
        return False
    wanted = (f"lower({column_name})", f"lower(({column_name})::text)")
    for definition in found:
        flat = "".join(str(definition or "").lower().replace('"', "").split())
        if any(w.replace(" ", "") in flat for w in wanted):
            return False
    return True
