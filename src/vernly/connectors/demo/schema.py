"""The demo systems' database schema, built from the policy's tables.

The policy names tables and columns but not SQL types, so the demo gives them: by column
name (`*_at` is a UTC timestamp, `*_id` an integer key, `*_nok` money, ...). Indexes go on
what requests and retention search by: identity columns, reference columns (both ends) and
timestamps. References within one database become foreign keys.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    func,
    inspect,
)
from sqlalchemy.engine import Connection
from sqlalchemy.types import TypeEngine

from vernly.errors import Conflict
from vernly.policy.models import System, pointed_at
from vernly.policy.models import Table as TableSpec

_TEXT_COLUMNS = {"body", "reason"}
_LENGTHS = {"email": 254, "buyer_email": 254, "mobile": 20, "phone": 20, "buyer_mobile": 20,
            "recipient_phone": 20, "customer_number": 20, "order_number": 20, "status": 20,
            "carrier": 40}
_REQUIRED = {"order_number", "order_id", "event_title"}


def column_type(name: str) -> TypeEngine[Any]:
    """The SQL type the demo gives a policy column, by its name."""
    if name.endswith("_at"):
        return DateTime(timezone=True)
    if name.endswith("_date"):
        return Date()
    if name == "id" or name.endswith("_id") or name == "quantity":
        return Integer()
    if name.endswith("_nok"):
        return Numeric(12, 2, asdecimal=False)
    if name in _TEXT_COLUMNS:
        return Text()
    return String(_LENGTHS.get(name, 200))


def _indexed(spec: TableSpec) -> dict[str, bool]:
    """Column -> unique? for every column the demo indexes."""
    wanted: dict[str, bool] = {}
    for column in spec.columns:
        if column.identity and column.identity != "name":
            wanted[column.name] = column.identity == "customer_number"
    for ref in spec.references:
        for field in ref.fields:
            wanted[field] = False
    if spec.timestamp_field:
        wanted[spec.timestamp_field] = False
    for key in spec.key_columns:
        wanted.pop(key, None)
    return wanted


def referenced_columns(system: System, all_systems: list[System]) -> set[tuple[str, str]]:
    """(table, column) of this system other tables point at (they need a unique index)."""
    return {(name, column) for name, columns in pointed_at(system, all_systems).items()
            for column in columns}


def build_metadata(system: System, all_systems: list[System] | None = None
                   ) -> tuple[MetaData, list[Index]]:
    """Tables (with primary and foreign keys) and, separately, their secondary indexes,
    so a bulk load can create the indexes after the data."""
    metadata = MetaData()
    indexes: list[Index] = []
    targets = referenced_columns(system, all_systems or [system])
    local = {spec.name for spec in system.tables}
    for spec in system.tables:
        foreign = {}
        for ref in spec.references:
            system_id, name, pointed = ref.target()
            if system_id is None and name in local and len(pointed) == 1:
                foreign[ref.fields[0]] = f"{name}.{pointed[0]}"
        key_cols = spec.key_columns
        required = {*key_cols, *_REQUIRED}
        if spec.timestamp_field:
            required.add(spec.timestamp_field)
        columns = []
        for declared in spec.columns:
            args: list[Any] = [column_type(declared.name)]
            if declared.name in foreign:
                args.append(ForeignKey(foreign[declared.name]))
            columns.append(Column(
                declared.name, *args, primary_key=declared.name in key_cols,
                autoincrement=key_cols == (declared.name,),
                nullable=declared.name not in required))
        table = Table(spec.name, metadata, *columns)
        unique = {column for (owner, column) in targets if owner == spec.name}
        wanted = _indexed(spec)
        for column in unique:
            wanted[column] = True
        emails = {c.name for c in spec.columns if c.identity == "email"}
        for column, is_unique in sorted(wanted.items()):
            if column not in table.c or column in key_cols:
                continue
            name = f"ix_{spec.name}_{column}"
            if column not in emails:
                indexes.append(Index(name, table.c[column], unique=is_unique))
                continue
            # E-mail is matched as lower(column) = :address; MariaDB has no expression
            # indexes, and its case-insensitive collation lets a plain one serve.
            indexes.append(_only_on(Index(name, func.lower(table.c[column]),
                                          unique=is_unique), _EXPRESSION_INDEXES))
            indexes.append(_only_on(Index(name, table.c[column], unique=is_unique),
                                    _PLAIN_EMAIL_INDEXES))
    return metadata, indexes


_EXPRESSION_INDEXES = ("postgresql", "sqlite")
_PLAIN_EMAIL_INDEXES = ("mysql", "mariadb")


def _only_on(index: Index, dialects: tuple[str, ...]) -> Index:
    """An index created (by `create_all` or `create_index`) only on these databases."""
    index.info["dialects"] = dialects
    return index.ddl_if(dialect=dialects)  # type: ignore[arg-type]  # a tuple is documented


def create_index(conn: Connection, index: Index) -> None:
    """Create one index, where it is meant for this database."""
    dialects = index.info.get("dialects")
    if dialects and conn.dialect.name not in dialects:
        return
    index.create(conn)


def create_schema(system: System, engine: Engine, all_systems: list[System] | None = None,
                  replace: bool = False, with_indexes: bool = True) -> tuple[MetaData,
                                                                          list[Index]]:
    """Create the system's tables; refuses to touch existing ones unless `replace`."""
    metadata, indexes = build_metadata(system, all_systems)
    existing = set(inspect(engine).get_table_names()) & set(metadata.tables)
    if existing and not replace:
        raise Conflict(f"system '{system.id}': tables {', '.join(sorted(existing))} already "
                       "exist; use --force to replace them")
    if existing:
        metadata.drop_all(engine)
    # The indexes stay bound to their tables for `create_indexes` (now, or after a load).
    for table in metadata.tables.values():
        table.indexes.clear()
    metadata.create_all(engine)
    if with_indexes:
        create_indexes(engine, indexes)
    return metadata, indexes


def create_indexes(engine: Engine, indexes: list[Index]) -> None:
    with engine.begin() as conn:
        for index in indexes:
            create_index(conn, index)
