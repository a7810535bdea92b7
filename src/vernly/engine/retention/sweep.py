"""The retention sweep: take the lock, carry out every rule, record the proof.

Every batch commits in the customer's database and then in the ledger (the run's
per-rule counts), and extends the lock; a heartbeat extends it between batches too, so a
long step never lets it lapse while the sweep is alive. A sweep killed part way leaves
its run marked `running`; the next sweep, once it holds the lock, marks it `interrupted`
(with the counts it had reached, also in the audit log) and simply does what is left: the
rules are idempotent, so nothing is done twice and nothing extra is removed.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from vernly.connectors.form_store import FormStore
from vernly.engine.forms.withdrawals import mark_withdrawn
from vernly.engine.heartbeat import Heartbeat
from vernly.engine.retention import locks
from vernly.engine.retention.plan import UNITS, build_plan, describe_error, iso, system_name
from vernly.engine.retention.rules import Retention, cutoff
from vernly.engine.retention.stores import delete_files, truncate_log
from vernly.engine.retention.tables import kept, oldest_left
from vernly.engine.retention.targets import Scope, bind, gather_scope
from vernly.engine.retention.tasks import ensure_task, latest, task_dict
from vernly.engine.retention.windows import execute
from vernly.errors import VernlyError
from vernly.ledger import audit
from vernly.ledger.retention import SweepRun
from vernly.policy.models import RetentionAction, SystemKind
from vernly.policy.retention_rules import CompiledRule, RuleMode

log = logging.getLogger("vernly.retention")

RENEW_AFTER = 60.0
"""Seconds of windows that changed nothing after which the lock is renewed anyway."""
VERBS = {RetentionAction.delete: "deleted", RetentionAction.delete_files: "deleted",
         RetentionAction.anonymise: "anonymised", RetentionAction.null: "nulled",
         RetentionAction.mask: "masked", RetentionAction.truncate_ip: "truncated"}


class LockLost(VernlyError):
    """Another sweep took the lock over (this one stalled past its lease)."""


@dataclass
class SweepReport:
    run_id: str
    status: str
    """succeeded, failed, or skipped (another sweep held the lock)."""
    dry_run: bool
    as_of: datetime
    started_at: datetime
    finished_at: datetime | None
    rules: list[dict[str, Any]] = field(default_factory=list)
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("succeeded", "skipped")

    def to_dict(self) -> dict[str, Any]:
        return {"run": self.run_id, "status": self.status, "dry_run": self.dry_run,
                "as_of": iso(self.as_of), "started_at": iso(self.started_at),
                "finished_at": iso(self.finished_at), "message": self.message,
                "rules": self.rules}


def _wall() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return f"sweep-{secrets.token_hex(6)}"


def run_sweep(ctx: Retention, *, now: datetime | None = None, dry_run: bool = False,
              actor: str = "system", batch: int | None = None) -> SweepReport:
    """Plan (dry run) or carry out every retention rule at `now`."""
    moment = ctx.now(now)
    if dry_run:
        return _dry_run(ctx, moment, actor)
    owner = locks.new_owner()
    started = _wall()
    if not locks.acquire(ctx.ledger, owner):
        current = locks.holder(ctx.ledger)
        until = f" until {current.expires_at.isoformat()}" if current else ""
        message = f"another sweep holds the lock{until}; nothing done"
        run_id = _record(ctx, SweepRun(id=_new_id(), started_at=started, finished_at=_wall(),
                                       as_of=moment, dry_run=False, status="skipped",
                                       actor=actor, results=[], error=message))
        return SweepReport(run_id, "skipped", False, moment, started, _wall(), [], message)
    try:
        with Heartbeat(lambda: locks.renew(ctx.ledger, owner), locks.BEAT, "vernly-sweep-lease"):
            return _execute(ctx, moment, actor, owner, started, batch or _batch(ctx))
    finally:
        locks.release(ctx.ledger, owner)


def _mark_form_withdrawals(ctx: Retention, moment: datetime, actor: str) -> None:
    store = FormStore(ctx.loaded.policy, ctx.settings.workspace, ctx.settings.env)
    try:
        store.ensure()
        mark_withdrawn(ctx.ledger, store, ctx.loaded.policy, moment, actor)
    except (VernlyError, SQLAlchemyError) as exc:
        # The forms' own rules then fail in their step, with the reason, like any system.
        log.warning("marking withdrawn form consents failed: %s", type(exc).__name__)
    finally:
        store.close()


def _batch(ctx: Retention) -> int | None:
    """The operator's rows per transaction (`VERNLY_SWEEP_BATCH`); None lets each database
    take the windows it needs (see `windows.py`)."""
    raw = ctx.settings.env.get("VERNLY_SWEEP_BATCH", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def _record(ctx: Retention, run: SweepRun) -> str:
    with ctx.ledger.session() as session:
        session.add(run)
    return run.id


def _dry_run(ctx: Retention, moment: datetime, actor: str) -> SweepReport:
    started = _wall()
    plans = [p.to_dict() for p in build_plan(ctx, moment)]
    finished = _wall()
    failed = any(p["error"] for p in plans)
    status = "failed" if failed else "succeeded"
    run_id = _record(ctx, SweepRun(id=_new_id(), started_at=started, finished_at=finished,
                                   as_of=moment, dry_run=True, status=status, actor=actor,
                                   results=[_compact(p) for p in plans]))
    return SweepReport(run_id, status, True, moment, started, finished, plans)


def _compact(plan: dict[str, Any]) -> dict[str, Any]:
    keys = ("rule", "dataset", "system", "kind", "cutoff", "matched", "to_act", "skipped_hold",
            "skipped_restricted", "held_by", "oldest", "error")
    return {k: plan.get(k) for k in keys}


def mark_interrupted(ctx: Retention, actor: str) -> list[str]:
    """Runs left `running` by a dead sweep (only called while holding the lock)."""
    marked = []
    with ctx.ledger.session() as session:
        stale = session.execute(select(SweepRun).where(SweepRun.status == "running",
                                                       SweepRun.dry_run.is_(False))).scalars()
        for run in stale:
            run.status = "interrupted"
            run.error = "the sweep stopped before finishing (killed or crashed)"
            audit.append(session, at=_wall(), actor=actor, action="retention.sweep.interrupted",
                         target=run.id, counts=_totals(run.results),
                         detail={"as_of": run.as_of.isoformat()})
            marked.append(run.id)
    return marked


def _totals(results: list[dict[str, Any]]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for result in results:
        for key in ("deleted", "anonymised", "nulled", "masked", "truncated",
                    "skipped_hold", "skipped_restricted"):
            if result.get(key):
                totals[key] = totals.get(key, 0) + int(result[key])
        for count in (result.get("cascaded") or {}).values():
            totals["cascaded"] = totals.get("cascaded", 0) + int(count)
    return totals


class _Progress:
    """Writes a rule's running counts to the run after each batch and keeps the lock."""

    def __init__(self, ctx: Retention, run_id: str, owner: str, results: list[dict[str, Any]]
                 ) -> None:
        self.ctx, self.run_id, self.owner, self.results = ctx, run_id, owner, results
        self.saved = time.monotonic()

    def save(self) -> None:
        self.saved = time.monotonic()
        with self.ctx.ledger.session() as session:
            run = session.get(SweepRun, self.run_id)
            assert run is not None
            run.results = [dict(r) for r in self.results]
            kept = locks.renew_in(session, self.owner)
        if not kept:
            raise LockLost("the sweep lock was taken over by another sweep; stopping")

    def hook(self, result: dict[str, Any], verb: str) -> Callable[[int, dict[str, int]], None]:
        def on_batch(acted: int, cascaded: dict[str, int]) -> None:
            result[verb] = result.get(verb, 0) + acted
            into = result.setdefault("cascaded", {})
            for name, n in cascaded.items():
                into[name] = into.get(name, 0) + n
            result["batches"] = result.get("batches", 0) + 1
            if acted or any(cascaded.values()) or time.monotonic() - self.saved > RENEW_AFTER:
                self.save()  # an empty window changed nothing: no progress to write
        return on_batch


def _execute(ctx: Retention, moment: datetime, actor: str, owner: str, started: datetime,
             batch: int | None) -> SweepReport:
    mark_interrupted(ctx, actor)
    if ctx.loaded.policy.forms:
        # Sign-ups whose consent was withdrawn in the consent ledger get their mark first,
        # so this sweep's consent_withdrawn rules remove them.
        _mark_form_withdrawals(ctx, moment, actor)
    run_id = _record(ctx, SweepRun(id=_new_id(), started_at=started, as_of=moment,
                                   dry_run=False, status="running", actor=actor, results=[]))
    results: list[dict[str, Any]] = []
    progress = _Progress(ctx, run_id, owner, results)
    with ctx.ledger.session() as session:
        scope = gather_scope(ctx, session, moment)
    aborted: str | None = None
    by_id: dict[str, dict[str, Any]] = {}
    for rule in ctx.compiled.rules:
        result = _base_result(ctx, rule, moment)
        results.append(result)
        by_id[rule.id] = result
        if aborted:
            result["error"] = "not run: " + aborted
            continue
        begun = time.perf_counter()
        try:
            _run_rule(ctx, scope, rule, moment, result, progress, batch, actor, by_id)
        except LockLost as exc:
            aborted = str(exc)
            result["error"] = aborted
        except (VernlyError, SQLAlchemyError, OSError) as exc:
            result["error"] = describe_error(exc)
        result["duration_ms"] = round((time.perf_counter() - begun) * 1000)
        _finish_rule(ctx, run_id, rule, result, results, actor, moment)
    status = "failed" if any(r.get("error") for r in results) else "succeeded"
    finished = _wall()
    with ctx.ledger.session() as session:
        run = session.get(SweepRun, run_id)
        assert run is not None
        run.status, run.finished_at, run.results = status, finished, results
        run.error = aborted
        audit.append(session, at=finished, actor=actor, action="retention.sweep", target=run_id,
                     counts=_totals(results),
                     detail={"status": status, "as_of": moment.isoformat(),
                             "rules": len(results),
                             "failed_rules": [r["rule"] for r in results if r.get("error")],
                             "duration_ms": round((finished - started).total_seconds() * 1000)})
    return SweepReport(run_id, status, False, moment, started, finished, results, aborted)


def _base_result(ctx: Retention, rule: CompiledRule, moment: datetime) -> dict[str, Any]:
    return {"rule": rule.id, "dataset": rule.dataset, "system": rule.system,
            "kind": "manual" if rule.is_manual else UNITS.get(rule.system_kind, "rows"),
            "action": rule.action.value, "cutoff": iso(cutoff(rule, moment, ctx.zone)),
            "matched": 0, "skipped_hold": 0, "skipped_restricted": 0, "held_by": [],
            "oldest_remaining": None, "duration_ms": 0, "error": None}


def _run_rule(ctx: Retention, scope: Scope, rule: CompiledRule, moment: datetime,
              result: dict[str, Any], progress: _Progress, batch: int | None, actor: str,
              by_id: dict[str, dict[str, Any]]) -> None:
    if rule.is_manual:
        with ctx.ledger.session() as session:
            created = ensure_task(session, rule, cutoff(rule, moment, ctx.zone),
                                  system_name(ctx, rule), moment, actor)
            task = created or latest(session, rule.id)
            result["task"] = task_dict(task, moment)
            result["task_created"] = created is not None
        return
    result["held_by"] = held = scope.exemptions.blocking(rule)
    if held:
        return
    verb = VERBS[rule.action]
    moment_cut = cutoff(rule, moment, ctx.zone)
    assert moment_cut is not None
    if rule.system_kind == SystemKind.files:
        removed, oldest = delete_files(ctx.datamap.files(rule.system), moment_cut)
        result.update({verb: removed, "matched": removed, "oldest_remaining": iso(oldest)})
        return
    if rule.system_kind == SystemKind.log:
        log = ctx.datamap.log(rule.system)
        changed = truncate_log(log, moment_cut)
        result.update({verb: changed, "matched": changed,
                       "oldest_remaining": iso(log.oldest_full_ip())})
        return
    if scope.error:
        raise VernlyError(scope.error)
    with ctx.ledger.session() as session:
        target = bind(ctx, session, scope, rule, moment)
    if rule.mode == RuleMode.with_parent and rule.action == RetentionAction.delete:
        # Removed with the parent's rows, in the parent's transactions.
        parent = by_id.get(rule.parent or "")
        done = (parent or {}).get("cascaded", {}).get(rule.table or "", 0)
        result.update({verb: done, "matched": done, "with_parent": rule.parent})
    else:
        result[verb] = 0
        outcome = execute(target, batch, progress.hook(result, verb))
        result[verb] = outcome.acted
        with target.sql.engine.connect() as conn:
            # Kept rows are still there after the run: counted by their keys, afterwards.
            skipped = kept(conn, target) if target.held or target.restricted else (0, 0)
        result["skipped_hold"], result["skipped_restricted"] = skipped
        result["matched"] = outcome.acted + sum(skipped)
    with target.sql.engine.connect() as conn:
        result["oldest_remaining"] = iso(oldest_left(conn, target))


def _finish_rule(ctx: Retention, run_id: str, rule: CompiledRule, result: dict[str, Any],
                 results: list[dict[str, Any]], actor: str, moment: datetime) -> None:
    counts = {k: int(result[k]) for k in ("deleted", "anonymised", "nulled", "masked",
                                          "truncated", "skipped_hold", "skipped_restricted")
              if result.get(k)}
    counts.update({f"cascaded.{k}": v for k, v in (result.get("cascaded") or {}).items() if v})
    if not (counts or result.get("error") or result.get("task_created") or result["held_by"]):
        return  # nothing to prove or to resume from: the run's last write carries the result
    with ctx.ledger.session() as session:
        run = session.get(SweepRun, run_id)
        assert run is not None
        run.results = [dict(r) for r in results]
        audit.append(session, at=_wall(), actor=actor, action="retention.rule",
                     target=rule.id, system=rule.system if rule.system != "-" else None,
                     counts=counts,
                     detail={"run": run_id, "cutoff": result["cutoff"],
                             "as_of": moment.isoformat(), "held_by": result["held_by"],
                             "duration_ms": result["duration_ms"],
                             "error": result.get("error"),
                             "task": (result.get("task") or {}).get("id")})
