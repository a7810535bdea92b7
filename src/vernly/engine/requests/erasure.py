"""Erasure (Art. 17), system by system, each checkpointed so a crash resumes cleanly.

Per system the result says what was deleted, nulled or masked, and what was kept and why
(a statute and the date the obligation ends). A system whose step is `done` is never
erased again by the same request; a re-run only finishes the rest.

A system that fails (unreachable, a driver error) is recorded as failed and the others go
on, except the systems its tables reference: erasing those first would leave its rows
unreachable, so they wait (pending, `waits_for`) until it is erased.
"""

from __future__ import annotations

from typing import Any

from vernly.connectors.graph import ownership_links
from vernly.connectors.records import ErasureOutcome
from vernly.engine.requests import steps, tasks
from vernly.engine.requests.job import Job, Outcome
from vernly.engine.requests.store import load
from vernly.ledger import audit
from vernly.policy.models import Policy, SystemKind

PHASE = "erase"


def counts_of(outcome: ErasureOutcome) -> dict[str, int]:
    return {
        "deleted": sum(outcome.deleted.values()),
        "nulled": sum(outcome.nulled.values()),
        "masked": sum(outcome.masked.values()),
        "kept": sum(k.count for k in outcome.kept),
        "shared": sum(outcome.shared.values()),
        "files_deleted": outcome.files_deleted,
        "log_lines_deleted": outcome.log_lines_deleted,
    }


def erasable_systems(job: Job) -> list[str]:
    # Systems whose rows are reached through another system's rows go first (the data
    # map knows the cross-database references).
    return job.data_map.erasure_order()


def referenced_by(policy: Policy) -> dict[str, set[str]]:
    """System -> the systems that must be erased before it: those whose rows are the
    person's because rows of this one are (docs/requests.md); erasing this one first would
    hide from them which of their rows are the person's."""
    found: dict[str, set[str]] = {}
    sql = {s.id: s for s in policy.systems if s.kind == SystemKind.sql}
    for taker, giver in ownership_links(sql):
        found.setdefault(giver, set()).add(taker)
    return found


def run_erasure(job: Job) -> Outcome:
    planned = steps.plan(job.ledger, job.request_id, PHASE, erasable_systems(job))
    referencing = referenced_by(job.loaded.policy)
    failures: dict[str, str] = {}
    waiting: dict[str, list[str]] = {}
    for step in planned:
        if step.status == steps.DONE:
            continue
        system_id = step.system_id
        blockers = sorted(referencing.get(system_id, set()) & (set(failures) | set(waiting)))
        if blockers:
            # Erasing this system now would hide from the failed system which of its rows
            # are the person's: it waits until that system is erased.
            waiting[system_id] = blockers
            steps.wait(job.ledger, job.request_id, PHASE, system_id, blockers)
            continue
        error = erase_system(job, system_id)
        if error is not None:
            failures[system_id] = error
    return Outcome(result=summary(job) | {"waiting": waiting},
                   complete=not failures and not waiting)


def erase_system(job: Job, system_id: str, *, retrying: bool = False) -> str | None:
    """Erase the person in one system as one checkpointed step: `running` before the
    connector is called, `done` with its counts and audit entry right after. Returns the
    error line when the system failed (recorded on the step), else None. `retrying`: the
    caller's job will try the system again shortly."""
    outcome = steps.attempt(
        job, PHASE, system_id, "erasing",
        lambda: job.data_map.erase(job.identity, system_id, job.settings.now()),
        retrying=retrying)
    if isinstance(outcome, steps.Failed):
        return outcome.error
    now = job.settings.now()
    with job.ledger.session() as session:
        detail: dict[str, Any] = outcome.to_dict(personal=False)
        detail.pop("system", None)
        if outcome.task is not None:
            request = load(session, job.request_id, lock=True)
            task, _ = tasks.create(session, request, outcome.task, "erasure", now, job.actor)
            detail["task"] = {"id": task.id, "owner": task.owner,
                              "due": task.due_at.date().isoformat()}
        counts = counts_of(outcome)
        steps.finish(session, job.request_id, PHASE, system_id, now, counts, detail)
        audit.append(session, at=now, actor=job.actor, action="request.erase",
                     target=job.request_id, system=system_id, counts=counts,
                     detail={"kept": [{"table": k.table, "count": k.count,
                                       "statute": k.statute, "until": k.until.isoformat()}
                                      for k in outcome.kept]} if outcome.kept else None)
    return None


def blockers_of(job: Job) -> dict[str, set[str]]:
    """System -> the systems that must be erased before it (of those planned)."""
    planned = set(erasable_systems(job))
    return {giver: takers & planned
            for giver, takers in referenced_by(job.loaded.policy).items()}


def outcome_of(job: Job) -> Outcome:
    """The erasure's outcome from its steps in the ledger, once every system's job has
    settled (`per_system`): the same shape `run_erasure` returns."""
    from vernly.engine.requests.store import step_rows

    with job.ledger.session() as session:
        rows = step_rows(session, job.request_id, PHASE)
        waiting = {s.system_id: list(s.detail["waits_for"]) for s in rows
                   if s.status == steps.PENDING and s.detail.get("waits_for")}
        failed = any(s.status != steps.DONE for s in rows)
    return Outcome(result=summary(job) | {"waiting": waiting},
                   complete=not failed and not waiting)


def summary(job: Job) -> dict[str, Any]:
    """Per system: counts and detail of the step (after resumes, the whole picture)."""
    from vernly.engine.requests.store import step_rows

    with job.ledger.session() as session:
        rows = step_rows(session, job.request_id, PHASE)
        return {
            "systems": {s.system_id: {"status": s.status, **dict(s.counts)} for s in rows},
            "outcomes": {s.system_id: dict(s.detail) for s in rows if s.status == steps.DONE},
            "failed": {s.system_id: s.error for s in rows if s.status == steps.FAILED},
        }
