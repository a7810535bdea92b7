"""Binding compiled SQL rules to their databases, cutoffs and the rows they must keep."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vernly.connectors.identity import Identity
from vernly.engine.retention.events import event_keys
from vernly.engine.retention.holds import Exemptions, gather
from vernly.engine.retention.rules import Retention, cutoff
from vernly.engine.retention.tables import SqlTarget, parents_of
from vernly.errors import VernlyError
from vernly.policy.retention_rules import CompiledRule, RuleMode

Keys = dict[str, dict[str, set[Any]]]
"""System id -> table -> primary keys."""


@dataclass
class Scope:
    """What one run must leave alone, worked out once."""

    exemptions: Exemptions
    held: Keys = field(default_factory=dict)
    restricted: Keys = field(default_factory=dict)
    error: str | None = None
    """Why persons' rows could not be found; SQL rules do not act without knowing."""


def _merge(into: Keys, found: Keys) -> None:
    for system, tables in found.items():
        for table, keys in tables.items():
            into.setdefault(system, {}).setdefault(table, set()).update(keys)


def _rows(ctx: Retention, identities: list[Identity]) -> Keys:
    keys: Keys = {}
    for identity in identities:
        if not identity.is_empty():
            _merge(keys, ctx.datamap.rows_for(identity))
    return keys


def gather_scope(ctx: Retention, session: Session, now: datetime) -> Scope:
    scope = Scope(gather(session, now))
    ex = scope.exemptions
    if not (ex.persons or ex.restricted):
        return scope
    try:
        scope.held = _rows(ctx, [identity for _, identity in ex.persons])
        scope.restricted = _rows(ctx, ex.restricted)
    except VernlyError as exc:
        scope.error = f"held and restricted persons could not be looked up: {exc}"
    return scope


def bind(ctx: Retention, session: Session, scope: Scope, rule: CompiledRule,
         now: datetime) -> SqlTarget:
    """The rule as a target in its database at `now`."""
    sql = ctx.datamap.sql(rule.system)
    moment = cutoff(rule, now, ctx.zone)
    assert moment is not None and rule.table and rule.primary_key
    held = set(scope.held.get(rule.system, {}).get(rule.table, set()))
    restricted = set(scope.restricted.get(rule.system, {}).get(rule.table, set()))
    if rule.cascade and (scope.held.get(rule.system) or scope.restricted.get(rule.system)):
        table = sql.table(rule.table)
        with sql.engine.connect() as conn:
            held |= parents_of(conn, sql, rule.cascade, table, rule.primary_key,
                               scope.held.get(rule.system, {}))
            restricted |= parents_of(conn, sql, rule.cascade, table, rule.primary_key,
                                     scope.restricted.get(rule.system, {}))
    target = SqlTarget(sql, rule, moment, held, restricted)
    if rule.mode == RuleMode.event_ledger:
        target.event_keys = event_keys(session, rule.dataset, rule.trigger, moment)
    if rule.mode == RuleMode.with_parent and rule.parent:
        target.parent = bind(ctx, session, scope, ctx.compiled.rule(rule.parent), now)
    return target
