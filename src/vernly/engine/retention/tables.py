"""Retention in SQL tables: a compiled rule bound to its database, as SQL conditions.

Rows are never fetched to decide what to delete: `due`, `pending` and `exempt_not` are the
conditions the set-based statements carry (`windows.py` cuts them into transactions), and
`measure`, `kept` and `oldest_left` are what the plan and the run report say about them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    false,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import ColumnClause
from sqlalchemy.types import Date, DateTime, Integer, String

from vernly.connectors.sql import SqlSystem
from vernly.policy.models import RetentionAction
from vernly.policy.retention_rules import CompiledRule, RuleMode
from vernly.policy.retention_targets import Cascade

MASK = "***"
"""What `mask` writes into text columns (other types are set to NULL)."""
KEYS_PER_STATEMENT = 500

@dataclass
class SqlTarget:
    """A compiled rule bound to its database, a cutoff and the rows it must leave alone."""

    sql: SqlSystem
    rule: CompiledRule
    cutoff: datetime
    held: set[Any] = field(default_factory=set)
    """Primary keys kept by legal holds on persons."""
    restricted: set[Any] = field(default_factory=set)
    """Primary keys of persons whose processing is restricted (Art. 18)."""
    event_keys: list[Any] | None = None
    """For rules triggered by ledger events: keys whose event is older than the cutoff."""
    parent: SqlTarget | None = None
    """For rules that go with their parent table's rows."""

    @property
    def table(self) -> Table:
        assert self.rule.table
        return self.sql.table(self.rule.table)

    @property
    def pk(self) -> ColumnClause[Any]:
        assert self.rule.primary_key
        column: ColumnClause[Any] = self.table.c[self.rule.primary_key]
        return column


@dataclass(frozen=True)
class Measure:
    matched: int
    """Rows past the cutoff (not yet acted on, for update actions)."""
    skipped_hold: int
    skipped_restricted: int
    oldest_matched: datetime | None
    oldest: datetime | None
    """Oldest trigger time still in the table (None when empty or not measurable)."""
    rows: int
    """Rows in the table."""


def time_value(column: Any, moment: datetime) -> Any:
    """`moment` as the column stores it: naive UTC unless the column keeps a time zone."""
    moment = moment.astimezone(UTC)
    kind = column.type
    if isinstance(kind, Date) and not isinstance(kind, DateTime):
        return moment.date()
    if isinstance(kind, DateTime) and kind.timezone:
        return moment
    return moment.replace(tzinfo=None)


def as_aware(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            return as_aware(datetime.fromisoformat(value))
        except ValueError:
            return None
    return None


def _not_in(column: ColumnClause[Any], keys: set[Any]) -> ColumnElement[bool]:
    if not keys:
        return true()
    ordered = sorted(keys, key=repr)
    parts = [column.not_in(ordered[i:i + KEYS_PER_STATEMENT])
             for i in range(0, len(ordered), KEYS_PER_STATEMENT)]
    return and_(*parts)


def _in(column: ColumnClause[Any], keys: set[Any]) -> ColumnElement[bool]:
    if not keys:
        return false()
    ordered = sorted(keys, key=repr)
    return or_(*(column.in_(ordered[i:i + KEYS_PER_STATEMENT])
                 for i in range(0, len(ordered), KEYS_PER_STATEMENT)))


def due(target: SqlTarget) -> ColumnElement[bool]:
    """Rows past the cutoff, before holds and restrictions are taken into account."""
    rule, table = target.rule, target.table
    if rule.mode == RuleMode.with_parent:
        parent = target.parent
        assert parent is not None and rule.parent_field and rule.parent_column
        parents = select(parent.table.c[rule.parent_column]).where(due(parent))
        return table.c[rule.parent_field].in_(parents)
    if rule.mode == RuleMode.event_ledger:
        keys = target.event_keys or []
        if "*" in keys:
            return true()
        return _in(target.pk, set(key_values(target, keys)))
    assert rule.timestamp_field
    column = table.c[rule.timestamp_field]
    older: ColumnElement[bool] = column < time_value(column, target.cutoff)
    return older


def key_values(target: SqlTarget, keys: Sequence[Any]) -> list[Any]:
    if isinstance(target.pk.type, Integer):
        return [int(k) for k in keys if str(k).lstrip("-").isdigit()]
    return [str(k) for k in keys]


def pending(target: SqlTarget) -> ColumnElement[bool]:
    """For null/mask/anonymise: rows not yet changed, so reruns count nothing twice."""
    action, table = target.rule.action, target.table
    if action == RetentionAction.delete:
        return true()
    clauses = []
    for name in target.rule.targets:
        column = table.c[name]
        if action == RetentionAction.mask and isinstance(column.type, String):
            clauses.append(and_(column.is_not(None), column != MASK))
        else:
            clauses.append(column.is_not(None))
    return or_(*clauses) if clauses else false()


def exempt_not(target: SqlTarget) -> ColumnElement[bool]:
    """Rows neither held nor restricted (nor hanging under a parent row that is)."""
    own = _not_in(target.pk, target.held | target.restricted)
    parent, rule = target.parent, target.rule
    if parent is None or not (parent.held | parent.restricted):
        return own
    assert rule.parent_field and rule.parent_column
    column = parent.table.c[rule.parent_column]
    kept = select(column).where(_in(parent.pk, parent.held | parent.restricted),
                                column.is_not(None))
    return and_(own, target.table.c[rule.parent_field].not_in(kept))


def measure(conn: Connection, target: SqlTarget, *, totals: bool = True) -> Measure:
    """How many rows the rule applies to now, and what holds and restrictions keep."""
    table = target.table
    base = and_(due(target), pending(target))
    time_col = time_column(target)
    oldest_expr = func.min(time_col) if time_col is not None else literal(None)
    row = conn.execute(select(func.count(), oldest_expr).select_from(table).where(base)).one()
    matched, oldest_matched = int(row[0]), as_aware(row[1])
    held, restricted = kept(conn, target) if matched else (0, 0)
    if not totals:
        return Measure(matched, held, restricted, oldest_matched, None, 0)
    total = conn.execute(select(func.count(), oldest_expr).select_from(table)).one()
    return Measure(matched, held, restricted, oldest_matched, as_aware(total[1]), int(total[0]))


def kept(conn: Connection, target: SqlTarget) -> tuple[int, int]:
    """Rows due that holds keep, and rows due that restrictions keep (not also held).

    Looked up by primary key among the few kept persons' rows, never by counting what is
    due: the statements' own row counts say how many went."""
    base = and_(due(target), pending(target))
    held = restricted = 0
    if target.held:
        held = int(conn.execute(select(func.count()).select_from(target.table)
                                .where(base, _in(target.pk, target.held))).scalar_one())
    only = target.restricted - target.held
    if only:
        restricted = int(conn.execute(select(func.count()).select_from(target.table)
                                      .where(base, _in(target.pk, only))).scalar_one())
    return held, restricted


def oldest_left(conn: Connection, target: SqlTarget) -> datetime | None:
    """The oldest trigger time in the table after the rule was carried out.

    After a delete by a timestamp column, rows before the cutoff remain only where holds or
    restrictions keep them, so the minimum is taken over the rows at or after the cutoff and
    over the kept rows, both by index. A minimum over the whole table would walk the index
    entries of every row just deleted: PostgreSQL keeps them until vacuum (a tenth of a
    second per million)."""
    column = time_column(target)
    if column is None:
        return None
    rule = target.rule
    if rule.action != RetentionAction.delete or rule.mode in (RuleMode.event_ledger,
                                                              RuleMode.with_parent):
        return as_aware(conn.execute(select(func.min(column))
                                     .select_from(target.table)).scalar())
    limit = time_value(column, target.cutoff)
    found = [conn.execute(select(func.min(column)).where(column >= limit)).scalar()]
    keys = target.held | target.restricted
    if keys:
        found.append(conn.execute(select(func.min(column))
                                  .where(column < limit, _in(target.pk, keys))).scalar())
    times = [t for t in (as_aware(v) for v in found) if t is not None]
    return min(times) if times else None


def time_column(target: SqlTarget) -> Any:
    rule = target.rule
    if rule.mode == RuleMode.with_parent:
        parent = target.parent
        assert parent is not None and rule.parent_field and rule.parent_column
        parent_time = time_column(parent)
        if parent_time is None:
            return None
        return (select(parent_time).where(
            parent.table.c[rule.parent_column] == target.table.c[rule.parent_field])
            .scalar_subquery())
    if rule.timestamp_field:
        return target.table.c[rule.timestamp_field]
    return None


def new_values(target: SqlTarget) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in target.rule.targets:
        column = target.table.c[name]
        masked = target.rule.action == RetentionAction.mask and isinstance(column.type, String)
        values[name] = MASK if masked else None
    return values


def parents_of(conn: Connection, sql: SqlSystem, cascades: Sequence[Cascade],
               parent: Table, parent_pk: str, held: dict[str, set[Any]]) -> set[Any]:
    """Keys of parent rows that have a held row somewhere below them (kept with it)."""
    keys: set[Any] = set()
    for link in cascades:
        child = sql.table(link.table)
        below = parents_of(conn, sql, link.children, child, link.primary_key, held)
        child_keys = held.get(link.table, set()) | below
        if not child_keys:
            continue
        child_pk = child.c[link.primary_key]
        values = {v for (v,) in conn.execute(select(child.c[link.field])
                                             .where(_in(child_pk, child_keys))) if v is not None}
        if not values:
            continue
        keys |= {k for (k,) in conn.execute(select(parent.c[parent_pk])
                                            .where(_in(parent.c[link.parent_field], values)))}
    return keys
