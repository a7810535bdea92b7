"""Rectification (Art. 16): new values written wherever the field lives, system by system.

A change names a data category (`user.contact.phone_number`) or a column name (`mobile`);
it is applied to every table of every system holding it, for the person's rows."""

from __future__ import annotations

from typing import Any

from vernly.engine.requests import steps, tasks
from vernly.engine.requests.job import Job, Outcome
from vernly.engine.requests.store import load
from vernly.errors import InvalidInput
from vernly.ledger import audit
from vernly.policy.models import Policy, SystemKind

PHASE = "rectify"


def where_fields_live(policy: Policy, changes: dict[str, Any]) -> dict[str, list[str]]:
    """field -> ['system.table.column', ...]; raises InvalidInput for a field held nowhere."""
    places: dict[str, list[str]] = {}
    for field in changes:
        found = [f"{s.id}.{t.name}.{c.name}" for s in policy.systems for t in s.tables
                 for c in t.columns if field in (c.name, c.category)]
        if not found:
            raise InvalidInput(f"changes: '{field}' is neither a data category nor a column of "
                               "any system in the policy")
        places[field] = found
    return places


def target_systems(policy: Policy, changes: dict[str, Any]) -> list[str]:
    places = where_fields_live(policy, changes)
    sql = {p.split(".", 1)[0] for found in places.values() for p in found}
    manual = [s.id for s in policy.systems if s.kind == SystemKind.manual
              and set(s.categories) & set(changes)]
    return [s.id for s in policy.systems if s.id in sql or s.id in manual]


def run_rectification(job: Job) -> Outcome:
    changes = dict(job.details.get("changes") or {})
    planned = steps.plan(job.ledger, job.request_id, PHASE,
                         target_systems(job.loaded.policy, changes))
    for step in planned:
        if step.status != steps.DONE:
            rectify_system(job, step.system_id)
    return outcome_of(job)


def systems_of(job: Job) -> list[str]:
    return target_systems(job.loaded.policy, dict(job.details.get("changes") or {}))


def rectify_system(job: Job, system_id: str, *, retrying: bool = False) -> str | None:
    """Write the new values in one system as one checkpointed step; the error line when
    the system failed (recorded on the step), else None."""
    changes = dict(job.details.get("changes") or {})
    outcome = steps.attempt(
        job, PHASE, system_id, "rectifying",
        lambda: job.data_map.rectify(job.identity, system_id, changes, job.settings.now()),
        retrying=retrying)
    if isinstance(outcome, steps.Failed):
        return outcome.error
    now = job.settings.now()
    with job.ledger.session() as session:
        detail: dict[str, Any] = {"fields": sorted(changes)}
        if outcome.note:
            detail["note"] = outcome.note
        if outcome.task is not None:
            request = load(session, job.request_id, lock=True)
            task, _ = tasks.create(session, request, outcome.task, "rectification", now,
                                   job.actor)
            detail["task"] = task.id
        steps.finish(session, job.request_id, PHASE, system_id, now,
                     dict(outcome.updated), detail)
        audit.append(session, at=now, actor=job.actor, action="request.rectify",
                     target=job.request_id, system=system_id,
                     counts=dict(outcome.updated), detail={"fields": sorted(changes)})
    return None


def outcome_of(job: Job) -> Outcome:
    """What every system's step did, from the ledger."""
    from vernly.engine.requests.store import step_rows

    changes = dict(job.details.get("changes") or {})
    with job.ledger.session() as session:
        rows = step_rows(session, job.request_id, PHASE)
        failed = {s.system_id: s.error for s in rows if s.status == steps.FAILED}
        result = {"systems": {s.system_id: {"status": s.status, **dict(s.counts)} for s in rows},
                  "fields": sorted(changes), "failed": failed}
        complete = all(s.status == steps.DONE for s in rows)
    return Outcome(result=result, complete=complete)
