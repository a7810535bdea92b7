"""The sweep's plan: per rule, the cutoff, what matches, how old the oldest is, what is kept.

`vernly sweep --dry-run` prints it; the sweep itself measures the same way before and
after acting, so the plan and the run report use one vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from vernly.engine.retention.rules import Retention, cutoff
from vernly.engine.retention.stores import measure_files, measure_log
from vernly.engine.retention.tables import measure
from vernly.engine.retention.targets import Scope, bind, gather_scope
from vernly.engine.retention.tasks import instructions, latest, task_dict
from vernly.errors import VernlyError
from vernly.policy.models import SystemKind
from vernly.policy.retention_rules import CompiledRule, RuleMode

UNITS = {SystemKind.sql: "rows", SystemKind.files: "files", SystemKind.log: "log lines"}


@dataclass
class RulePlan:
    """What one rule would do (or did) at one moment."""

    rule: CompiledRule
    cutoff: datetime | None
    now: datetime
    unit: str
    matched: int = 0
    skipped_hold: int = 0
    skipped_restricted: int = 0
    oldest: datetime | None = None
    oldest_matched: datetime | None = None
    total: int | None = None
    held_by: list[str] = field(default_factory=list)
    """Holds on the system or dataset: the rule is skipped entirely."""
    task: dict[str, Any] | None = None
    instructions: str | None = None
    error: str | None = None

    @property
    def to_act(self) -> int:
        if self.held_by or self.error or self.rule.is_manual:
            return 0
        return max(self.matched - self.skipped_hold - self.skipped_restricted, 0)

    def age_days(self, moment: datetime | None) -> float | None:
        return None if moment is None else round((self.now - moment).total_seconds() / 86400, 1)

    def to_dict(self) -> dict[str, Any]:
        r = self.rule
        out: dict[str, Any] = {
            "rule": r.id, "activity": r.activity, "dataset": r.dataset, "system": r.system,
            "kind": "manual" if r.is_manual else self.unit, "mode": r.mode.value,
            "action": r.action.value, "trigger": r.trigger.value, "duration": r.duration,
            "statute": r.statute, "promise": {"en": r.words("en"), "nb": r.words("nb")},
            "cutoff": iso(self.cutoff), "matched": self.matched, "to_act": self.to_act,
            "skipped_hold": self.skipped_hold, "skipped_restricted": self.skipped_restricted,
            "held_by": self.held_by, "oldest": iso(self.oldest),
            "oldest_age_days": self.age_days(self.oldest),
            "oldest_matched": iso(self.oldest_matched),
            "oldest_matched_age_days": self.age_days(self.oldest_matched),
            "total": self.total, "error": self.error,
        }
        if r.cascade:
            out["cascade"] = [c.table for c in r.cascade]
        if r.mode == RuleMode.with_parent:
            out["with_parent"] = r.parent
        if r.is_manual:
            out["manual"] = {"owner": r.owner, "enforced_by": r.enforced_by,
                             "instructions": self.instructions, "task": self.task}
        return out


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def describe_error(exc: Exception) -> str:
    """An error as one line without the statement's parameters (they may be personal)."""
    if isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        text = str(orig) if orig is not None else type(exc).__name__
        return f"{type(orig or exc).__name__}: {text.splitlines()[0][:200]}"
    return str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__


def system_name(ctx: Retention, rule: CompiledRule) -> str:
    try:
        # The retention plan and its tasks are worded in English.
        return ctx.loaded.policy.system(rule.system).name_in("en")
    except StopIteration:
        return rule.owner or rule.dataset


def plan_rule(ctx: Retention, session: Session, scope: Scope, rule: CompiledRule,
              now: datetime) -> RulePlan:
    plan = RulePlan(rule, cutoff(rule, now, ctx.zone), now, UNITS.get(rule.system_kind, "rows"))
    if rule.is_manual:
        plan.instructions = instructions(rule, plan.cutoff, system_name(ctx, rule))
        plan.task = task_dict(latest(session, rule.id), now)
        return plan
    plan.held_by = scope.exemptions.blocking(rule)
    try:
        _measure(ctx, session, scope, rule, now, plan)
    except (VernlyError, SQLAlchemyError, OSError) as exc:
        plan.error = describe_error(exc)
    return plan


def _measure(ctx: Retention, session: Session, scope: Scope, rule: CompiledRule,
             now: datetime, plan: RulePlan) -> None:
    assert plan.cutoff is not None
    if rule.system_kind == SystemKind.files:
        m = measure_files(ctx.datamap.files(rule.system), plan.cutoff)
    elif rule.system_kind == SystemKind.log:
        m = measure_log(ctx.datamap.log(rule.system), plan.cutoff)
    else:
        if scope.error:
            plan.error = scope.error
            return
        target = bind(ctx, session, scope, rule, now)
        with target.sql.engine.connect() as conn:
            sm = measure(conn, target)
        plan.matched, plan.skipped_hold = sm.matched, sm.skipped_hold
        plan.skipped_restricted = sm.skipped_restricted
        plan.oldest, plan.oldest_matched, plan.total = sm.oldest, sm.oldest_matched, sm.rows
        return
    plan.matched, plan.oldest, plan.oldest_matched, plan.total = (
        m.matched, m.oldest, m.oldest_matched, m.total)


def build_plan(ctx: Retention, now: datetime) -> list[RulePlan]:
    """The plan for every rule at `now` (nothing is changed)."""
    with ctx.ledger.session() as session:
        scope = gather_scope(ctx, session, now)
        return [plan_rule(ctx, session, scope, rule, now) for rule in ctx.compiled.rules]
