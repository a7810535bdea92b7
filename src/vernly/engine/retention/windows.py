"""Carrying a bound rule out: set-based statements, each window its own transaction.

Two ways of cutting the work into windows:

* **By time**, what a sweep does unless an operator configured a batch, for every rule
  judged by a timestamp column (age, fiscal year, an event column). A window is
  `ts < :b AND <the rule's condition>`, oldest rows first, where `:b` is the time of the
  row just past the window's cap among those still due, read from the timestamp index
  (`ORDER BY ts LIMIT 1 OFFSET cap`, no table access). With no such row the window is
  simply the rule's condition: the `DELETE ... WHERE ts < :cutoff` a DBA would type, with
  holds and restrictions added. On PostgreSQL the planner's estimate (EXPLAIN, no scan)
  says whether a boundary is needed at all; the walk would cost a quarter of the delete.
* **By key**, with a configured batch (`VERNLY_SWEEP_BATCH`: an operator bounding lock
  time) and for rules without a timestamp (ledger events): windows of the primary key
  (`pk >= a AND pk < b AND ...`) sized to about `batch` rows, adapting to how densely the
  rows sit in the key space and growing while windows finish well inside `WINDOW_SECONDS`.
  Tables without an integer key go by key boundaries instead.

A window's child rows (tables referencing it) are deleted first, in the same transaction,
so no window leaves a dangling reference. Killed between two windows, a sweep has committed
whole windows only (a window in flight rolls back); the next run carries on with what is
left. Nothing is counted before acting: the statements' row counts are the figures.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    delete,
    func,
    select,
    type_coerce,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.types import NullType

from vernly.connectors.engines import WRITE
from vernly.connectors.sql import SqlSystem
from vernly.engine.retention.tables import (
    KEYS_PER_STATEMENT,
    SqlTarget,
    due,
    exempt_not,
    key_values,
    new_values,
    pending,
)
from vernly.policy.models import RetentionAction
from vernly.policy.retention_rules import RuleMode
from vernly.policy.retention_targets import Cascade

DEFAULT_BATCH = 50_000
"""Rows per key window when a window has to be cut by key without a configured batch."""
WINDOW_SECONDS = 0.5
"""By key: how long one window's transaction should hold the table's write locks, about."""
MAX_GROWTH = 16
"""By key: a window holds at most this many times the configured batch of rows."""
TIME_CAP = {"sqlite": 1_000_000, "postgresql": 4_000_000}
"""By time: rows in the first window, per database (others: SQLite's).

Sized so that a window takes about `TIME_WINDOW_SECONDS` on a small 2-core server, and
kept large on purpose. SQLite has one writer for the whole file (readers go on, in WAL),
and more windows do not mean shorter locks: every window rewrites each index page it
touches, and an index in no relation to time (an e-mail column) has most of its pages
touched by any window of more than a few thousand rows. Measured on 5M rows with three
indexes: 50,000 rows took 0.55 s, 950,000 rows 1.8 s, seven windows of 143,000 2.65 s
against 2.3 s for one statement. PostgreSQL locks only the rows a DELETE removes (expired
rows no application writes) and blocks neither readers nor writers of other rows; a long
transaction costs a held-back vacuum horizon and a burst of WAL there, so minutes must be
avoided and seconds are harmless."""
TIME_WINDOW_SECONDS = 3.0
"""By time: windows that take longer than half as much again halve the cap for the next
one (a slower machine, wide rows, many indexes); fast ones double it, up to 4x. Well under
the 5 s that Python's sqlite3 (and Rails' default configuration) waits for a locked SQLite
database before giving up."""

BatchHook = Callable[[int, dict[str, int]], None]
"""Called after each committed window with the rows acted on and rows cascaded per table."""


@dataclass
class Outcome:
    acted: int = 0
    """Rows deleted or changed in the rule's own table."""
    cascaded: dict[str, int] = field(default_factory=dict)
    """Rows deleted with them in referencing tables, per table."""
    batches: int = 0


def execute(target: SqlTarget, batch: int | None, hook: BatchHook | None = None) -> Outcome:
    """Carry the rule out in committed windows (`batch` None: by time where possible)."""
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
            if batch is None and _by_time_applies(target):
                _by_time(conn, target, where, outcome, hook)
            else:
                _by_key(conn, target, where, batch or DEFAULT_BATCH, outcome, hook)
        finally:
            if sqlite:
                _pragma(conn, "wal_autocheckpoint=1000")
                _pragma(conn, "wal_checkpoint(PASSIVE)")
    return outcome


def _pragma(conn: Connection, pragma: str) -> None:
    driver = conn.connection.dbapi_connection
    assert driver is not None
    driver.execute(f"PRAGMA {pragma}")


# -- by time ---------------------------------------------------------------------------------

def _by_time_applies(target: SqlTarget) -> bool:
    rule = target.rule
    return rule.mode not in (RuleMode.event_ledger, RuleMode.with_parent) \
        and bool(rule.timestamp_field)


def _by_time(conn: Connection, target: SqlTarget, where: ColumnElement[bool],
             outcome: Outcome, hook: BatchHook | None) -> None:
    assert target.rule.timestamp_field
    # The boundary goes back to the database exactly as it came (text on SQLite), with no
    # round trip through Python's datetime and the column's own conversions.
    raw = type_coerce(target.table.c[target.rule.timestamp_field], NullType())
    first = cap = TIME_CAP.get(conn.dialect.name, TIME_CAP["sqlite"])
    while True:
        began = time.perf_counter()
        bound = _boundary(conn, target, where, cap)
        if bound is None:
            _window(conn, target, where, outcome, hook)
            return
        before = raw < bound
        acted = _window(conn, target, and_(before, where), outcome, hook)
        if not acted:
            # More than `cap` rows share the oldest time (an import stamped them all at
            # once): those go by key, then the rest carries on by time.
            at = raw <= bound
            _by_key(conn, target, and_(at, where), DEFAULT_BATCH, outcome, hook)
        cap = _next_cap(cap, first, acted, time.perf_counter() - began)


def _boundary(conn: Connection, target: SqlTarget, where: ColumnElement[bool],
              cap: int) -> Any:
    """The time of the (cap+1)-th row due, oldest first; None when at most `cap` are due."""
    assert target.rule.timestamp_field
    column = target.table.c[target.rule.timestamp_field]
    if conn.dialect.name == "postgresql":
        expected = _estimate(conn, select(column).where(where))
        if expected is not None and expected <= cap // 2:
            # Statistics lag the table by at most autovacuum's analyse threshold (10 %);
            # half the cap leaves room for that.
            return None
    query = select(type_coerce(column, NullType())).where(where, column.is_not(None)) \
        .order_by(column).limit(1).offset(cap)
    with conn.begin():
        row = conn.execute(query).first()
    return None if row is None else row[0]


def _estimate(conn: Connection, query: Any) -> int | None:
    """Rows the PostgreSQL planner expects `query` to return (no scan: statistics only)."""
    compiled = query.compile(dialect=conn.dialect,
                             compile_kwargs={"render_postcompile": True})
    with conn.begin():
        plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled),
                                    compiled.params).scalar()
    try:
        data: Any = json.loads(plan) if isinstance(plan, str) else plan
        return int(data[0]["Plan"]["Plan Rows"])
    except (TypeError, ValueError, KeyError, IndexError):
        return None


def _next_cap(cap: int, first: int, acted: int, seconds: float) -> int:
    if seconds > TIME_WINDOW_SECONDS * 1.5:
        return max(cap // 2, DEFAULT_BATCH)
    if seconds < TIME_WINDOW_SECONDS / 2 and acted >= cap // 2:
        return min(cap * 2, first * 4)
    return cap


# -- by key ----------------------------------------------------------------------------------

def _by_key(conn: Connection, target: SqlTarget, where: ColumnElement[bool], batch: int,
            outcome: Outcome, hook: BatchHook | None) -> None:
    if target.rule.mode == RuleMode.event_ledger and "*" not in (target.event_keys or []):
        keys = key_values(target, target.event_keys or [])
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


# -- one window ------------------------------------------------------------------------------

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
                                 .values(**new_values(target))).rowcount
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
