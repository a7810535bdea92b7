"""Finding a person's rows: identity matches, then references followed hop by hop.

Hop 0 matches identity columns (e-mail, phone, customer number) with `=` on normalised
values. Each later hop asks every table reached for the rows whose keys point at the rows
found in the previous hop, with one `IN (...)` query per table per hop, across tables and
across databases alike. References are followed

* downwards always: rows pointing at the person's rows are the person's (an order of the
  person's customer account, the lines and shipments of that order, a return case about it);
* upwards only to tables without identity columns: a table that can identify people is
  matched by identity, so a row found there via a key (say the customer account a shipment's
  order belongs to) may be someone else's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from vernly.connectors.identity import Identity
from vernly.connectors.records import as_utc

if TYPE_CHECKING:
    from vernly.connectors.sql import Rows, SqlSystem

Node = tuple[str, str]
"""(system id, table name)."""


@dataclass(frozen=True)
class Edge:
    """`child.child_column` references `parent.parent_column`."""

    child: Node
    child_column: str
    parent: Node
    parent_column: str


def edges_of(systems: Mapping[str, SqlSystem]) -> list[Edge]:
    """Every reference between tables of the given systems."""
    found: list[Edge] = []
    for sid, sql in systems.items():
        for spec in sql.system.tables:
            for ref in spec.references:
                parts = ref.to.split(".")
                target_system = sid if len(parts) == 2 else parts[0]
                if target_system in systems:
                    found.append(Edge((sid, spec.name), ref.field,
                                      (target_system, parts[-2]), parts[-1]))
    return found


def find_rows(systems: Mapping[str, SqlSystem], conns: Mapping[str, Connection],
              identity: Identity, lock: str | None = None) -> dict[Node, Rows]:
    """The person's rows in every table of `systems`, keyed by (system, table).

    Rows of system `lock` are read `FOR UPDATE` (where the database has it) because the
    caller is about to change them in the same transaction.
    """
    edges = edges_of(systems)
    found: dict[Node, Rows] = {}
    frontier: dict[Node, Rows] = {}
    for sid, sql in systems.items():
        for name in sql.specs:
            rows = _direct(sql, conns[sid], name, identity, lock == sid)
            if rows:
                found[(sid, name)] = rows
                frontier[(sid, name)] = rows
    while frontier:
        wanted: dict[Node, dict[str, set[Any]]] = {}
        for node, rows in frontier.items():
            for edge in edges:
                if edge.parent == node:
                    values = {r[edge.parent_column] for r in rows.values()}
                    _want(wanted, edge.child, edge.child_column, values)
                if edge.child == node and not systems[edge.parent[0]].identity_columns(
                        edge.parent[1]):
                    values = {r[edge.child_column] for r in rows.values()}
                    _want(wanted, edge.parent, edge.parent_column, values)
        frontier = {}
        for node, by_column in wanted.items():
            sid, name = node
            rows = _by_keys(systems[sid], conns[sid], name, by_column, lock == sid)
            known = found.setdefault(node, {})
            new = {k: v for k, v in rows.items() if k not in known}
            if new:
                known.update(new)
                frontier[node] = new
    return {node: rows for node, rows in found.items() if rows}


def direct_rows(sql: SqlSystem, conn: Connection, identity: Identity,
                lock: bool = False) -> dict[str, Rows]:
    """Rows of one system an identity column matches (no references followed)."""
    found = {name: _direct(sql, conn, name, identity, lock) for name in sql.specs}
    return {name: rows for name, rows in found.items() if rows}


def _want(wanted: dict[Node, dict[str, set[Any]]], node: Node, column: str,
          values: set[Any]) -> None:
    values.discard(None)
    if values:
        wanted.setdefault(node, {}).setdefault(column, set()).update(values)


def _direct(sql: SqlSystem, conn: Connection, name: str, identity: Identity,
            lock: bool) -> Rows:
    table = sql.table(name)
    conditions = [table.c[column] == value
                  for column, kind in sql.identity_columns(name)
                  for value in identity.values_for(kind)]
    if not conditions:
        return {}
    return _fetch(sql, conn, name, [or_(*conditions)], lock)


def _by_keys(sql: SqlSystem, conn: Connection, name: str,
             by_column: Mapping[str, set[Any]], lock: bool) -> Rows:
    from vernly.connectors.sql import CHUNK, chunks

    table = sql.table(name)
    pieces = [(column, part) for column, values in by_column.items()
              for part in chunks(sorted(values, key=repr))]
    # Everything in one statement while it fits; otherwise one statement per chunk.
    if sum(len(part) for _, part in pieces) <= CHUNK:
        return _fetch(sql, conn, name, [or_(*(table.c[c].in_(p) for c, p in pieces))], lock)
    rows: Rows = {}
    for column, part in pieces:
        rows.update(_fetch(sql, conn, name, [table.c[column].in_(part)], lock))
    return rows


def _fetch(sql: SqlSystem, conn: Connection, name: str, where: list[ColumnElement[bool]],
           lock: bool) -> Rows:
    table = sql.table(name)
    pk = sql.spec(name).primary_key
    statement = select(table).where(*where)
    if lock and conn.dialect.name != "sqlite":
        statement = statement.with_for_update()
    rows: Rows = {}
    for row in conn.execute(statement).mappings():
        values = {k: as_utc(v) if isinstance(v, datetime) else v for k, v in row.items()}
        rows[values[pk]] = values
    return rows
