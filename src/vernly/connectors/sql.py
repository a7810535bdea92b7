"""A SQL system of the policy: one pooled engine and Core tables built from the policy.

The policy names the tables and columns; the database gives each column's type once per
process (so datetimes come back as datetimes on SQLite too). Nothing outside the policy is
ever read: an undeclared column never reaches an access package.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from sqlalchemy import Column, Engine, MetaData, Table, inspect, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, NoSuchTableError
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.types import NullType, TypeEngine

from vernly.connectors.engines import WRITE, make_engine
from vernly.connectors.identity import Identity, normalise_email, normalise_phone
from vernly.connectors.lookup import chunks, key_condition
from vernly.connectors.reading import Reader, readers
from vernly.connectors.records import (
    ErasureOutcome,
    Record,
    RectifyOutcome,
    TableInfo,
    as_utc,
)
from vernly.errors import ConfigurationError, InvalidInput
from vernly.policy.models import ErasureDefaults, System, pointed_at
from vernly.policy.models import Table as TableSpec

Rows = dict[Any, dict[str, Any]]
"""Primary key -> row (column -> value) of one table."""

NOT_SEARCHED = ("name",)
"""Identity kinds a row is never found by: a name alone never identifies anyone."""


class SqlSystem:
    """A connected SQL database declared as a system in the policy."""

    def __init__(self, system: System, url: str, engine: Engine | None = None,
                 env: Mapping[str, str] | None = None,
                 erasure_defaults: ErasureDefaults | None = None,
                 all_systems: Sequence[System] = ()) -> None:
        self.system = system
        self.env: Mapping[str, str] = env or {}
        """For the erasure key (`${ENV}` in the policy's `erasure.key`)."""
        self.erasure_defaults = erasure_defaults or ErasureDefaults()
        self._referenced = pointed_at(
            system, [system, *[s for s in all_systems if s.id != system.id]])
        self.url = url
        self.engine = engine or make_engine(url)
        self.specs: dict[str, TableSpec] = {t.name: t for t in system.tables}
        self._tables: dict[str, Table] | None = None
        self.statements: dict[tuple[Any, ...], Any] = {}
        """Prepared lookups by shape (see `lookup`), so a request only binds values."""
        self.erasure_targets: dict[str, Any] = {}
        """Per table, the column strategies erasure uses (see `erasure`)."""
        self._identity_columns: dict[str, list[tuple[str, str]]] = {
            t.name: [(c.name, str(c.identity)) for c in t.columns
                     if c.identity and c.identity not in NOT_SEARCHED]
            for t in system.tables}
        self._keys: dict[str, tuple[str, ...]] = {
            t.name: t.key_columns for t in system.tables if t.key_columns}
        self._info = {
            t.name: TableInfo(system.id, t.name, MappingProxyType(
                {c.name: c.category for c in t.columns}), t.activity or system.activity,
                frozenset(c.name for c in t.columns if c.provided_by_subject and c.category))
            for t in system.tables}
        self._context_info = {name: replace(info, context=True)
                              for name, info in self._info.items()}
        self._file = _sqlite_file(url)
        self._lock = threading.Lock()

    @property
    def id(self) -> str:
        return self.system.id

    # -- schema ---------------------------------------------------------------------------

    def table(self, name: str) -> Table:
        """The Core table for a policy table, typed from the database on first use."""
        tables = self._tables
        if tables is None:
            with self._lock:
                tables = self._tables = self._tables or self._build_tables()
        try:
            return tables[name]
        except KeyError:
            raise ConfigurationError(
                f"system '{self.id}': no table '{name}' in the policy") from None

    def spec(self, name: str) -> TableSpec:
        return self.specs[name]

    def referenced_columns(self, name: str) -> set[str]:
        """Columns of table `name` that references in the policy point at."""
        return self._referenced.get(name, set())

    def key_columns(self, name: str) -> tuple[str, ...]:
        """The table's key: declared in the policy, else the database's own."""
        keys = self._keys.get(name)
        if keys is None:
            self.table(name)
            keys = self._keys[name]
        return keys

    def _build_tables(self) -> dict[str, Table]:
        metadata = MetaData()
        built: dict[str, Table] = {}
        try:
            with self.connect() as conn:
                inspector = inspect(conn)
                for spec in self.system.tables:
                    try:
                        reflected = {c["name"]: c for c in inspector.get_columns(spec.name)}
                        if spec.name not in self._keys:
                            self._keys[spec.name] = self._reflected_key(inspector, spec.name)
                    except NoSuchTableError:
                        raise ConfigurationError(
                            f"system '{self.id}': table '{spec.name}' declared in the policy "
                            "does not exist in the database") from None
                    built[spec.name] = _core_table(self.id, spec, reflected, metadata,
                                                   self._keys[spec.name])
        except DBAPIError as exc:
            raise ConfigurationError(
                f"system '{self.id}': cannot reach the database ({type(exc.orig).__name__})"
            ) from None
        return built

    def _reflected_key(self, inspector: Any, name: str) -> tuple[str, ...]:
        keys = tuple(inspector.get_pk_constraint(name).get("constrained_columns") or ())
        if not keys:
            raise ConfigurationError(
                f"system '{self.id}': table '{name}' has no primary key in the policy or the "
                "database, expected 'primary_key' (a column or a list of columns)")
        return keys

    def connect(self) -> Connection:
        """A pooled connection; an unreachable database is one clear line, not a traceback."""
        self._refuse_missing_file()
        try:
            return self.engine.connect()
        except DBAPIError as exc:
            raise self._unreachable(exc.orig) from None

    def checkout(self) -> PoolProxiedConnection:
        """A pooled DB-API connection (for lookups), with the same clear errors."""
        self._refuse_missing_file()
        try:
            return self.engine.raw_connection()
        except DBAPIError as exc:
            raise self._unreachable(exc.orig) from None
        except self.engine.dialect.loaded_dbapi.Error as exc:
            raise self._unreachable(exc) from None

    def _refuse_missing_file(self) -> None:
        if self._file and not os.path.exists(self._file):
            # Connecting would silently create an empty database file.
            raise ConfigurationError(f"system '{self.id}': database file {self._file} does "
                                     "not exist")

    def _unreachable(self, error: BaseException | None) -> ConfigurationError:
        return ConfigurationError(
            f"system '{self.id}': cannot reach the database ({type(error).__name__})")

    def identity_columns(self, name: str) -> list[tuple[str, str]]:
        """(column, identity kind) pairs a person can be found by in a table."""
        return self._identity_columns[name]

    # -- reading --------------------------------------------------------------------------

    def records(self, table: str, rows: Rows, context: bool = False) -> list[Record]:
        """Rows as Records, sharing the table's categories, activity and provenance.

        `context` rows are not the person's own: rows theirs point at (docs/requests.md)."""
        info = self._context_info[table] if context else self._info[table]
        hidden = [k for k in self.key_columns(table) if k not in info.categories]
        if hidden:  # a reflected key the policy does not declare is never shown
            return [Record(info, key, {c: v for c, v in row.items() if c not in hidden})
                    for key, row in rows.items()]
        return [Record(info, key, row) for key, row in rows.items()]

    def rows_for(self, identity: Identity) -> dict[str, set[Any]]:
        """Primary keys of the person's rows per table, following this system's references.

        For the retention sweep, to leave restricted people's rows alone.
        """
        from vernly.connectors.graph import find_rows

        with readers({self.id: self}) as read:
            found = find_rows({self.id: self}, read, identity)
        return {table: set(rows) for (_, table), rows in found.items()}

    # -- writing --------------------------------------------------------------------------

    def erase(self, identity: Identity, now: datetime,
              linked: Mapping[str, SqlSystem] | None = None) -> ErasureOutcome:
        """Erase the person in this system, in one transaction.

        `linked` are the other SQL systems whose tables reference this one's or are
        referenced by them; they are only read, to follow cross-database references.
        """
        return self.erase_with([self.id], identity, now, linked)[self.id]

    def erase_with(self, group: list[str], identity: Identity, now: datetime,
                   linked: Mapping[str, SqlSystem] | None = None) -> dict[str, ErasureOutcome]:
        """Erase the person in this system and the linked systems in `group` from one
        reading of who owns what, one transaction per database (committed in turn).

        For systems whose rows give each other ownership both ways: erasing one first
        would hide from the other which of its rows are the person's.
        """
        from vernly.connectors.erasure import apply_plan, plan_erasure
        from vernly.connectors.graph import find_rows

        systems = {self.id: self, **(linked or {})}
        writing = {sid: systems[sid] for sid in group}
        others = {k: v for k, v in systems.items() if k not in writing}
        with ExitStack() as stack:
            conns: dict[str, Connection] = {}
            for sid, sql in writing.items():
                conn = stack.enter_context(sql.connect())
                conn.execution_options(**WRITE)
                stack.enter_context(conn.begin())
                conns[sid] = conn
            with readers(others) as read:
                reading = {**read, **{sid: Reader.over(c) for sid, c in conns.items()}}
                found = find_rows(systems, reading, identity, lock=list(writing))
                plans = {sid: plan_erasure(sql, conns[sid], systems, reading, found,
                                           as_utc(now), self.env)
                         for sid, sql in writing.items()}
            return {sid: apply_plan(sql, conns[sid], plans[sid])
                    for sid, sql in writing.items()}

    def rectify(self, identity: Identity, changes: Mapping[str, Any]) -> RectifyOutcome:
        """Write new values wherever this system holds the named categories or columns.

        Only rows that identify the person themselves change: a row reached through a
        reference (the shipment of the person's order) may describe someone else.
        """
        from vernly.connectors.graph import direct_rows

        outcome = RectifyOutcome(system=self.id)
        with self.connect() as conn:
            conn.execution_options(**WRITE)
            with conn.begin():
                for name, rows in direct_rows(self, Reader.over(conn), identity,
                                              lock=True).items():
                    count = self._rectify_table(conn, name, rows, changes)
                    if count:
                        outcome.updated[name] = count
        return outcome

    def _rectify_table(self, conn: Connection, name: str, rows: Rows,
                       changes: Mapping[str, Any]) -> int:
        from vernly.connectors.erasure import fixed_columns

        spec, table = self.specs[name], self.table(name)
        fixed = fixed_columns(self, name)
        targets: dict[str, Any] = {}
        for column in spec.columns:
            for key, value in changes.items():
                if key in (column.category, column.name) and column.name not in fixed:
                    targets[column.name] = _normalised(column.identity or column.category,
                                                       value)
        if not targets:
            return 0
        keys = [k for k, row in rows.items()
                if any(row.get(col) != value for col, value in targets.items())]
        cols = self.key_columns(name)
        for part in chunks(keys):
            conn.execute(update(table).where(key_condition(table, cols, part))
                         .values(**targets))
        return len(keys)

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_file(url: str) -> str | None:
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///"):].split("?", 1)[0]
    return path if path and path != ":memory:" else None


def _normalised(kind: str | None, value: Any) -> Any:
    if not isinstance(value, str) or kind is None:
        return value
    if kind in ("email", "user.contact.email"):
        return normalise_email(value)
    if kind in ("phone", "user.contact.phone_number"):
        return normalise_phone(value)
    return value


def _core_table(system_id: str, spec: TableSpec, reflected: Mapping[str, Mapping[str, Any]],
                metadata: MetaData, keys: tuple[str, ...]) -> Table:
    columns: list[Column[Any]] = []
    for declared in spec.columns:
        if declared.name not in reflected:
            raise ConfigurationError(
                f"system '{system_id}': column '{spec.name}.{declared.name}' declared in the "
                "policy does not exist in the database")
        found = reflected[declared.name]
        type_: TypeEngine[Any] = found.get("type") or NullType()
        columns.append(Column(declared.name, type_, primary_key=declared.name in keys,
                              nullable=bool(found.get("nullable", True))))
    missing = [k for k in keys if k not in reflected]
    if missing:
        raise ConfigurationError(
            f"system '{system_id}': key column '{spec.name}.{missing[0]}' does not exist in "
            "the database")
    undeclared = [k for k in keys if k not in {c.name for c in spec.columns}]
    for key in undeclared:
        # A reflected key the policy does not list is read to address rows, never shown.
        columns.append(Column(key, reflected[key].get("type") or NullType(), primary_key=True))
    return Table(spec.name, metadata, *columns)


def check_changes(changes: Mapping[str, Any], known: set[str]) -> None:
    """Refuse rectification keys no system holds: one line naming the unknown key."""
    for key in changes:
        if key not in known:
            raise InvalidInput(f"rectify: '{key}' is neither a data category nor a column "
                               "held by any system")
