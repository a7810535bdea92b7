"""Finding a person's rows by the rule in docs/requests.md.

Seed rows match an identity column. From the person's rows, references are followed

* down (rows pointing at a person's row are the person's) into tables that hold no people,
  or where the reference says `follow: down`/`both`;
* up (the row pointed at is the person's) only where the reference says `follow: up`/`both`.

Those are the person's own rows. Rows their references point at in tables that hold no
people (a product, an address) are context: shown in an access package, never followed
further and never changed by erasure. A row reached through a shared row is therefore never
another person's.

Tables are read in the order ownership flows (a parent before the children it owns), so one
statement per table asks for identity matches and for rows owned through the tables
already read; what that pass cannot reach (cycles, `up` flows) is followed hop by hop.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from operator import is_
from typing import TYPE_CHECKING, Any

from vernly.connectors.identity import Identity
from vernly.connectors.lookup import CHUNK, Cols, Match, chunks, run
from vernly.policy.models import Follow, Orphans

if TYPE_CHECKING:
    from vernly.connectors.reading import Reader
    from vernly.connectors.sql import Rows, SqlSystem
    from vernly.policy.models import System

Node = tuple[str, str]
"""(system id, table name)."""


@dataclass(frozen=True)
class Edge:
    """`child.child_cols` references `parent.parent_cols`, and how it may be followed."""

    child: Node
    child_cols: Cols
    parent: Node
    parent_cols: Cols
    orphans: Orphans = Orphans.keep
    down: bool = False
    """Rows of `child` pointing at a person's row are the person's."""
    up: bool = False
    """The row a person's `child` row points at is the person's."""
    context: bool = False
    """The row a person's `child` row points at is shown as context."""


def key_of(row: Mapping[str, Any], cols: Cols) -> Any:
    """A row's value for some columns: a scalar for one column, a tuple for several;
    None when any is NULL (such a reference points nowhere)."""
    if len(cols) == 1:
        return row[cols[0]]
    values = tuple(row[c] for c in cols)
    return None if None in values else values


def values_of(rows: Iterable[Mapping[str, Any]], cols: Cols) -> set[Any]:
    found = {key_of(r, cols) for r in rows}
    found.discard(None)
    return found


def edges_of(systems: Mapping[str, SqlSystem]) -> list[Edge]:
    """Every reference between tables of the given systems, with its directions."""
    return edges_between({sid: sql.system for sid, sql in systems.items()})


_EDGES: dict[tuple[tuple[str, int], ...], tuple[tuple[System, ...], list[Edge]]] = {}


def edges_between(systems: Mapping[str, System]) -> list[Edge]:
    """`edges_of` for the policy's declarations alone (nothing opened); worked out once
    per set of systems (do not change the list)."""
    declared = tuple(systems.values())
    key = tuple((sid, id(system)) for sid, system in systems.items())
    cached = _EDGES.get(key)
    # The policy objects are kept with the edges so a recycled id() cannot match.
    if cached is not None and all(map(is_, cached[0], declared)):
        return cached[1]
    if len(_EDGES) >= 256:
        _EDGES.clear()
    edges = _edges(systems)
    _EDGES[key] = (declared, edges)
    return edges


def _edges(systems: Mapping[str, System]) -> list[Edge]:
    people = {(sid, t.name): t.holds_people() for sid, system in systems.items()
              for t in system.tables}
    found: list[Edge] = []
    for sid, system in systems.items():
        for spec in system.tables:
            for ref in spec.references:
                target_system, name, columns = ref.target()
                parent = (target_system or sid, name)
                if parent[0] not in systems:
                    continue
                child = (sid, spec.name)
                follow = ref.follow
                found.append(Edge(
                    child, ref.fields, parent, columns, ref.orphans,
                    down=follow in (Follow.down, Follow.both)
                    or (follow is None and not people[child]),
                    up=follow in (Follow.up, Follow.both),
                    context=follow in (None, Follow.down) and not people.get(parent, True)))
    return found


def ownership_links(systems: Mapping[str, System]) -> set[tuple[str, str]]:
    """(receiving system, giving system) pairs: rows of the first are the person's because
    rows of the second are (a down reference from it, or an up reference into it)."""
    links: set[tuple[str, str]] = set()
    for edge in edges_between(systems):
        if edge.child[0] == edge.parent[0]:
            continue
        if edge.down:
            links.add((edge.child[0], edge.parent[0]))
        if edge.up:
            links.add((edge.parent[0], edge.child[0]))
    return links


def givers_of(systems: Mapping[str, System]) -> dict[str, set[str]]:
    """System -> the systems whose own rows must be known before its own can be found:
    those giving ownership to it or to a system it gives and takes ownership with both
    ways (a cycle is found from one reading, so its systems never wait for each other)."""
    links = ownership_links(systems)
    reach: dict[str, set[str]] = {}
    for start in systems:  # the systems ownership flows to from `start`
        seen, todo = {start}, [start]
        while todo:
            current = todo.pop()
            for taker, giver in links:
                if giver == current and taker not in seen:
                    seen.add(taker)
                    todo.append(taker)
        reach[start] = seen
    found: dict[str, set[str]] = {}
    for sid in systems:
        cycle = {other for other in systems if sid in reach[other] and other in reach[sid]}
        givers = {giver for taker, giver in links if taker in cycle} - cycle
        if givers:
            found[sid] = givers
    return found


@dataclass(frozen=True)
class Flow:
    """Ownership passing from rows of `source` to the rows of `target` that match."""

    source: Node
    source_cols: Cols
    target: Node
    target_cols: Cols


@dataclass
class Found:
    """The person's own rows and the context rows they point at, per (system, table)."""

    own: dict[Node, Rows] = field(default_factory=dict)
    context: dict[Node, Rows] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """How to walk a set of systems, worked out once per process."""

    order: list[Node]
    """Ownership sources first."""
    into: dict[Node, list[Flow]]
    """Per table, the flows that bring rows into it."""
    out: dict[Node, list[Flow]]
    """Per table, the flows from it."""
    out_unread: dict[Node, list[Flow]]
    """Of those, the ones the ordered pass cannot have followed (the target is read before
    the source, or is the source)."""
    context: list[Edge]
    searchable: dict[Node, list[tuple[str, str]]]
    """Per table, its (column, identity kind) pairs that find people."""
    kinds: frozenset[str]


def find(systems: Mapping[str, SqlSystem], readers: Mapping[str, Reader], identity: Identity,
         lock: str | Collection[str] | None = None, with_context: bool = True,
         *, group: Collection[str] | None = None,
         given: Mapping[Node, Rows] | None = None) -> Found:
    """The person's own rows in every table of `systems`, and the context rows.

    Rows of system(s) `lock` are read `FOR UPDATE` (where the database has it) because the
    caller is about to change them in the same transaction.

    `group`: read only these systems (one system, or the systems that give each other
    ownership both ways); `given` then holds the complete own rows of every system that
    gives ownership to them, read earlier, so their databases are not read again. The
    result holds the group's own rows (with the given ones) and the context rows the
    group's own rows point at, wherever those are (`readers` must cover them).
    """
    locked = {lock} if isinstance(lock, str) else set(lock or ())
    plan = _plan(systems)
    reading = set(systems) if group is None else set(group)
    wanted_values = {kind: identity.values_for(kind) for kind in plan.kinds}
    own: dict[Node, Rows] = {}
    asked: dict[tuple[Node, Cols], set[Any]] = {}
    for node in plan.order:
        by_cols: dict[Cols, set[Any]] = {}
        for flow in plan.into[node]:
            source_rows = own.get(flow.source)
            if source_rows:
                values = values_of(source_rows.values(), flow.source_cols)
                if values:
                    by_cols.setdefault(flow.target_cols, set()).update(values)
        sid = node[0]
        if sid not in reading:  # complete already (or no concern of the group)
            if given and given.get(node):
                own[node] = dict(given[node])
            continue
        matches = [(column, kind, i, value) for column, kind in plan.searchable[node]
                   for i, value in enumerate(wanted_values[kind])]
        rows = _query(systems[sid], readers[sid], node[1], matches, by_cols, sid in locked)
        for cols, values in by_cols.items():
            asked[(node, cols)] = values
        if rows:
            own[node] = rows
    frontier = dict(own)
    outgoing = plan.out_unread
    while frontier:
        wanted: dict[Node, dict[Cols, set[Any]]] = {}
        for node, rows in frontier.items():
            for flow in outgoing[node]:
                _want(wanted, asked, flow.target, flow.target_cols,
                      values_of(rows.values(), flow.source_cols))
        frontier = {}
        outgoing = plan.out
        for node, by_cols in wanted.items():
            sid, name = node
            if sid not in reading:
                continue
            rows = _query(systems[sid], readers[sid], name, [], by_cols, sid in locked)
            known = own.setdefault(node, {})
            new = {k: v for k, v in rows.items() if k not in known}
            if new:
                known.update(new)
                frontier[node] = new
    found = Found(own={node: rows for node, rows in own.items() if rows})
    if with_context:
        found.context = _context(systems, readers, plan, found.own, reading)
    return found


def context_targets(systems: Mapping[str, System], group: Collection[str]) -> set[str]:
    """The systems holding the context rows that rows of `group` may point at."""
    return {e.parent[0] for e in edges_between(systems) if e.context and e.child[0] in group}


def _context(systems: Mapping[str, SqlSystem], readers: Mapping[str, Reader], plan: Plan,
             own: dict[Node, Rows], reading: Collection[str]) -> dict[Node, Rows]:
    """Rows the person's rows (of the systems read) point at in tables holding no people;
    never followed on."""
    wanted: dict[Node, dict[Cols, set[Any]]] = {}
    for edge in plan.context:
        if edge.child[0] not in reading:
            continue
        rows = own.get(edge.child)
        if rows:
            values = values_of(rows.values(), edge.child_cols)
            if values:
                wanted.setdefault(edge.parent, {}).setdefault(edge.parent_cols,
                                                              set()).update(values)
    context: dict[Node, Rows] = {}
    for node, by_cols in wanted.items():
        sid, name = node
        mine = own.get(node, {})
        rows = _query(systems[sid], readers[sid], name, [], by_cols, False)
        rows = {k: v for k, v in rows.items() if k not in mine}
        if rows:
            context[node] = rows
    return context


def find_rows(systems: Mapping[str, SqlSystem], readers: Mapping[str, Reader],
              identity: Identity, lock: str | Collection[str] | None = None
              ) -> dict[Node, Rows]:
    """The person's own rows only (no context), keyed by (system, table)."""
    return find(systems, readers, identity, lock, with_context=False).own


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
    flows = [Flow(e.parent, e.parent_cols, e.child, e.child_cols) for e in edges if e.down]
    flows += [Flow(e.child, e.child_cols, e.parent, e.parent_cols) for e in edges if e.up]
    order = _sources_first(nodes, flows)
    position = {n: i for i, n in enumerate(order)}
    plan = Plan(order=order,
                into={n: [f for f in flows if f.target == n] for n in nodes},
                out={n: [f for f in flows if f.source == n] for n in nodes},
                out_unread={n: [f for f in flows if f.source == n
                                and position[f.target] <= position[n]] for n in nodes},
                context=[e for e in edges if e.context],
                searchable=searchable,
                kinds=frozenset(kind for pairs in searchable.values() for _, kind in pairs))
    if len(_PLANS) >= 64:  # policies reloaded over and over must not grow memory forever
        _PLANS.clear()
    _PLANS[key] = (declared, plan)
    return plan


def _sources_first(nodes: list[Node], flows: list[Flow]) -> list[Node]:
    sources = {n: {f.source for f in flows if f.target == n and f.source != n} for n in nodes}
    ordered: list[Node] = []
    placed: set[Node] = set()
    while len(ordered) < len(nodes):
        ready = [n for n in nodes if n not in placed and sources[n] <= placed]
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
        matches = [(column, kind, i, value) for column, kind in sql.identity_columns(name)
                   for i, value in enumerate(identity.values_for(kind))]
        rows = _query(sql, reader, name, matches, {}, lock)
        if rows:
            found[name] = rows
    return found


def pointing_at(sql: SqlSystem, reader: Reader, name: str, cols: Cols, values: set[Any],
                lock: bool = False) -> Rows:
    """Rows of `name` whose `cols` hold one of `values`."""
    return _query(sql, reader, name, [], {cols: values} if values else {}, lock)


def _want(wanted: dict[Node, dict[Cols, set[Any]]], asked: dict[tuple[Node, Cols], set[Any]],
          node: Node, cols: Cols, values: set[Any]) -> None:
    done = asked.setdefault((node, cols), set())
    values = values - done
    if values:
        done.update(values)
        wanted.setdefault(node, {}).setdefault(cols, set()).update(values)


def _query(sql: SqlSystem, reader: Reader, name: str, matches: list[Match],
           by_cols: Mapping[Cols, set[Any]], lock: bool) -> Rows:
    """One statement: identity matches OR rows whose columns hold the given values."""
    if not matches and not by_cols:
        return {}
    lists = {cols: sorted(values, key=repr) if len(values) > 1 else list(values)
             for cols, values in by_cols.items()}
    if sum(len(v) for v in lists.values()) <= CHUNK:
        return run(sql, reader, name, matches, lists, lock)
    # Too many keys for one statement: identity matches first, then one statement per chunk.
    rows = run(sql, reader, name, matches, {}, lock) if matches else {}
    for cols, values in lists.items():
        for part in chunks(values):
            rows.update(run(sql, reader, name, [], {cols: part}, lock))
    return rows
