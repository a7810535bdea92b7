"""What erasing a person means in one SQL system, worked out before anything changes.

Only the person's own rows change (docs/requests.md). Per table the policy says: delete the
row, erase its columns (null, mask, replace, hash, rewrite), or keep the row because a law
says so (Art. 17(3)(b)) until a date; a kept row still loses the fields the policy marks (an
order keeps its amounts but forgets the buyer's e-mail). Rows whose legal period is over are
deleted like any other. A row that a row which stays still points at is never deleted: it
is kept with its columns erased, so no reference is left dangling; keys and reference
columns are never rewritten. Tables are changed children first so foreign keys hold.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, Numeric, String, delete, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from vernly.connectors.graph import Edge, Node, edges_of, key_of, pointing_at, values_of
from vernly.connectors.lookup import chunks, key_condition
from vernly.connectors.records import ErasureOutcome, Kept, Unchanged, as_utc
from vernly.errors import ConfigurationError, Conflict
from vernly.policy.durations import parse_duration
from vernly.policy.env import expand
from vernly.policy.models import ErasureAction, Keep, Orphans, RetentionTrigger

if TYPE_CHECKING:
    from vernly.connectors.reading import Reader
    from vernly.connectors.sql import Rows, SqlSystem

MASK = "[slettet]"
"""What a masked text field reads afterwards ('deleted' in Norwegian)."""


SHARED_REASON = {
    "nb": "Andre opplysninger viser til denne raden, så vi beholder den, men med opplysningene "
          "om deg slettet.",
    "en": "Other records refer to this row, so it is kept with your details erased.",
}


@dataclass
class TablePlan:
    rows: Rows = field(default_factory=dict)
    """The person's own rows of the table, as read (for change detection)."""
    delete: set[Any] = field(default_factory=set)
    targets: dict[Any, dict[str, Any]] = field(default_factory=dict)
    """Kept row key -> column -> value erasure writes."""
    kept: dict[Any, tuple[str, date, dict[str, str]]] = field(default_factory=dict)
    """Kept row key -> (statute, until, reason): a legal obligation."""
    shared: set[Any] = field(default_factory=set)
    """Kept row keys that rows which stay still point at."""
    inherited: set[Any] = field(default_factory=set)
    """Of the `kept` keys, those kept only because a row kept by law points at them (their
    columns are erased like a shared row's)."""
    orphans: set[Any] = field(default_factory=set)
    """Rows of nobody that erasure leaves unreferenced, deleted by `orphans: delete`."""


@dataclass
class Plan:
    tables: dict[str, TablePlan] = field(default_factory=dict)
    unchanged: list[Unchanged] = field(default_factory=list)


def keep_until(keep: Keep, moment: datetime) -> date:
    """The last day a legal obligation keeps a row recorded at `moment`."""
    moment = as_utc(moment)
    if keep.trigger == RetentionTrigger.fiscal_year_end:
        moment = datetime(moment.year, 12, 31, tzinfo=UTC)
    return parse_duration(keep.duration).after(moment).date()


def _reason(keep: Keep) -> dict[str, str]:
    d = parse_duration(keep.duration)
    nb_parts, en_parts = [], []
    for n, nb, nb_one, en in ((d.years, "år", "år", "years"),
                              (d.months, "måneder", "måned", "months"),
                              (d.delta.days, "dager", "dag", "days")):
        if n:
            nb_parts.append(f"{n} {nb}" if n != 1 else f"1 {nb_one}")
            en_parts.append(f"{n} {en}" if n != 1 else f"1 {en[:-1]}")
    after_nb, after_en = {
        RetentionTrigger.fiscal_year_end: ("etter utløpet av regnskapsåret",
                                           "after the end of the fiscal year"),
    }.get(keep.trigger, ("etter registrering", "after it was recorded"))
    span_nb, span_en = " og ".join(nb_parts) or "0 dager", " and ".join(en_parts) or "0 days"
    return {"nb": f"Lovpålagt oppbevaring etter {keep.statute}: {span_nb} {after_nb}.",
            "en": f"Retention required by {keep.statute}: {span_en} {after_en}."}


def plan_erasure(sql: SqlSystem, conn: Connection, systems: Mapping[str, SqlSystem],
                 reading: Mapping[str, Reader], found: dict[Node, Rows], now: datetime,
                 env: Mapping[str, str] | None = None) -> Plan:
    """What erasure does to each of the person's rows in `sql`, before anything changes.

    `found` is the person's own rows in `systems` (this one and the ones linked to it by
    references), read in the same transaction. Whether a row is still pointed at is judged
    on the state after the whole erasure, so the fates of the linked systems' rows are
    worked out too (they are carried out when those systems are erased); only this
    system's part is returned.
    """
    today = now.astimezone(UTC).date()
    fates: dict[Node, TablePlan] = {}
    for node, rows in found.items():
        owner = systems[node[0]]
        fates[node] = _initial(owner, node[1], rows, today,
                               conn if node[0] == sql.id else None, found)
    writers = {sid: _Writer(other, env or {}) for sid, other in systems.items()}
    targets = {node: writers[node[0]].targets(node[1]) for node in fates}
    _keep_pointed_at(sql, systems, reading, found, fates, targets)
    plan = Plan()
    writer = writers[sql.id]
    for (sid, name), table_plan in fates.items():
        if sid != sql.id:
            continue
        plan.tables[name] = table_plan
        for key in table_plan.rows:
            if key not in table_plan.delete:
                table_plan.targets[key] = writer.values(name, table_plan.rows[key],
                                                        targets[(sid, name)][
                                                            _fate(table_plan, key)])
    _orphans(sql, systems, reading, found, plan)
    plan.unchanged = writer.unchanged(plan)
    return plan


def _initial(owner: SqlSystem, name: str, rows: Rows, today: date,
             conn: Connection | None, found: dict[Node, Rows]) -> TablePlan:
    """A table's own rows: deleted, or kept by law until a date (before any is kept
    because other rows point at it)."""
    spec = owner.spec(name)
    table_plan = TablePlan(rows=rows)
    if spec.erasure == ErasureAction.delete:
        table_plan.delete.update(rows)
    elif spec.erasure == ErasureAction.keep:
        assert spec.keep is not None
        own = {t: r for (sid, t), r in found.items() if sid == owner.id}
        moments = _keep_moments(owner, conn, name, rows, own)
        reason = _reason(spec.keep)
        for key in rows:
            moment = moments.get(key)
            until = keep_until(spec.keep, moment) if moment else None
            if until is None or until < today:
                table_plan.delete.add(key)
            else:
                table_plan.kept[key] = (spec.keep.statute, until, reason)
    return table_plan


def _fate(table_plan: TablePlan, key: Any) -> str:
    """Which set of column strategies a kept row gets."""
    if key in table_plan.shared or key in table_plan.inherited:
        return "shared"
    return "kept" if key in table_plan.kept else "table"


Targets = dict[Node, dict[str, dict[str, ErasureAction]]]


def _keep_pointed_at(sql: SqlSystem, systems: Mapping[str, SqlSystem],
                     reading: Mapping[str, Reader], found: dict[Node, Rows],
                     fates: dict[Node, TablePlan], targets: Targets) -> None:
    """Rows to delete that a row which stays points at are kept instead (fixed point)."""
    pointing: list[tuple[Edge, Any, Any]] = []
    """(edge, child key, the parent value it points at)"""
    for edge in edges_of(systems):
        parent_plan = fates.get(edge.parent)
        if parent_plan is None:
            continue
        values = values_of(parent_plan.rows.values(), edge.parent_cols)
        if not values:
            continue
        if edge.down:
            # By the rule every row pointing at a person's row this way is the person's.
            children = {k: r for k, r in found.get(edge.child, {}).items()
                        if key_of(r, edge.child_cols) in values}
        else:
            child_sql = systems[edge.child[0]]
            children = pointing_at(child_sql, reading[edge.child[0]], edge.child[1],
                                   edge.child_cols, values, lock=edge.child[0] == sql.id)
        for key, row in children.items():
            pointing.append((edge, key, key_of(row, edge.child_cols)))
    changed = True
    while changed:
        changed = False
        for edge, key, value in pointing:
            parent_plan = fates[edge.parent]
            if not parent_plan.delete or not _stays_pointing(fates, targets, edge, key):
                continue
            for parent_key in [k for k in parent_plan.delete
                               if key_of(parent_plan.rows[k], edge.parent_cols) == value]:
                parent_plan.delete.discard(parent_key)
                child_plan = fates.get(edge.child)
                why = child_plan.kept.get(key) if child_plan else None
                if why is not None:
                    parent_plan.kept[parent_key] = why  # kept with the row the law keeps
                    parent_plan.inherited.add(parent_key)
                else:
                    parent_plan.shared.add(parent_key)
                changed = True


def _stays_pointing(fates: dict[Node, TablePlan], targets: Targets, edge: Edge,
                    key: Any) -> bool:
    """Whether a row pointing at a person's row still does after the whole erasure."""
    child_plan = fates.get(edge.child)
    if child_plan is None or key not in child_plan.rows:
        return True  # someone else's row: erasure does not change it
    if key in child_plan.delete:
        return False
    nulled = targets[edge.child][_fate(child_plan, key)]
    return not all(nulled.get(c) in (ErasureAction.null, ErasureAction.delete)
                   for c in edge.child_cols)


def _orphans(sql: SqlSystem, systems: Mapping[str, SqlSystem], reading: Mapping[str, Reader],
             found: dict[Node, Rows], plan: Plan) -> None:
    """Rows of nobody that `orphans: delete` references leave unreferenced."""
    edges = edges_of(systems)
    for edge in edges:
        if (edge.orphans != Orphans.delete or edge.child[0] != sql.id
                or edge.parent[0] != sql.id or edge.child[1] not in plan.tables
                or sql.spec(edge.parent[1]).holds_people()):
            continue
        child_plan = plan.tables[edge.child[1]]
        values = values_of((child_plan.rows[k] for k in child_plan.delete), edge.child_cols)
        if not values:
            continue
        parent_plan = plan.tables.setdefault(edge.parent[1], TablePlan())
        reader = reading[sql.id]
        candidates = {k: r for k, r in pointing_at(sql, reader, edge.parent[1],
                                                    edge.parent_cols, values, lock=True).items()
                      if k not in parent_plan.rows}
        for other in edges:
            if other.parent != edge.parent or not candidates:
                continue
            pointed = values_of(candidates.values(), other.parent_cols)
            other_sql = systems[other.child[0]]
            leaving = plan.tables.get(other.child[1]) if other.child[0] == sql.id else None
            still = {key_of(row, other.child_cols) for key, row in pointing_at(
                other_sql, reading[other.child[0]], other.child[1], other.child_cols,
                pointed).items() if leaving is None or key not in leaving.delete}
            candidates = {k: r for k, r in candidates.items()
                          if key_of(r, other.parent_cols) not in still}
        parent_plan.orphans.update(candidates)


class _Writer:
    """The value each column of a kept row gets, by the strategies in docs/requests.md."""

    def __init__(self, sql: SqlSystem, env: Mapping[str, str]) -> None:
        self.sql = sql
        self.env = env
        self.defaults = sql.erasure_defaults
        self._key: bytes | None = None

    def targets(self, name: str) -> dict[str, dict[str, ErasureAction]]:
        """Per fate (kept by law, shared, the table's action): column -> strategy.

        Depends on the policy alone, so it is worked out once per table."""
        cached: dict[str, dict[str, ErasureAction]] | None = self.sql.erasure_targets.get(name)
        if cached is None:
            cached = self.sql.erasure_targets[name] = self._targets(name)
        return cached

    def _targets(self, name: str) -> dict[str, dict[str, ErasureAction]]:
        spec = self.sql.spec(name)
        fixed = fixed_columns(self.sql, name)
        # A reference column the policy explicitly nulls detaches the row from its parent
        # (an order forgets its customer account); NULL never dangles.
        detachable = {c.name for c in spec.columns
                      if c.erasure in (ErasureAction.null, ErasureAction.delete)
                      and c.name in fixed_references(self.sql, name)
                      and c.name not in fixed_keys(self.sql, name)
                      and c.name not in self.sql.referenced_columns(name)}
        out: dict[str, dict[str, ErasureAction]] = {}
        # A row kept because others point at it loses its details by the table's own
        # action (`delete` meaning NULL; `keep`, a legal period that is over, nothing).
        for fate, table_action in (("kept", None), ("shared", spec.erasure),
                                   ("table", spec.erasure)):
            chosen: dict[str, ErasureAction] = {}
            for column in spec.columns:
                action = column.erasure or self.defaults.for_category(column.category) or (
                    table_action if column.category else None)
                if action in (None, ErasureAction.keep):
                    continue
                if action == ErasureAction.delete:
                    action = ErasureAction.null
                if column.name in fixed and column.name not in detachable:
                    continue
                chosen[column.name] = action
            out[fate] = chosen
        return out

    def values(self, name: str, row: Mapping[str, Any],
               strategies: Mapping[str, ErasureAction]) -> dict[str, Any]:
        table = self.sql.table(name)
        spec = self.sql.spec(name)
        columns = {c.name: c for c in spec.columns}
        out: dict[str, Any] = {}
        references = fixed_references(self.sql, name)
        for column, action in strategies.items():
            core = table.c[column]
            if column in references and not core.nullable:
                continue  # a NOT NULL reference can only keep pointing where it points
            if row.get(column) is None:
                continue  # nothing to erase; a placeholder would only make up data
            value = self._value(action, core, columns[column], row.get(column))
            if value is _UNCHANGED:
                continue
            out[column] = value
        return out

    def _value(self, action: ErasureAction, core: Any, column: Any, current: Any) -> Any:
        placeholder = _mask(core.type)
        nullable = bool(core.nullable)
        if action == ErasureAction.replace_with:
            return column.replacement
        if action in (ErasureAction.hash, ErasureAction.rewrite):
            if current is None:
                return None
            return _fit(core.type, self._hashed(action, column, str(current)))
        if action == ErasureAction.mask and placeholder is not None:
            return placeholder
        if nullable:
            return None
        if placeholder is not None:
            return placeholder
        return _UNCHANGED  # NOT NULL without a placeholder (a timestamp): keeps its value

    def _hashed(self, action: ErasureAction, column: Any, value: str) -> str:
        key = self._secret(required=action == ErasureAction.hash)
        digest = (hmac.new(key, value.encode(), hashlib.sha256).hexdigest() if key
                  else secrets.token_hex(32))  # no key: unique but unlinkable
        if action == ErasureAction.hash:
            return digest
        kind = column.identity or column.category or ""
        if kind in ("email", "user.contact.email") or "@" in value:
            return f"deleted-{digest[:16]}@invalid"
        if kind in ("phone", "user.contact.phone_number"):
            return "+000" + str(int(digest[:12], 16))[:8].rjust(8, "0")
        return digest

    def _secret(self, required: bool) -> bytes | None:
        if self._key is None:
            raw = self.defaults.key
            if raw is None:
                if required:
                    raise ConfigurationError(
                        f"system '{self.sql.id}': erasure 'hash' needs a key, expected "
                        "'erasure: {key: ${VERNLY_ERASURE_KEY}}' in the policy")
                return None
            self._key = expand(raw, self.env, where="erasure key").encode()
        return self._key

    def unchanged(self, plan: Plan) -> list[Unchanged]:
        """Identity columns of kept rows that cannot change (keys, referenced columns)."""
        found: list[Unchanged] = []
        for name, table_plan in plan.tables.items():
            kept = [k for k in table_plan.rows if k not in table_plan.delete]
            if not kept:
                continue
            spec = self.sql.spec(name)
            keys = fixed_keys(self.sql, name)
            fixed = fixed_columns(self.sql, name)
            for column in spec.columns:
                if column.identity and column.name in fixed:
                    reason = ("part of the primary key" if column.name in keys
                              else "other rows refer to it")
                    found.append(Unchanged(table=name, column=column.name, count=len(kept),
                                           reason=reason))
        return found


_UNCHANGED = object()


def fixed_keys(sql: SqlSystem, name: str) -> set[str]:
    return set(sql.spec(name).key_columns or sql.key_columns(name))


def fixed_references(sql: SqlSystem, name: str) -> set[str]:
    """Columns of `name` that are part of a reference it holds."""
    return {f for ref in sql.spec(name).references for f in ref.fields}


def fixed_columns(sql: SqlSystem, name: str) -> set[str]:
    """Columns erasure and rectification never rewrite: the key, reference columns, and
    columns references point at (from any system of the policy this one knows)."""
    fixed = fixed_keys(sql, name) | fixed_references(sql, name)
    for column in sql.referenced_columns(name):
        fixed.add(column)
    return fixed


def _fit(type_: Any, value: str) -> str:
    length = getattr(type_, "length", None)
    return value[:length] if isinstance(type_, String) and length else value


def _mask(type_: Any) -> Any:
    if isinstance(type_, String):
        length = type_.length or len(MASK)
        return MASK[:length]
    if isinstance(type_, Integer | Numeric):
        return 0
    return None


def _keep_moments(sql: SqlSystem, conn: Connection | None, name: str, rows: Rows,
                  own: dict[str, Rows]) -> dict[Any, datetime]:
    """Row key -> the moment its legal period runs from (maybe a referenced table's)."""
    spec = sql.spec(name)
    assert spec.keep is not None
    owner, _, column = spec.keep.timestamp_field.rpartition(".")
    if not owner or owner == name:
        return {k: r[column] for k, r in rows.items() if r.get(column) is not None}
    ref = next(r for r in spec.references if r.target()[1] == owner)
    parent_cols, fields = ref.target()[2], ref.fields
    parents = {key_of(r, parent_cols): r[column] for r in own.get(owner, {}).values()}
    missing = values_of(rows.values(), fields) - set(parents)
    if missing:
        if conn is None:  # another system's rows, judged for this one: read on their own
            with sql.connect() as other:
                return _keep_moments(sql, other, name, rows, own)
        table = sql.table(owner)
        for part in chunks(sorted(missing, key=repr)):
            statement = select(*[table.c[c] for c in parent_cols], table.c[column]).where(
                key_condition(table, parent_cols, part))
            for found in conn.execute(statement):
                value = found[0] if len(parent_cols) == 1 else tuple(found[:-1])
                parents[value] = found[-1]
    out: dict[Any, datetime] = {}
    for k, r in rows.items():
        moment = parents.get(key_of(r, fields))
        if moment is not None:
            out[k] = as_utc(moment)
    return out


def apply_plan(sql: SqlSystem, conn: Connection, plan: Plan) -> ErasureOutcome:
    outcome = ErasureOutcome(system=sql.id, unchanged=list(plan.unchanged))
    kept: dict[tuple[str, str, date], list[Any]] = defaultdict(list)
    for name in _children_first(sql, list(plan.tables)):
        table_plan, table = plan.tables[name], sql.table(name)
        cols = sql.key_columns(name)
        rows = table_plan.rows
        groups: dict[tuple[tuple[str, Any], ...], list[Any]] = defaultdict(list)
        nulled = masked = 0
        for key, targets in table_plan.targets.items():
            current = rows.get(key, {})
            change = {c: v for c, v in targets.items() if current.get(c) != v}
            if change:
                groups[tuple(sorted(change.items()))].append(key)
                nulled += any(v is None for v in change.values())
                masked += any(v is not None for v in change.values())
        deleted = sorted(table_plan.delete | table_plan.orphans, key=repr)
        try:
            for change_items, keys in groups.items():
                for part in chunks(keys):
                    conn.execute(update(table).where(key_condition(table, cols, part))
                                 .values(dict(change_items)))
            for batch in _pointed_at_last(sql, name, table_plan, deleted):
                for part in chunks(batch):
                    conn.execute(delete(table).where(key_condition(table, cols, part)))
        except IntegrityError as exc:
            raise Conflict(
                f"system '{sql.id}': erasure in table '{name}' breaks a database constraint "
                f"({type(exc.orig).__name__}); check the policy's erasure rules and tables "
                "the policy does not declare that point at it") from None
        for statute, until, reason in table_plan.kept.values():
            kept[(name, statute, until)].append(reason)
        if deleted:
            outcome.deleted[name] = len(deleted)
        if nulled:
            outcome.nulled[name] = nulled
        if masked:
            outcome.masked[name] = masked
        if table_plan.shared:
            outcome.shared[name] = len(table_plan.shared)
    for (name, statute, until), reasons in sorted(kept.items(), key=lambda i: (i[0][0], i[0][2])):
        outcome.kept.append(Kept(table=name, count=len(reasons), statute=statute, until=until,
                                 reason=reasons[0]))
    return outcome


def _pointed_at_last(sql: SqlSystem, name: str, table_plan: TablePlan,
                     deleted: list[Any]) -> list[list[Any]]:
    """The rows to delete in batches, rows of the same table pointing at others first:
    MariaDB checks a self-reference row by row within one DELETE (a manager deleted
    before the employee pointing at her fails)."""
    selves = [e for e in edges_of({sql.id: sql}) if e.child == e.parent == (sql.id, name)]
    rows = table_plan.rows
    if not selves or len(deleted) < 2 or any(k not in rows for k in deleted):
        return [deleted]
    batches: list[list[Any]] = []
    remaining = list(deleted)
    while remaining:
        pointed = {key_of(rows[k], e.child_cols) for e in selves for k in remaining}
        batch = [k for k in remaining
                 if not any(key_of(rows[k], e.parent_cols) in pointed
                            and any(key_of(rows[o], e.child_cols)
                                    == key_of(rows[k], e.parent_cols)
                                    for o in remaining if o != k)
                            for e in selves)]
        if not batch:  # a cycle of rows: one statement, where the database allows it
            batches.append(remaining)
            break
        batches.append(batch)
        remaining = [k for k in remaining if k not in batch]
    return batches


def _children_first(sql: SqlSystem, names: list[str]) -> list[str]:
    """Tables ordered so every table comes before the tables it references."""
    edges = edges_of({sql.id: sql})
    parents = {name: {e.parent[1] for e in edges
                      if e.child == (sql.id, name) and e.parent[1] != name}
               for name in sql.specs}
    ordered: list[str] = []
    remaining = set(names)
    while remaining:
        # A table is ready when no remaining table references it.
        ready = sorted(n for n in remaining
                       if not any(n in parents[other] for other in remaining if other != n))
        if not ready:
            ready = sorted(remaining)
        ordered.extend(ready)
        remaining -= set(ready)
    return ordered
