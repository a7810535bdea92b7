"""The policy against the live databases: what `vernly policy check --connect` reports.

Every SQL system of the policy is reflected (its URL from the policy, `${ENV}` expanded,
relative to the workspace) and compared with what the policy declares:

- declared tables and columns the database lacks (VL951, VL952), with a did-you-mean;
- a table with no key, declared or in the database (VL953), and a declared key the
  database does not back (VL954);
- declared references: a foreign key supports one; without it, a bounded sample of the
  child's values must each have a row in the parent (VL955 when some do not, VL956 info
  when they do);
- foreign keys the policy does not declare, with the line to add (VL957);
- undeclared columns (VL958) and tables (VL959) whose names or sampled values look like
  personal data (`detect.py`). Sampled values are counted, never reported.

A system that cannot be reached is one finding (VL950); the others are still checked.
Findings are placed at the policy line that should change, like the linter's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from vernly.connectors.detect import SAMPLE_ROWS, Detection, detect
from vernly.connectors.identity import country_code, findable
from vernly.connectors.location import system_url
from vernly.connectors.schema_read import (
    DbTable,
    ForeignKey,
    connect,
    lower_index_missing,
    reference_support,
    reflect,
    sample,
)
from vernly.errors import ConfigurationError
from vernly.policy.lint import database as rules
from vernly.policy.lint.findings import Finding, Rule
from vernly.policy.loader import LoadedPolicy, Path_, suggest
from vernly.policy.models import Reference, System, SystemKind, Table


@dataclass
class _Live:
    """One reachable system: its connection and reflected tables."""

    conn: Connection
    tables: dict[str, DbTable]
    url: str


@dataclass
class _Check:
    loaded: LoadedPolicy
    sample_rows: int
    live: dict[str, _Live] = field(default_factory=dict)
    """Reachable systems by id."""

    def at(self, rule: Rule, path: Path_, message: str, system: str, *,
           value: bool = False, category: str | None = None) -> Finding:
        positions = self.loaded.positions
        mark = positions.of_value(path) if value else positions.of_key(path)
        return Finding(file=self.loaded.source, line=mark.line, column=mark.column,
                       code=rule.code, severity=rule.severity, article=rule.article,
                       message=message, system=system, category=category)


def check_databases(loaded: LoadedPolicy, workspace: Path, env: Mapping[str, str],
                    sample_rows: int = SAMPLE_ROWS) -> list[Finding]:
    """Every finding of comparing the policy's SQL systems with their databases."""
    check = _Check(loaded, sample_rows)
    findings: list[Finding] = []
    systems = [(si, s) for si, s in enumerate(loaded.policy.systems) if s.kind == SystemKind.sql]
    with ExitStack() as stack:
        for si, system in systems:
            try:
                url = system_url(system, workspace, env)
                conn = stack.enter_context(connect(url, f"system '{system.id}'"))
                tables = reflect(conn, f"system '{system.id}'")
            except ConfigurationError as exc:
                findings.append(check.at(rules.UNREACHABLE, _url_path(loaded, si), str(exc),
                                         system.id))
                continue
            check.live[system.id] = _Live(conn, tables, url)
        for si, system in systems:
            if system.id in check.live:
                findings.extend(_system(check, si, system))
    return sorted(findings)


def _url_path(loaded: LoadedPolicy, si: int) -> Path_:
    path: Path_ = ("systems", si, "url")
    return path if path in loaded.positions.keys else ("systems", si, "id")


def _system(check: _Check, si: int, system: System) -> Iterator[Finding]:
    live = check.live[system.id]
    base: Path_ = ("systems", si)
    # Systems sharing one database declare its tables between them.
    declared_here = {t.name for s in check.loaded.policy.systems if s.id in check.live
                     and check.live[s.id].url == live.url for t in s.tables}
    for ti, spec in enumerate(system.tables):
        tpath: Path_ = (*base, "tables", ti)
        found = live.tables.get(spec.name)
        if found is None:
            yield _missing_table(check, system, spec, tpath, live, declared_here)
            continue
        yield from _columns(check, system, spec, found, tpath)
        yield from _key(check, system, spec, found, tpath)
        yield from _references(check, system, spec, found, tpath)
        yield from _undeclared_foreign_keys(check, system, spec, found, tpath)
        yield from _undeclared_columns(check, system, spec, found, tpath)
        yield from _identity_values(check, system, spec, found, tpath)
    yield from _undeclared_tables(check, system, base, declared_here)


def _identity_values(check: _Check, system: System, spec: Table, found: DbTable,
                     tpath: Path_) -> Iterator[Finding]:
    """Identity values stored in a form the lookups do not ask for (docs/requests.md)."""
    region = country_code(check.loaded.policy.controller.address.country)
    conn = check.live[system.id].conn
    for ci, column in enumerate(spec.columns):
        if column.identity not in ("email", "phone") or column.name not in found.columns:
            continue
        try:
            values = sample(conn, spec.name, [column.name], check.sample_rows)[column.name]
        except DBAPIError:
            conn.rollback()
            continue
        if column.identity == "email" and lower_index_missing(conn, spec.name, column.name):
            yield check.at(
                rules.EMAIL_NOT_INDEXED, (*tpath, "columns", ci, "identity"),
                f"'{spec.name}.{column.name}' has no index on lower({column.name}), so a "
                "request reads the whole table to find an address; create one: CREATE INDEX "
                f"{spec.name}_{column.name}_lower ON {spec.name} (lower({column.name}))",
                system.id)
        stored = [v for v in values if isinstance(v, str) and v.strip()]
        missed = sum(not findable(v, column.identity, region) for v in stored)
        if missed:
            yield check.at(
                rules.UNFINDABLE_IDENTITY, (*tpath, "columns", ci, "identity"),
                f"{missed} of {len(stored)} sampled values of '{spec.name}.{column.name}' "
                f"are stored in a form a request does not find; store "
                + ("phone numbers as +47 912 34 567, 912 34 567 or E.164" if column.identity
                   == "phone" else "e-mail addresses without surrounding spaces"),
                system.id)


def _did_you_mean(word: str, options: list[str]) -> str:
    close = suggest(word, options)
    if close:
        return f", did you mean '{close}'?"
    if not options:
        return "; the database has none"
    shown = ", ".join(sorted(options)[:12])
    return f"; the database has: {shown}" + (", ..." if len(options) > 12 else "")


def _missing_table(check: _Check, system: System, spec: Table, tpath: Path_, live: _Live,
                   declared: set[str]) -> Finding:
    others = [name for name in live.tables if name not in declared]
    return check.at(rules.MISSING_TABLE, (*tpath, "name"),
                    f"table '{spec.name}' of system '{system.id}' does not exist in the "
                    f"database{_did_you_mean(spec.name, others or list(live.tables))}",
                    system.id, value=True)


def _columns(check: _Check, system: System, spec: Table, found: DbTable,
             tpath: Path_) -> Iterator[Finding]:
    declared = {c.name for c in spec.columns}
    others = [c for c in found.columns if c not in declared]
    for ci, col in enumerate(spec.columns):
        if col.name not in found.columns:
            yield check.at(rules.MISSING_COLUMN, (*tpath, "columns", ci, "name"),
                           f"column '{spec.name}.{col.name}' does not exist in the database"
                           f"{_did_you_mean(col.name, others or list(found.columns))}",
                           system.id, value=True)


def _names(columns: tuple[str, ...] | list[str]) -> str:
    return columns[0] if len(columns) == 1 else "[" + ", ".join(columns) + "]"


def _key(check: _Check, system: System, spec: Table, found: DbTable,
         tpath: Path_) -> Iterator[Finding]:
    declared = spec.key_columns
    if not declared:
        if not found.primary_key:
            yield check.at(rules.NO_KEY, (*tpath, "name"),
                           f"table '{spec.name}' has no key: the policy declares none (no "
                           "'primary_key', no 'id' column) and the database has no primary "
                           "key; expected 'primary_key: column' or 'primary_key: [column, "
                           "...]' naming columns that single out a row", system.id,
                           value=True)
        return
    if set(declared) == set(found.primary_key) or set(declared) in found.unique:
        return
    if any(c not in found.columns for c in declared):
        return  # reported as a missing column
    where = (*tpath, "primary_key") if spec.primary_key is not None else (*tpath, "name")
    if found.primary_key:
        detail = (f"the database's primary key is {_names(found.primary_key)}, expected "
                  f"'primary_key: {_names(found.primary_key)}' (or a unique index on the "
                  "declared columns)")
    else:
        detail = "no primary key or unique index backs it, so rows may share a key"
    yield check.at(rules.OTHER_KEY, where,
                   f"table '{spec.name}': declared key {_names(list(declared))} differs from "
                   f"the database's: {detail}", system.id,
                   value=spec.primary_key is None)


def _arrow(table: str, columns: tuple[str, ...], target: str, targets: tuple[str, ...]) -> str:
    return f"{table}.{_names(columns)} → {target}.{_names(targets)}"


def _references(check: _Check, system: System, spec: Table, found: DbTable,
                tpath: Path_) -> Iterator[Finding]:
    live = check.live[system.id]
    for ri, ref in enumerate(spec.references):
        target_system, target_table, targets = ref.target()
        parent_id = target_system or system.id
        parent = check.live.get(parent_id)
        if parent is None:
            continue  # that system is reported unreachable
        parent_table = parent.tables.get(target_table)
        if parent_table is None or any(t not in parent_table.columns for t in targets) or any(
                f not in found.columns for f in ref.fields):
            continue  # reported as a missing table or column
        same_database = parent.url == live.url
        if same_database and _supported(found, ref, target_table):
            continue
        shown = _arrow(spec.name, ref.fields, (f"{target_system}." if target_system else "")
                       + target_table, targets)
        try:
            support = reference_support(live.conn, spec.name, ref.fields, parent.conn,
                                        target_table, targets, check.sample_rows)
        except DBAPIError as exc:
            live.conn.rollback()  # PostgreSQL refuses further queries in a failed transaction
            parent.conn.rollback()
            yield check.at(rules.UNENFORCED_REFERENCE, (*tpath, "references", ri, "field"),
                           f"reference {shown}: no foreign key supports it and its values "
                           f"could not be compared ({type(exc.orig).__name__})", system.id,
                           value=True)
            continue
        path = (*tpath, "references", ri, "field")
        if support.missing:
            yield check.at(rules.CONTRADICTED_REFERENCE, path,
                           f"reference {shown}: {support.missing} of {support.sampled} sampled "
                           f"values have no row in '{target_table}'; expected every value to "
                           "point at a row (check the columns named, or the data)", system.id,
                           value=True)
        elif same_database:
            seen = (f"the {support.sampled} sampled values all have a row in "
                    f"'{target_table}'" if support.sampled else "no row sets it yet")
            yield check.at(rules.UNENFORCED_REFERENCE, path,
                           f"reference {shown}: no foreign key in the database enforces it; "
                           f"{seen}", system.id, value=True)


def _supported(found: DbTable, ref: Reference, target_table: str) -> bool:
    pairs = frozenset(zip(ref.fields, ref.target()[2], strict=True))
    return any(fk.table == target_table and fk.pairs() == pairs for fk in found.foreign_keys)


def reference_line(fk: ForeignKey, follow: str | None = None) -> str:
    """The `references:` entry declaring a foreign key, in vernly.yaml syntax."""
    if len(fk.columns) == 1:
        entry = f"field: {fk.columns[0]}, to: {fk.table}.{fk.targets[0]}"
    else:
        entry = (f"field: [{', '.join(fk.columns)}], "
                 f"to: [{', '.join(f'{fk.table}.{t}' for t in fk.targets)}]")
    return f"- {{{entry}" + (f", follow: {follow}" if follow else "") + "}"


def _undeclared_foreign_keys(check: _Check, system: System, spec: Table, found: DbTable,
                             tpath: Path_) -> Iterator[Finding]:
    declared = {(ref.target()[1], frozenset(zip(ref.fields, ref.target()[2], strict=True)))
                for ref in spec.references if ref.target()[0] in (None, system.id)}
    tables = {t.name: t for t in system.tables}
    where = (*tpath, "references") if spec.references else (*tpath, "name")
    for fk in found.foreign_keys:
        if (fk.table, fk.pairs()) in declared:
            continue
        parent = tables.get(fk.table)
        line, notes = reference_line(fk), ""
        if parent is None:
            notes = f" (and declare table '{fk.table}' in system '{system.id}')"
        elif spec.holds_people() and parent.holds_people():
            line = reference_line(fk, follow="none")
            notes = (" (both tables hold people: 'none' if it only names them, 'down' if the "
                     "rows belong to the person pointed at; docs/requests.md)")
        yield check.at(rules.UNDECLARED_FOREIGN_KEY, where,
                       f"foreign key {_arrow(spec.name, fk.columns, fk.table, fk.targets)} in "
                       f"the database is not declared; add to the references of "
                       f"'{spec.name}': {line}{notes}", system.id, value=not spec.references)


def _detections(check: _Check, system: System, name: str,
                columns: list[str]) -> list[tuple[str, Detection]]:
    """What each column looks like, from its name and a bounded sample of its values."""
    conn = check.live[system.id].conn
    try:
        values = sample(conn, name, columns, check.sample_rows)
    except DBAPIError:
        conn.rollback()  # e.g. no SELECT grant: judge the columns by their names alone
        values = {}
    found = [(c, detect(c, values.get(c, []), name)) for c in columns]
    return [(c, d) for c, d in found if d is not None]


def column_line(name: str, detection: Detection) -> str:
    """The `columns:` entry a detection proposes."""
    kind = detection.kind
    identity = f", identity: {kind.identity}" if kind.identity else ""
    return f"- {{name: {name}, category: {kind.category}{identity}}}"


def _undeclared_columns(check: _Check, system: System, spec: Table, found: DbTable,
                        tpath: Path_) -> Iterator[Finding]:
    declared = {c.name for c in spec.columns}
    undeclared = [c for c in found.columns if c not in declared]
    # A column the policy misspells is reported once, as missing with its did-you-mean.
    meant = {suggest(c.name, undeclared) for c in spec.columns if c.name not in found.columns}
    undeclared = [c for c in undeclared if c not in meant]
    for name, detection in _detections(check, system, spec.name, undeclared):
        yield check.at(rules.UNDECLARED_COLUMN, (*tpath, "columns"),
                       f"column '{spec.name}.{name}' is not declared and "
                       f"{detection.evidence()}; declare it, e.g. "
                       f"{column_line(name, detection)}", system.id,
                       category=detection.kind.category)


def _undeclared_tables(check: _Check, system: System, base: Path_,
                       declared: set[str]) -> Iterator[Finding]:
    live = check.live[system.id]
    where = (*base, "tables") if system.tables else (*base, "id")
    policy_tables = {t.name for t in system.tables}
    for name in sorted(set(live.tables) - declared):
        found = live.tables[name]
        detections = _detections(check, system, name, list(found.columns))
        pointing = sorted({fk.table for fk in found.foreign_keys if fk.table in policy_tables})
        if not detections and not pointing:
            continue
        parts = [f"{column} ({detection.evidence()})" for column, detection in detections]
        if pointing:
            parts.append("a foreign key to " + ", ".join(f"'{t}'" for t in pointing))
        yield check.at(rules.UNDECLARED_TABLE, where,
                       f"table '{name}' in the database of system '{system.id}' is not "
                       f"declared and looks like it holds personal data: {'; '.join(parts)}",
                       system.id, value=not system.tables)
