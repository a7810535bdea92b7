"""What erasing a person means in one SQL system, worked out before anything changes.

Per table the policy says: delete the row, null or mask fields, or keep the row because a
law says so (Art. 17(3)(b)) until a date; a kept row still loses the fields the policy
marks (an order keeps its amounts but forgets the buyer's e-mail). Rows whose legal period
is over are deleted like any other. Tables are changed children first so foreign keys hold,
and a row a kept row still points at is kept with it rather than breaking the key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, Numeric, String, delete, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from vernly.connectors.graph import edges_of
from vernly.connectors.lookup import chunks
from vernly.connectors.records import ErasureOutcome, Kept, as_utc
from vernly.errors import Conflict
from vernly.policy.durations import parse_duration
from vernly.policy.models import ErasureAction, Keep, RetentionTrigger

if TYPE_CHECKING:
    from vernly.connectors.sql import Rows, SqlSystem

MASK = "[slettet]"
"""What a masked text field reads afterwards ('deleted' in Norwegian)."""


@dataclass
class TablePlan:
    delete: set[Any] = field(default_factory=set)
    targets: dict[Any, dict[str, Any]] = field(default_factory=dict)
    """Kept row key -> column -> value erasure writes."""
    kept: dict[Any, tuple[str, date, dict[str, str]]] = field(default_factory=dict)
    """Kept row key -> (statute, until, reason)."""


Plan = dict[str, TablePlan]


def keep_until(keep: Keep, moment: datetime) -> date:
    """The last day a legal obligation keeps a row recorded at `moment`."""
    moment = as_utc(moment)
    if keep.trigger == RetentionTrigger.fiscal_year_end:
        moment = datetime(moment.year, 12, 31, tzinfo=UTC)
    return parse_duration(keep.duration).after(moment).date()


def _reason(keep: Keep) -> dict[str, str]:
    d = parse_duration(keep.duration)
    nb_parts, en_parts = [], []
    for n, nb, en in ((d.years, "år", "years"), (d.months, "måneder", "months"),
                      (d.delta.days, "dager", "days")):
        if n:
            nb_parts.append(f"{n} {nb}")
            en_parts.append(f"{n} {en}" if n != 1 else f"1 {en[:-1]}")
    after_nb, after_en = {
        RetentionTrigger.fiscal_year_end: ("etter utløpet av regnskapsåret",
                                           "after the end of the fiscal year"),
    }.get(keep.trigger, ("etter registrering", "after it was recorded"))
    span_nb, span_en = " og ".join(nb_parts) or "0 dager", " and ".join(en_parts) or "0 days"
    return {"nb": f"Lovpålagt oppbevaring etter {keep.statute}: {span_nb} {after_nb}.",
            "en": f"Retention required by {keep.statute}: {span_en} {after_en}."}


def plan_erasure(sql: SqlSystem, conn: Connection, own: dict[str, Rows], now: datetime) -> Plan:
    plan: Plan = {}
    today = now.astimezone(UTC).date()
    for name, rows in own.items():
        spec = sql.spec(name)
        table_plan = plan[name] = TablePlan()
        if spec.erasure == ErasureAction.delete:
            table_plan.delete.update(rows)
            continue
        if spec.erasure == ErasureAction.keep:
            assert spec.keep is not None
            moments = _keep_moments(sql, conn, name, rows, own)
            reason = _reason(spec.keep)
            for key in rows:
                moment = moments.get(key)
                until = keep_until(spec.keep, moment) if moment else None
                if until is None or until < today:
                    table_plan.delete.add(key)
                else:
                    table_plan.kept[key] = (spec.keep.statute, until, reason)
                    table_plan.targets[key] = _targets(sql, name, None)
            continue
        for key in rows:
            table_plan.targets[key] = _targets(sql, name, spec.erasure)
    _keep_referenced(sql, own, plan)
    return plan


def _targets(sql: SqlSystem, name: str, table_action: ErasureAction | None) -> dict[str, Any]:
    """Column -> value for a row that stays: the column's own rule, else the table's.

    NOT NULL columns are never set to NULL: they get the placeholder instead, or, where the
    type has none (a timestamp), keep their value.
    """
    spec, table = sql.spec(name), sql.table(name)
    out: dict[str, Any] = {}
    for column in spec.columns:
        if column.name in spec.key_columns:
            continue
        action = column.erasure or (table_action if column.category else None)
        if action not in (ErasureAction.null, ErasureAction.delete, ErasureAction.mask):
            continue
        core = table.c[column.name]
        placeholder = _mask(core.type)
        nullable = bool(core.nullable)
        if action == ErasureAction.mask and placeholder is not None:
            out[column.name] = placeholder
        elif nullable:
            out[column.name] = None
        elif placeholder is not None:
            out[column.name] = placeholder
    return out


def _mask(type_: Any) -> Any:
    if isinstance(type_, String):
        length = type_.length or len(MASK)
        return MASK if length >= len(MASK) else "*" * length
    if isinstance(type_, Integer | Numeric):
        return 0
    return None


def _keep_moments(sql: SqlSystem, conn: Connection, name: str, rows: Rows,
                  own: dict[str, Rows]) -> dict[Any, datetime]:
    """Row key -> the moment its legal period runs from (maybe a referenced table's)."""
    spec = sql.spec(name)
    assert spec.keep is not None
    owner, _, column = spec.keep.timestamp_field.rpartition(".")
    if not owner or owner == name:
        return {k: r[column] for k, r in rows.items() if r.get(column) is not None}
    ref = next(r for r in spec.references if r.target()[1] == owner)
    parent_column, field = ref.target()[2][0], ref.fields[0]
    parents = {r[parent_column]: r[column] for r in own.get(owner, {}).values()}
    missing = {r[field] for r in rows.values()} - set(parents) - {None}
    if missing:
        table = sql.table(owner)
        for part in chunks(sorted(missing, key=repr)):
            statement = select(table.c[parent_column], table.c[column]).where(
                table.c[parent_column].in_(part))
            for value, moment in conn.execute(statement):
                parents[value] = moment
    return {k: as_utc(parents[r[field]]) for k, r in rows.items()
            if parents.get(r[field]) is not None}


def _keep_referenced(sql: SqlSystem, own: dict[str, Rows], plan: Plan) -> None:
    """A row to delete that a kept row still points at stays, under the kept row's reason."""
    edges = [e for e in edges_of({sql.id: sql}) if e.child[0] == sql.id]
    changed = True
    while changed:
        changed = False
        for edge in edges:
            child, parent = plan.get(edge.child[1]), plan.get(edge.parent[1])
            if child is None or parent is None or not parent.delete:
                continue
            rows, parents = own[edge.child[1]], own[edge.parent[1]]
            by_value = {parents[k][edge.parent_column]: k for k in parent.delete}
            for key, why in child.kept.items():
                value = rows[key].get(edge.child_column)
                if edge.child_column in child.targets.get(key, {}) or value not in by_value:
                    continue
                parent_key = by_value.pop(value)
                parent.delete.discard(parent_key)
                parent.kept[parent_key] = why
                parent.targets[parent_key] = _targets(sql, edge.parent[1], None)
                changed = True


def apply_plan(sql: SqlSystem, conn: Connection, plan: Plan,
               own: dict[str, Rows] | None = None) -> ErasureOutcome:
    outcome = ErasureOutcome(system=sql.id)
    kept: dict[tuple[str, str, date], list[Any]] = defaultdict(list)
    for name in _children_first(sql, list(plan)):
        table_plan, table = plan[name], sql.table(name)
        pk = table.c[sql.spec(name).key_columns[0]]
        rows = (own or {}).get(name, {})
        groups: dict[tuple[tuple[str, Any], ...], list[Any]] = defaultdict(list)
        nulled = masked = 0
        for key, targets in table_plan.targets.items():
            current = rows.get(key, {})
            change = {c: v for c, v in targets.items() if not rows or current.get(c) != v}
            if change:
                groups[tuple(sorted(change.items()))].append(key)
                nulled += any(v is None for v in change.values())
                masked += any(v is not None for v in change.values())
        try:
            for change_items, keys in groups.items():
                for part in chunks(keys):
                    conn.execute(update(table).where(pk.in_(part)).values(dict(change_items)))
            for part in chunks(sorted(table_plan.delete, key=repr)):
                conn.execute(delete(table).where(pk.in_(part)))
        except IntegrityError as exc:
            raise Conflict(
                f"system '{sql.id}': erasure in table '{name}' breaks a database constraint "
                f"({type(exc.orig).__name__}); check the policy's erasure rules and tables "
                "the policy does not declare that point at it") from None
        for statute, until, reason in table_plan.kept.values():
            kept[(name, statute, until)].append(reason)
        if table_plan.delete:
            outcome.deleted[name] = len(table_plan.delete)
        if nulled:
            outcome.nulled[name] = nulled
        if masked:
            outcome.masked[name] = masked
    for (name, statute, until), reasons in sorted(kept.items(), key=lambda i: (i[0][0], i[0][2])):
        outcome.kept.append(Kept(table=name, count=len(reasons), statute=statute, until=until,
                                 reason=reasons[0]))
    return outcome


def _children_first(sql: SqlSystem, names: list[str]) -> list[str]:
    """Tables ordered so every table comes before the tables it references."""
    parents = {name: {e.parent[1] for e in edges_of({sql.id: sql})
                      if e.child == (sql.id, name) and e.parent[0] == sql.id
                      and e.parent[1] != name}
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
