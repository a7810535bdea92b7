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
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Connection

from vernly.connectors.identity import Identity
from vernly.connectors.lookup import run

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

    Tables are read parents first, so one statement per table asks for identity matches
    and for rows pointing at the parents already found; what that pass cannot reach (rows
    above a table without identity columns, cycles) is followed hop by hop afterwards.
    Rows of system `lock` are read `FOR UPDATE` (where the database has it) because the
    caller is about to change them in the same transaction.
    """
    edges, order = _plan(systems)
    found: dict[Node, Rows] = {}
    asked: dict[tuple[Node, str], set[Any]] = {}
    for node in order:
        by_column: dict[str, set[Any]] = {}
        for edge in edges:
            if edge.child == node and edge.parent in found:
                values = {r[edge.parent_column] for r in found[edge.parent].values()}
                values.discard(None)
                if values:
                    by_column.setdefault(edge.child_column, set()).update(values)
        sid, name = node
        rows = _query(systems[sid], conns[sid], name, identity, by_column, lock == sid)
        for column, values in by_column.items():
            asked.setdefault((node, column), set()).update(values)
        if rows:
            found[node] = rows
    frontier = dict(found)
    while frontier:
        wanted: dict[Node, dict[str, set[Any]]] = {}
        for node, rows in frontier.items():
            for edge in edges:
                if edge.parent == node:
                    values = {r[edge.parent_column] for r in rows.values()}
                    _want(wanted, asked, edge.child, edge.child_column, values)
                if edge.child == node and not systems[edge.parent[0]].identity_columns(
                        edge.parent[1]):
                    values = {r[edge.child_column] for r in rows.values()}
                    _want(wanted, asked, edge.parent, edge.parent_column, values)
        frontier = {}
        for node, by_column in wanted.items():
            sid, name = node
            rows = _query(systems[sid], conns[sid], name, None, by_column, lock == sid)
            known = found.setdefault(node, {})
            new = {k: v for k, v in rows.items() if k not in known}
            if new:
                known.update(new)
                frontier[node] = new
    return {node: rows for node, rows in found.items() if rows}


_PLANS: dict[tuple[tuple[str, int], ...], tuple[list[Edge], list[Node]]] = {}


def _plan(systems: Mapping[str, SqlSystem]) -> tuple[list[Edge], list[Node]]:
    """References and reading order for a set of systems, worked out once per process."""
    key = tuple(sorted((sid, id(sql.system)) for sid, sql in systems.items()))
    plan = _PLANS.get(key)
    if plan is None:
        edges = edges_of(systems)
        plan = _PLANS[key] = (edges, _parents_first(systems, edges))
    return plan


def _parents_first(systems: Mapping[str, SqlSystem], edges: list[Edge]) -> list[Node]:
    nodes = [(sid, name) for sid, sql in systems.items() for name in sql.specs]
    parents = {n: {e.parent for e in edges if e.child == n and e.parent != n} for n in nodes}
    ordered: list[Node] = []
    placed: set[Node] = set()
    while len(ordered) < len(nodes):
        ready = [n for n in nodes if n not in placed and parents[n] <= placed]
        # A cycle: take the next table anyway; the hop-by-hop pass finishes the job.
        for node in ready or [next(n for n in nodes if n not in placed)]:
            ordered.append(node)
            placed.add(node)
    return ordered


def direct_rows(sql: SqlSystem, conn: Connection, identity: Identity,
                lock: bool = False) -> dict[str, Rows]:
    """Rows of one system an identity column matches (no references followed)."""
    found = {name: _query(sql, conn, name, identity, {}, lock) for name in sql.specs}
    return {name: rows for name, rows in found.items() if rows}


def _want(wanted: dict[Node, dict[str, set[Any]]], asked: dict[tuple[Node, str], set[Any]],
          node: Node, column: str, values: set[Any]) -> None:
    done = asked.setdefault((node, column), set())
    values = values - done - {None}
    if values:
        done.update(values)
        wanted.setdefault(node, {}).setdefault(column, set()).update(values)


def _query(sql: SqlSystem, conn: Connection, name: str, identity: Identity | None,
           by_column: Mapping[str, set[Any]], lock: bool) -> Rows:
    """One statement: identity matches OR rows whose columns hold the given values."""
    from vernly.connectors.sql import CHUNK, chunks

    matches = [(column, i, value) for column, kind in sql.identity_columns(name)
               for i, value in enumerate(identity.values_for(kind) if identity else [])]
    lists = {column: sorted(values, key=repr) for column, values in by_column.items()}
    if not matches and not lists:
        return {}
    if sum(len(v) for v in lists.values()) <= CHUNK:
        return run(sql, conn, name, matches, lists, lock)
    # Too many keys for one statement: identity matches first, then one statement per chunk.
    rows = run(sql, conn, name, matches, {}, lock) if matches else {}
    for column, values in lists.items():
        for part in chunks(values):
            rows.update(run(sql, conn, name, [], {column: part}, lock))
    return rows
