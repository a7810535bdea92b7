"""Every system of the policy, opened lazily and kept open for the process.

The request engine asks the data map to collect a person's data everywhere, or to erase or
rectify it one system at a time (so it can record each system as done and resume after a
crash). External systems (run by someone else, no connection) hold nothing vernly can
collect; they come back empty with a note, which is not an error.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from vernly.connectors.engines import make_engine
from vernly.connectors.files import FileStore
from vernly.connectors.form_store import ensure_tables, is_form_store
from vernly.connectors.graph import (
    Node,
    context_targets,
    find,
    find_rows,
    givers_of,
    ownership_links,
)
from vernly.connectors.identity import Identity, country_code
from vernly.connectors.location import system_url
from vernly.connectors.logs import LogFile
from vernly.connectors.manual import ManualSystem
from vernly.connectors.reading import readers
from vernly.connectors.records import (
    CollectedPart,
    ErasureOutcome,
    RectifyOutcome,
    SystemRecords,
)
from vernly.connectors.sql import Rows, SqlSystem, check_changes
from vernly.errors import ConfigurationError
from vernly.policy.models import Policy, System, SystemKind

EXTERNAL_NOTE = ("run by a third party without a connection to vernly; the person is "
                 "referred to the recipient")
NO_WINDOW_NOTE = "no time window given; recordings are found by time and camera"
NO_IP_NOTE = "no IP address given; log lines are found by IP address"
# Looking an enum member up per system on every request costs more than it seems.
SQL, FILES, LOG, MANUAL = (SystemKind.sql, SystemKind.files, SystemKind.log,
                           SystemKind.manual)


class DataMap:
    """The policy's systems, connected."""

    def __init__(self, policy: Policy, workspace: Path, env: Mapping[str, str]) -> None:
        self.policy = policy
        self.workspace = Path(workspace)
        self.env = dict(env)
        self._open: dict[str, Any] = {}
        self._engines: dict[str, Engine] = {}
        self._sql_systems: dict[str, SqlSystem] | None = None
        self._systems_layout: list[tuple[System, str, list[tuple[str, str]]]] | None = None
        self._lock = threading.RLock()
        self._region: str | None = None
        self._pending: dict[tuple[Identity, str], ErasureOutcome] = {}
        """Outcomes of systems erased with another one of their ownership cycle."""

    # -- opening --------------------------------------------------------------------------

    def system(self, system_id: str) -> System:
        try:
            return self.policy.system(system_id)
        except StopIteration:
            raise ConfigurationError(f"unknown system '{system_id}'") from None

    def _get(self, system_id: str, kind: SystemKind) -> Any:
        opened = self._open.get(system_id)
        if opened is not None:
            return opened
        with self._lock:
            if system_id in self._open:
                return self._open[system_id]
            system = self.system(system_id)
            if system.kind != kind:
                raise ConfigurationError(f"system '{system_id}' is {system.kind}, not {kind}")
            opened = self._make(system)
            self._open[system_id] = opened
            return opened

    def _make(self, system: System) -> Any:
        if system.kind == SystemKind.manual:
            return ManualSystem(system)
        url = system_url(system, self.workspace, self.env)
        if system.kind == SystemKind.sql:
            # Systems sharing one database share one pool.
            engine = self._engines.get(url) or self._engines.setdefault(url, make_engine(url))
            if is_form_store(self.policy, system.id):
                ensure_tables(self.policy, system, url, engine)  # vernly's own database
            return SqlSystem(system, url, engine, env=self.env,
                             erasure_defaults=self.policy.erasure,
                             all_systems=self.policy.systems)
        if system.kind == SystemKind.files:
            return FileStore(system, url)
        return LogFile(system, url)

    def sql(self, system_id: str) -> SqlSystem:
        result: SqlSystem = self._get(system_id, SystemKind.sql)
        return result

    def files(self, system_id: str) -> FileStore:
        result: FileStore = self._get(system_id, SystemKind.files)
        return result

    def log(self, system_id: str) -> LogFile:
        result: LogFile = self._get(system_id, SystemKind.log)
        return result

    def manual(self, system_id: str) -> ManualSystem:
        result: ManualSystem = self._get(system_id, SystemKind.manual)
        return result

    def sql_systems(self) -> dict[str, SqlSystem]:
        """Every SQL system, opened; the same dict each time (do not change it)."""
        opened = self._sql_systems
        if opened is None:
            opened = {s.id: self.sql(s.id) for s in self.policy.systems
                      if s.kind == SystemKind.sql}
            self._sql_systems = opened
        return opened

    def linked(self, system_id: str) -> dict[str, SqlSystem]:
        """The SQL systems joined to this one by references, directly or through others."""
        declared = {s.id: s for s in self.policy.systems if s.kind == SystemKind.sql}
        pairs = _system_links(declared)
        group, todo = {system_id}, [system_id]
        while todo:
            current = todo.pop()
            for a, b in pairs:
                for x, y in ((a, b), (b, a)):
                    if x == current and y not in group:
                        group.add(y)
                        todo.append(y)
        return {sid: self.sql(sid) for sid in group if sid in declared}

    def _ownership_cycle(self, system_id: str) -> list[str]:
        """The systems that give and take ownership with this one both ways (itself
        included), in erasure order; they are erased from one reading."""
        links = ownership_links({s.id: s for s in self.policy.systems
                                 if s.kind == SystemKind.sql})

        def reach(start: str, forward: bool) -> set[str]:
            seen, todo = {start}, [start]
            while todo:
                current = todo.pop()
                for taker, giver in links:
                    a, b = (giver, taker) if forward else (taker, giver)
                    if a == current and b not in seen:
                        seen.add(b)
                        todo.append(b)
            return seen

        group = reach(system_id, True) & reach(system_id, False)
        return [sid for sid in self.erasure_order() if sid in group]

    def erasure_order(self) -> list[str]:
        """System ids in the order erasure must run: a system whose rows are the person's
        because rows of another system are (returns about the person's orders) goes before
        that system, so ownership is always read from rows erasure has not touched yet."""
        ids = [s.id for s in self.policy.systems]
        links = ownership_links({s.id: s for s in self.policy.systems
                                 if s.kind == SystemKind.sql})
        ordered: list[str] = []
        remaining = list(ids)
        while remaining:
            ready = [s for s in remaining
                     if not any(taker in remaining and taker != s and giver == s
                                for taker, giver in links)]
            ready = ready or remaining[:1]  # a cycle between systems: policy order
            ordered.extend(ready)
            remaining = [s for s in remaining if s not in ready]
        return ordered

    # -- requests -------------------------------------------------------------------------

    def rows_for(self, identity: Identity) -> dict[str, dict[str, set[Any]]]:
        """System -> table -> primary keys of the person's rows (for restriction checks)."""
        systems = self.sql_systems()
        with readers(systems) as read:
            found = find_rows(systems, read, self._in_region(identity))
        keys: dict[str, dict[str, set[Any]]] = {}
        for (sid, table), rows in found.items():
            keys.setdefault(sid, {})[table] = set(rows)
        return keys

    def collect(self, identity: Identity, now: datetime | None = None,
                kind: str = "access") -> list[SystemRecords]:
        """Everything about the person in every system, in policy order, in one pass."""
        now = now or datetime.now(UTC)
        systems = self.sql_systems()
        identity = self._in_region(identity)
        with readers(systems) as read:
            found = find(systems, read, identity)
        others = {system.id: self._other_part(system, system_kind, identity, kind, now)
                  for system, system_kind, _tables in self._layout() if system_kind != SQL}
        return self._records(found.own, found.context, others)

    def collection_blockers(self) -> dict[str, set[str]]:
        """System -> the systems whose own rows collecting it needs first (`givers_of`)."""
        return givers_of({s.id: s for s in self.policy.systems if s.kind == SystemKind.sql})

    def collect_part(self, identity: Identity, system_id: str,
                     given: Mapping[Node, Rows], now: datetime | None = None,
                     kind: str = "access") -> CollectedPart:
        """What one system holds about the person. `given`: the own rows of every system
        in `collection_blockers()[system_id]`, collected before; only this system's
        database (with the others of its ownership cycle, and those holding the context
        rows its rows point at) is read."""
        now = now or datetime.now(UTC)
        system = self.system(system_id)
        identity = self._in_region(identity)
        if system.kind != SystemKind.sql:
            return self._other_part(system, str(system.kind), identity, kind, now)
        declared = {s.id: s for s in self.policy.systems if s.kind == SystemKind.sql}
        group = set(self._ownership_cycle(system_id))
        targets = context_targets(declared, group)
        needed = group | self.collection_blockers().get(system_id, set()) | targets
        systems = {sid: self.sql(sid) for sid in declared if sid in needed}
        with readers({sid: systems[sid] for sid in systems
                      if sid in group or sid in targets}) as read:
            found = find(systems, read, identity, group=group, given=given)
        return CollectedPart(
            system=system_id, kind=str(system.kind),
            own={node: rows for node, rows in found.own.items() if node[0] == system_id},
            context=found.context)

    def assemble(self, parts: Mapping[str, CollectedPart]) -> list[SystemRecords]:
        """The records of every system from the parts collected one system at a time:
        the same records, in the same order, that `collect` finds in one pass."""
        own: dict[Node, Rows] = {}
        context: dict[Node, Rows] = {}
        for part in parts.values():
            own.update(part.own)
        for part in parts.values():
            for node, rows in part.context.items():
                mine = own.get(node, {})
                merged = context.setdefault(node, {})
                merged.update({k: v for k, v in rows.items() if k not in mine})
        others = {sid: part for sid, part in parts.items() if part.kind != SQL}
        return self._records(own, {n: r for n, r in context.items() if r}, others)

    def _records(self, own: Mapping[Node, Rows], context: Mapping[Node, Rows],
                 others: Mapping[str, CollectedPart]) -> list[SystemRecords]:
        """Per system in policy order; each table's rows in key order, so the result does
        not depend on the order the database returned them in (one pass or per system)."""
        results: list[SystemRecords] = []
        for system, system_kind, tables in self._layout():
            result = SystemRecords(system=system.id, kind=system_kind)
            if system_kind == SQL:
                sql = self.sql(system.id)
                for node in tables:
                    rows = own.get(node)
                    if rows:
                        result.records.extend(sql.records(node[1], in_key_order(rows)))
                    shown = context.get(node)
                    if shown:
                        result.records.extend(sql.records(node[1], in_key_order(shown),
                                                          context=True))
            else:
                part = others[system.id]
                result.files, result.log_lines = part.files, part.log_lines
                result.task, result.note = part.task, part.note
            results.append(result)
        return results

    def _other_part(self, system: System, system_kind: str, identity: Identity, kind: str,
                    now: datetime) -> CollectedPart:
        """A system that is not SQL: recordings, log lines, a task, or a note why not."""
        part = CollectedPart(system=system.id, kind=system_kind)
        if system_kind == FILES:
            if identity.window:
                part.files = self.files(system.id).access(identity)
            else:
                part.note = NO_WINDOW_NOTE
        elif system_kind == LOG:
            if identity.ip_address:
                part.log_lines = self.log(system.id).access(identity)
            else:
                part.note = NO_IP_NOTE
        elif system_kind == MANUAL:
            part.task = self.manual(system.id).task(kind, identity, now)
        else:
            part.note = EXTERNAL_NOTE
        return part

    def _in_region(self, identity: Identity) -> Identity:
        """Phone numbers stored without a country code are the controller's country's."""
        region = self._region
        if region is None:
            region = self._region = country_code(self.policy.controller.address.country)
        return identity if identity.region == region else replace(identity, region=region)

    def _layout(self) -> list[tuple[System, str, list[tuple[str, str]]]]:
        """Per system in policy order: its kind and its tables as (system, table) nodes."""
        layout = self._systems_layout
        if layout is None:
            layout = self._systems_layout = [
                (s, str(s.kind), [(s.id, t.name) for t in s.tables])
                for s in self.policy.systems]
        return layout

    def systems_holding(self, identity: Identity) -> list[str]:
        """Systems where the person's data was found, plus manual systems (which vernly
        cannot look into), in erasure order."""
        holding = {r.system for r in self.collect(identity)
                   if r.count or (r.kind == SystemKind.manual)}
        return [sid for sid in self.erasure_order() if sid in holding]

    def erase(self, identity: Identity, system_id: str, now: datetime) -> ErasureOutcome:
        """Erase the person in one system (atomically for SQL systems)."""
        system = self.system(system_id)
        identity = self._in_region(identity)
        if system.kind == SystemKind.sql:
            pending = self._pending.pop((identity, system_id), None)
            if pending is not None:
                return pending
            group = self._ownership_cycle(system_id)
            if len(group) == 1:
                return self.sql(system_id).erase(identity, now, self.linked(system_id))
            outcomes = self.sql(system_id).erase_with(group, identity, now,
                                                      self.linked(system_id))
            for sid, outcome in outcomes.items():
                if sid != system_id:  # handed out when the engine erases that system
                    self._pending[(identity, sid)] = outcome
            return outcomes[system_id]
        if system.kind == SystemKind.files:
            if not identity.window:
                return ErasureOutcome(system=system_id, note=NO_WINDOW_NOTE)
            return ErasureOutcome(system=system_id,
                                  files_deleted=self.files(system_id).erase(identity))
        if system.kind == SystemKind.log:
            if not identity.ip_address:
                return ErasureOutcome(system=system_id, note=NO_IP_NOTE)
            return ErasureOutcome(system=system_id,
                                  log_lines_deleted=self.log(system_id).erase(identity))
        if system.kind == SystemKind.manual:
            return ErasureOutcome(system=system_id,
                                  task=self.manual(system_id).erase(identity, now))
        return ErasureOutcome(system=system_id, note=EXTERNAL_NOTE)

    def rectify(self, identity: Identity, system_id: str, changes: Mapping[str, Any],
                now: datetime | None = None) -> RectifyOutcome:
        """Write the new values wherever the system holds them (keys: categories or
        column names)."""
        check_changes(changes, self.rectifiable())
        system = self.system(system_id)
        identity = self._in_region(identity)
        if system.kind == SystemKind.sql:
            return self.sql(system_id).rectify(identity, changes)
        if system.kind == SystemKind.manual:
            relevant = {k: v for k, v in changes.items() if k in system.categories}
            if not relevant:
                return RectifyOutcome(system=system_id, note="holds none of the fields changed")
            return RectifyOutcome(system=system_id, task=self.manual(system_id).rectify(
                identity, now or datetime.now(UTC), relevant))
        return RectifyOutcome(system=system_id,
                              note="recordings, logs and external systems are not rectified")

    def rectifiable(self) -> set[str]:
        """Every category and column name a rectification may name."""
        known: set[str] = set()
        for system in self.policy.systems:
            known.update(system.categories)
            for table in system.tables:
                for column in table.columns:
                    known.add(column.name)
                    if column.category:
                        known.add(column.category)
        return known

    def close(self) -> None:
        with self._lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()
            self._open.clear()
            self._sql_systems = None


def _system_links(systems: Mapping[str, System]) -> set[tuple[str, str]]:
    """(referencing system, referenced system) pairs across databases."""
    links: set[tuple[str, str]] = set()
    for sid, system in systems.items():
        for table in system.tables:
            for ref in table.references:
                target_system, _, _ = ref.target()
                if target_system is not None and target_system != sid:
                    links.add((sid, target_system))
    return links



def in_key_order(rows: Rows) -> Rows:
    """Rows sorted by key (by the keys' text where they cannot be compared)."""
    try:
        keys = sorted(rows)
    except TypeError:
        keys = sorted(rows, key=repr)
    return {key: rows[key] for key in keys}
