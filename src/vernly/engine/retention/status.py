"""Proof: every retention promise of the notice next to what is true now.

A promise *holds* at `now` when

1. no record that is neither held nor restricted has a trigger time before the cutoff of
   `now - grace` (the grace is one sweep window: between two sweeps records cross the
   limit, and the promise allows for the sweep that is due to remove them), and
2. the rule was carried out without error by a sweep whose clock is within the last
   `grace` (so the first point is not a lucky accident of an empty table).

The grace is the scheduler's interval, or a day when the scheduler is off and sweeps run
from cron. Rules carried out by someone else are reported with their task, never as
held: vernly cannot see into Questback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from vernly.engine.retention.plan import RulePlan, describe_error, iso, plan_rule
from vernly.engine.retention.rules import Retention
from vernly.engine.retention.tables import as_aware
from vernly.engine.retention.targets import gather_scope
from vernly.errors import VernlyError
from vernly.ledger.retention import SweepRun
from vernly.policy.models import Activity, Policy, RetentionTrigger, SystemKind
from vernly.policy.retention_rules import CompiledRule

CRON_WINDOW = timedelta(days=1)
RECENT_RUNS = 50
NO_PROMISE = "no promise stated"


@dataclass(frozen=True)
class LastRun:
    run: str
    as_of: datetime
    finished_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {"run": self.run, "as_of": iso(self.as_of), "finished_at": iso(self.finished_at)}


def grace_for(interval_seconds: int) -> timedelta:
    return timedelta(seconds=interval_seconds) if interval_seconds > 0 else CRON_WINDOW


def recent_runs(session: Session) -> list[SweepRun]:
    return list(session.execute(
        select(SweepRun).where(SweepRun.dry_run.is_(False),
                               SweepRun.status.in_(("succeeded", "failed", "interrupted")))
        .order_by(SweepRun.as_of.desc(), SweepRun.started_at.desc())
        .limit(RECENT_RUNS)).scalars())


def last_success(runs: list[SweepRun], rule_id: str) -> LastRun | None:
    """The newest run that carried this rule out without error."""
    for run in runs:
        for result in run.results or []:
            if result.get("rule") == rule_id and not result.get("error") \
                    and run.status != "interrupted":
                return LastRun(run.id, run.as_of, run.finished_at)
    return None


def build_status(ctx: Retention, now: datetime) -> dict[str, Any]:
    grace = grace_for(ctx.settings.sweep_interval_seconds)
    policy = ctx.loaded.policy
    with ctx.ledger.session() as session:
        runs = recent_runs(session)
        scope = gather_scope(ctx, session, now)
        promises: list[dict[str, Any]] = []
        for activity in policy.activities:
            promises.extend(_activity(ctx, session, scope, activity, now, grace, runs))
        latest = runs[0] if runs else None
    summary: dict[str, int] = {}
    for promise in promises:
        summary[promise["state"]] = summary.get(promise["state"], 0) + 1
    return {
        "as_of": iso(now), "grace_seconds": int(grace.total_seconds()),
        "sweep_interval_seconds": ctx.settings.sweep_interval_seconds,
        "fiscal_zone": str(ctx.zone),
        "last_sweep": ({"run": latest.id, "status": latest.status, "as_of": iso(latest.as_of),
                        "finished_at": iso(latest.finished_at)} if latest else None),
        "holds_in_force": len(scope.exemptions.persons) + sum(
            len(v) for v in scope.exemptions.targets.values()),
        "restricted_persons": len(scope.exemptions.restricted),
        "summary": summary, "promises": promises,
    }


def _activity(ctx: Retention, session: Session, scope: Any, activity: Activity,
              now: datetime, grace: timedelta, runs: list[SweepRun]) -> list[dict[str, Any]]:
    head = {"activity": activity.id, "section": activity.section,
            "name": {"en": activity.name.get("en"), "nb": activity.name.get("nb")}}
    if activity.retention == "not_stated":
        return [{**head, "state": "no_promise", "holds": None, "text": NO_PROMISE,
                 "datasets": _unpromised(ctx, ctx.loaded.policy, activity)}]
    rules = [r for r in ctx.compiled.rules if r.activity == activity.id]
    if not rules:
        criteria = activity.retention.criteria
        return [{**head, "state": "no_promise", "holds": None,
                 "text": f"{NO_PROMISE}: no fixed period"
                         + (f" ({criteria.get('en')})" if criteria else ""),
                 "criteria": ({"en": criteria.get("en"), "nb": criteria.get("nb")}
                              if criteria else None),
                 "datasets": _unpromised(ctx, ctx.loaded.policy, activity)}]
    out = []
    for rule in rules:
        now_plan = plan_rule(ctx, session, scope, rule, now)
        out.append({**head, **_promise(ctx, session, scope, rule, now_plan, now, grace, runs)})
    return out


def _promise(ctx: Retention, session: Session, scope: Any, rule: CompiledRule, plan: RulePlan,
             now: datetime, grace: timedelta, runs: list[SweepRun]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "rule": rule.id, "dataset": rule.dataset, "system": rule.system,
        "promise": {"en": rule.words("en"), "nb": rule.words("nb")},
        "duration": rule.duration, "trigger": rule.trigger.value, "action": rule.action.value,
        "statute": rule.statute, "limit": iso(plan.cutoff), "oldest": iso(plan.oldest),
        "oldest_age_days": plan.age_days(plan.oldest), "held_by": plan.held_by,
        "kept_by_hold": plan.skipped_hold, "kept_restricted": plan.skipped_restricted,
    }
    if rule.is_manual:
        who = rule.owner or "the recipient"
        per_agreement = rule.trigger == RetentionTrigger.per_agreement
        text = (f"as set by the data processing agreement; {who} carries it out; "
                "not verifiable here" if per_agreement
                else f"enforced by {who}; not verifiable here")
        task = plan.task
        if task:
            text += f" (task {task['id']} {task['state']})"
        entry.update(state="manual", holds=None, text=text,
                     manual={"owner": rule.owner, "enforced_by": rule.enforced_by,
                             "instructions": plan.instructions, "task": task})
        return entry
    if plan.error:
        entry.update(state="error", holds=False, text=f"cannot be checked: {plan.error}")
        return entry
    graced = plan_rule(ctx, session, scope, rule, now - grace)
    overdue = graced.to_act if not plan.held_by else 0
    last = last_success(runs, rule.id)
    fresh = last is not None and last.as_of >= now - grace
    entry.update(overdue=overdue, last_sweep=last.to_dict() if last else None)
    if overdue:
        state, text = "overdue", (f"{overdue} {plan.unit} older than the limit (and the "
                                  f"{_words(grace)} grace) still held")
    elif not fresh:
        state = "stale"
        text = ("nothing is past the limit, but no sweep carried this rule out within the "
                f"last {_words(grace)}")
    else:
        state, text = "kept", "held: nothing older than the limit remains"
        kept = plan.skipped_hold + plan.skipped_restricted
        if plan.held_by:
            text = f"held: the whole dataset is under legal hold ({', '.join(plan.held_by)})"
        elif kept:
            text += f" except {kept} {plan.unit} kept by holds or restrictions"
    entry.update(state=state, holds=state == "kept", text=text)
    return entry


def _words(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:g} h" if hours < 48 else f"{hours / 24:g} days"


def _unpromised(ctx: Retention, policy: Policy, activity: Activity) -> list[dict[str, Any]]:
    """The activity's datasets with the oldest record they hold (no limit to compare)."""
    out: list[dict[str, Any]] = []
    for system in policy.systems:
        if system.kind == SystemKind.sql:
            for table in system.tables:
                owner = table.activity or system.activity
                if owner == activity.id:
                    out.append(_oldest_row(ctx, system.id, table.name, table.timestamp_field))
        elif system.activity == activity.id and system.kind in (SystemKind.files, SystemKind.log):
            out.append(_oldest_store(ctx, system.id, system.kind))
    return out


def _oldest_row(ctx: Retention, system: str, table: str, column: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {"dataset": f"{system}.{table}", "oldest": None}
    if not column:
        entry["note"] = "no timestamp column declared"
        return entry
    try:
        sql = ctx.datamap.sql(system)
        core = sql.table(table)
        with sql.engine.connect() as conn:
            entry["oldest"] = iso(as_aware(conn.execute(select(func.min(core.c[column])))
                                           .scalar()))
    except (VernlyError, SQLAlchemyError) as exc:
        entry["error"] = describe_error(exc)
    return entry


def _oldest_store(ctx: Retention, system: str, kind: SystemKind) -> dict[str, Any]:
    entry: dict[str, Any] = {"dataset": system, "oldest": None}
    try:
        if kind == SystemKind.files:
            record = ctx.datamap.files(system).oldest()
            entry["oldest"] = iso(record.recorded_at if record else None)
        else:
            times = [e.at for e in ctx.datamap.log(system).entries() if e.at]
            entry["oldest"] = iso(min(times) if times else None)
    except (VernlyError, OSError) as exc:
        entry["error"] = describe_error(exc)
    return entry
