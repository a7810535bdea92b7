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
from operator import is_
from typing import TYPE_CHECKING, Any

from vernly.connectors.identity import Identity
from vernly.connectors.lookup import CHUNK, Match, chunks, run

if TYPE_CHECKING:
    from vernly.connectors.reading import Reader
    from vernly.connectors.sql import Rows, SqlSystem
    from vernly.policy.models import System

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
                target_system, name, columns = ref.target()
                target_system = target_system or sid
                if target_system in systems:
                    found.append(Edge((sid, spec.name), ref.fields[0],
                                      (target_system, name), columns[0]))
    return found


@dataclass(frozen=True)
class Plan:
    """How to walk a set of systems, worked out once per process."""

    order: list[Node]
    """Parents first."""
    parents: dict[Node, list[Edge]]
    """Per table, the references it holds (the table is the edge's child)."""
    down: dict[Node, list[Edge]]
    """Per table, the references pointing at it."""
    down_unread: dict[Node, list[Edge]]
    """Of those, the ones the parents-first pass cannot have followed (the referencing
    table is read before this one, or is this one)."""
    up: dict[Node, list[Edge]]
    """Per table, the references it holds to tables without identity columns."""
    searchable: dict[Node, list[tuple[str, str]]]
    """Per table, its (column, identity kind) pairs."""
    kinds: frozenset[str]
    """Every identity kind some table is searched by."""


def find_rows(systems: Mapping[str, SqlSystem], readers: Mapping[str, Reader],
              identity: Identity, lock: str | None = None) -> dict[Node, Rows]:
    """The person's rows in every table of `systems`, keyed by (system, table).

    Tables are read parents first, so one statement per table asks for identity matches
    and for rows pointing at the parents already found; what that pass cannot reach (rows
    above a table without identity columns, cycles) is followed hop by hop afterwards.
    Rows of system `lock` are read `FOR UPDATE` (where the database has it) because the
    caller is about to change them in the same transaction.
    """
    plan = _plan(systems)
    wanted_values = {kind: identity.values_for(kind) for kind in plan.kinds}
    found: dict[Node, Rows] = {}
    asked: dict[tuple[Node, str], set[Any]] = {}
    for node in plan.order:
        by_column: dict[str, set[Any]] = {}
        for edge in plan.parents[node]:
            parent_rows = found.get(edge.parent)
            if parent_rows:
                column = edge.parent_column
                values = {r[column] for r in parent_rows.values()}
                values.discard(None)
                if values:
                    by_column.setdefault(edge.child_column, set()).update(values)
        sid = node[0]
        matches = [(column, i, value) for column, kind in plan.searchable[node]
                   for i, value in enumerate(wanted_values[kind])]
        rows = _query(systems[sid], readers[sid], node[1], matches, by_column, lock == sid)
        for column, values in by_column.items():
            asked[(node, column)] = values
        if rows:
            found[node] = rows
    frontier = dict(found)
    down = plan.down_unread
    while frontier:
        wanted: dict[Node, dict[str, set[Any]]] = {}
        for node, rows in frontier.items():
            for edge in down[node]:
                column = edge.parent_column
                _want(wanted, asked, edge.child, edge.child_column,
                      {r[column] for r in rows.values()})
            for edge in plan.up[node]:
                column = edge.child_column
                _want(wanted, asked, edge.parent, edge.parent_column,
                      {r[column] for r in rows.values()})
        frontier = {}
        down = plan.down
        for node, by_column in wanted.items():
            sid, name = node
            rows = _query(systems[sid], readers[sid], name, [], by_column, lock == sid)
            known = found.setdefault(node, {})
            new = {k: v for k, v in rows.items() if k not in known}
            if new:
                known.update(new)
                frontier[node] = new
    return {node: rows for node, rows in found.items() if rows}


_PLANS: dict[tuple[tuple[str, ...], tuple[int, ...]], tuple[tuple[System, ...], Plan]] = {}


def _plan(systems: Mapping[str, SqlSystem]) -> Plan:
    declared = tuple([sql.system for sql in systems.values()])
    key = (tuple(systems), tuple(map(id, declared)))
    cached = _PLANS.get(key)
    # The policy objects are kept with the plan so a recycled id() cannot match.
    if cached is not None and all(map(is_, cached[0], declared)):
        return cached[1]
    edges = edges_of(systems)
    nodes = [(sid, name) for sid, sql in systems.items() for name in sql.specs]
    searchable = {(sid, name): sql.identity_columns(name)
                  for sid, sql in systems.items() for name in sql.specs}
    order = _parents_first(nodes, edges)
    position = {n: i for i, n in enumerate(order)}
    plan = Plan(order=order,
                parents={n: [e for e in edges if e.child == n] for n in nodes},
                down={n: [e for e in edges if e.parent == n] for n in nodes},
                down_unread={n: [e for e in edges if e.parent == n
                                 and position[e.child] <= position[n]] for n in nodes},
                up={n: [e for e in edges if e.child == n and not searchable[e.parent]]
                    for n in nodes},
                searchable=searchable,
                kinds=frozenset(kind for pairs in searchable.values() for _, kind in pairs))
    if len(_PLANS) >= 64:  # policies reloaded over and over must not grow memory forever
        _PLANS.clear()
    _PLANS[key] = (declared, plan)
    return plan


def _parents_first(nodes: list[Node], edges: list[Edge]) -> list[Node]:
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


def direct_rows(sql: SqlSystem, reader: Reader, identity: Identity,
                lock: bool = False) -> dict[str, Rows]:
    """Rows of one system an identity column matches (no references followed)."""
    found: dict[str, Rows] = {}
    for name in sql.specs:
        matches = [(column, i, value) for column, kind in sql.identity_columns(name)
                   for i, value in enumerate(identity.values_for(kind))]
        rows = _query(sql, reader, name, matches, {}, lock)
        if rows:
            found[name] = rows
    return found


def _want(wanted: dict[Node, dict[str, set[Any]]], asked: dict[tuple[Node, str], set[Any]],
          node: Node, column: str, values: set[Any]) -> None:
    done = asked.setdefault((node, column), set())
    values = values - done - {None}
    if values:
        done.update(values)
        wanted.setdefault(node, {}).setdefault(column, set()).update(values)


def _query(sql: SqlSystem, reader: Reader, name: str, matches: list[Match],
           by_column: Mapping[str, set[Any]], lock: bool) -> Rows:
    """One statement: identity matches OR rows whose columns hold the given values."""
    if not matches and not by_column:
        return {}
    lists = {column: sorted(values, key=repr) if len(values) > 1 else list(values)
             for column, values in by_column.items()}
    if sum(len(v) for v in lists.values()) <= CHUNK:
        return run(sql, reader, name, matches, lists, lock)
    # Too many keys for one statement: identity matches first, then one statement per chunk.
    rows = run(sql, reader, name, matches, {}, lock) if matches else {}
    for column, values in lists.items():
        for part in chunks(values):
            rows.update(run(sql, reader, name, [], {column: part}, lock))
    return rows
