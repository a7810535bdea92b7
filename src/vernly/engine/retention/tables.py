"""Retention in SQL tables, pushed down to the database as set-based statements.

Rows are never fetched to decide what to delete. Work goes in windows of the primary key
(`pk >= a AND pk < b AND ts < :cutoff ...`), each its own transaction, sized to hold about
`batch` rows: the window adapts to how densely the expired rows sit in the key space. A
window's child rows (tables referencing it) are deleted first, in the same transaction, so
no batch ever leaves a dangling reference. Tables without an integer key go by key
boundaries instead (`pk <= (SELECT pk ... ORDER BY pk LIMIT 1 OFFSET batch-1)`).

Killed between two windows, a sweep has committed whole windows only; the next run
measures what is left and carries on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    delete,
    false,
    func,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import ColumnClause
from sqlalchemy.types import Date, DateTime, Integer, String

from vernly.connectors.engines import WRITE
from vernly.connectors.sql import SqlSystem
from vernly.policy.models import RetentionAction
from vernly.policy.retention_rules import CompiledRule, RuleMode
from vernly.policy.retention_targets import Cascade

WINDOW_SECONDS = 0.5
"""How long one window's transaction should hold the table's write locks, at most about."""
MAX_GROWTH = 16
"""A window holds at most this many times the configured batch of rows."""
MASK = "***"
"""What `mask` writes into text columns (other types are set to NULL)."""
KEYS_PER_STATEMENT = 500

BatchHook = Callable[[int, dict[str, int]], None]
"""Called after each committed window with the rows acted on and rows cascaded per table."""


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
        return _in(target.pk, set(_key_values(target, keys)))
    assert rule.timestamp_field
    column = table.c[rule.timestamp_field]
    older: ColumnElement[bool] = column < time_value(column, target.cutoff)
    return older


def _key_values(target: SqlTarget, keys: Sequence[Any]) -> list[Any]:
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
    held = restricted = 0
    if matched and target.held:
        held = int(conn.execute(select(func.count()).select_from(table)
                                .where(base, _in(target.pk, target.held))).scalar_one())
    if matched and target.restricted:
        only = target.restricted - target.held
        restricted = int(conn.execute(select(func.count()).select_from(table)
                                      .where(base, _in(target.pk, only))).scalar_one())
    if not totals:
        return Measure(matched, held, restricted, oldest_matched, None, 0)
    total = conn.execute(select(func.count(), oldest_expr).select_from(table)).one()
    return Measure(matched, held, restricted, oldest_matched, as_aware(total[1]), int(total[0]))


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


@dataclass
class Outcome:
    acted: int = 0
    """Rows deleted or changed in the rule's own table."""
    cascaded: dict[str, int] = field(default_factory=dict)
    """Rows deleted with them in referencing tables, per table."""
    batches: int = 0


def execute(target: SqlTarget, batch: int, hook: BatchHook | None = None) -> Outcome:
    """Carry the rule out in committed windows; returns what was done."""
    outcome = Outcome()
    where = and_(due(target), pending(target), exempt_not(target))
    with target.sql.engine.connect() as conn:
        conn.execution_options(**WRITE)
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            # One checkpoint at the end instead of one per window: each window would
            # otherwise write the same (randomly ordered) index pages back to the file.
            # On the driver connection, outside any transaction (pysqlite autocommit).
            _pragma(conn, "wal_autocheckpoint=0")
        try:
            _execute(conn, target, where, batch, outcome, hook)
        finally:
            if sqlite:
                _pragma(conn, "wal_autocheckpoint=1000")
                _pragma(conn, "wal_checkpoint(PASSIVE)")
    return outcome


def _pragma(conn: Connection, pragma: str) -> None:
    driver = conn.connection.dbapi_connection
    assert driver is not None
    driver.execute(f"PRAGMA {pragma}")


def _execute(conn: Connection, target: SqlTarget, where: ColumnElement[bool], batch: int,
             outcome: Outcome, hook: BatchHook | None) -> None:
    if target.rule.mode == RuleMode.event_ledger and "*" not in (target.event_keys or []):
        keys = _key_values(target, target.event_keys or [])
        for i in range(0, len(keys), KEYS_PER_STATEMENT):
            part = keys[i:i + KEYS_PER_STATEMENT]
            _window(conn, target, and_(target.pk.in_(part), pending(target),
                                       exempt_not(target)), outcome, hook)
        return
    with conn.begin():
        low, high, count = conn.execute(
            select(func.min(target.pk), func.max(target.pk), func.count())
            .select_from(target.table).where(where)).one()
    if not count:
        return
    if isinstance(low, int) and isinstance(high, int):
        _by_ranges(conn, target, where, int(low), int(high), int(count), batch, outcome, hook)
    else:
        _by_boundaries(conn, target, where, batch, outcome, hook)


def _by_ranges(conn: Connection, target: SqlTarget, where: ColumnElement[bool], low: int,
               high: int, count: int, batch: int, outcome: Outcome,
               hook: BatchHook | None) -> None:
    aim = batch
    width = max(1, (high - low + 1) * aim // count)
    start = low
    while start <= high:
        end = start + width
        began = time.perf_counter()
        acted = _window(conn, target, and_(target.pk >= start, target.pk < end, where),
                        outcome, hook)
        aim = _next_aim(aim, batch, acted, time.perf_counter() - began)
        start = end
        # Aim the next window at `aim` rows from the density just seen, within limits.
        width = max(1, min(width * 4, width * aim // acted)) if acted else width * 4


def _next_aim(aim: int, batch: int, acted: int, seconds: float) -> int:
    """Rows for the next window: what bounds a transaction is how long it holds its locks,
    so windows that finish well inside `WINDOW_SECONDS` grow (fewer commits, and on SQLite
    fewer rewrites of the same index pages) and slow ones shrink."""
    if seconds < WINDOW_SECONDS / 2 and acted >= aim // 2:
        return min(aim * 2, batch * MAX_GROWTH)
    if seconds > WINDOW_SECONDS * 1.5:
        return max(aim // 2, max(batch // 4, 1))
    return aim


def _by_boundaries(conn: Connection, target: SqlTarget, where: ColumnElement[bool],
                   batch: int, outcome: Outcome, hook: BatchHook | None) -> None:
    while True:
        with conn.begin():
            bound = conn.execute(select(target.pk).where(where).order_by(target.pk)
                                 .limit(1).offset(batch - 1)).scalar()
        window = where if bound is None else and_(where, target.pk <= bound)
        acted = _window(conn, target, window, outcome, hook)
        if bound is None or not acted:
            return


def _window(conn: Connection, target: SqlTarget, where: ColumnElement[bool], outcome: Outcome,
            hook: BatchHook | None) -> int:
    """One transaction: children first, then the rows themselves."""
    table, rule = target.table, target.rule
    cascaded: dict[str, int] = {}
    with conn.begin():
        if rule.action == RetentionAction.delete:
            _delete_children(conn, target.sql, table, where, rule.cascade, cascaded)
            acted = conn.execute(delete(table).where(where)).rowcount
        else:
            acted = conn.execute(update(table).where(where)
                                 .values(**_new_values(target))).rowcount
    acted = max(int(acted or 0), 0)
    outcome.acted += acted
    outcome.batches += 1
    for name, n in cascaded.items():
        outcome.cascaded[name] = outcome.cascaded.get(name, 0) + n
    if hook is not None:
        hook(acted, cascaded)
    return acted


def _delete_children(conn: Connection, sql: SqlSystem, parent: Table,
                     where: ColumnElement[bool], cascades: Sequence[Cascade],
                     counts: dict[str, int]) -> None:
    for link in cascades:
        child = sql.table(link.table)
        child_where = child.c[link.field].in_(select(parent.c[link.parent_field]).where(where))
        _delete_children(conn, sql, child, child_where, link.children, counts)
        n = conn.execute(delete(child).where(child_where)).rowcount
        counts[link.table] = counts.get(link.table, 0) + max(int(n or 0), 0)


def _new_values(target: SqlTarget) -> dict[str, Any]:
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
