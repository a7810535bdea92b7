"""Access (Art. 15) and portability (Art. 20): collect the person's data in every system,
record what was found per system (counts only) and write the package.

When a system cannot be read, the others are still collected and recorded, the failed
system's step says why, and no package is written: a package missing a system would look
complete to the person. The request stays open; the retry (or an operator's run) collects
every system again, so the package is one picture taken at one time. Nothing personal is
kept between attempts, and manual tasks are not created twice.
"""

from __future__ import annotations

import time
from typing import Any

from vernly.connectors.records import SystemRecords
from vernly.engine.requests import answers, package, steps, tasks
from vernly.engine.requests.flags import is_restricted
from vernly.engine.requests.job import Job, Outcome
from vernly.engine.requests.ports import AccessReport, DataMapLike
from vernly.engine.requests.store import load
from vernly.errors import ConfigurationError
from vernly.ledger import audit

PHASE = "collect"


def counts_of(found: SystemRecords) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table, records in found.by_table().items():
        counts[table] = len(records)
    if found.files:
        counts["files"] = len(found.files)
    if found.log_lines:
        counts["log_lines"] = len(found.log_lines)
    return counts


def _try(data_map: DataMapLike, job: Job) -> list[SystemRecords] | BaseException:
    try:
        return data_map.collect(job.identity, job.settings.now(), job.kind)
    except Exception as exc:  # one unreachable system must not stop the others
        return exc


def collect_each(job: Job) -> tuple[list[SystemRecords], dict[str, str]]:
    """Everything found, and system -> error for the systems that could not be read.

    One collection across every system (references cross databases); only when it fails
    is each system tried on its own, to tell the failing ones, and the rest collected
    together."""
    found = _try(job.data_map, job)
    if not isinstance(found, BaseException):
        return found, {}
    declared = [s.id for s in job.loaded.policy.systems]
    if job.open_map is None:
        return [], dict.fromkeys(declared, steps.error_line(found, "collecting"))
    errors: dict[str, str] = {}
    for system_id in declared:
        job.renew()
        alone = job.open_map([system_id])
        try:
            tried = _try(alone, job)
        finally:
            alone.close()
        if isinstance(tried, BaseException):
            errors[system_id] = steps.error_line(tried, "collecting")
    if not errors:  # each works alone but not together: none is known good
        return [], dict.fromkeys(declared, steps.error_line(found, "collecting"))
    rest = [s for s in declared if s not in errors]
    if not rest:
        return [], errors
    others = job.open_map(rest)
    try:
        collected = _try(others, job)
    finally:
        others.close()
    if isinstance(collected, BaseException):
        errors.update(dict.fromkeys(rest, steps.error_line(collected, "collecting")))
        return [], errors
    return collected, errors


def run_access(job: Job) -> Outcome:
    if job.renderer is None:
        raise ConfigurationError("no report renderer given; the access package needs one")
    started = time.perf_counter()
    systems, errors = collect_each(job)
    collected = time.perf_counter()
    excluded: dict[str, str] = {}
    if job.kind == "portability":
        systems, excluded = package.portable_only(job.loaded.policy, systems)
    now = job.settings.now()
    open_tasks: list[dict[str, Any]] = []
    results: dict[str, tuple[dict[str, int], dict[str, Any]]] = {}
    new_tasks: dict[str, str] = {}
    with job.ledger.session() as session:
        request = load(session, job.request_id, lock=True)
        if errors:  # the steps in the policy's order, whichever failed
            steps.ensure(session, job.request_id, PHASE,
                         [s.id for s in job.loaded.policy.systems])
        for found in systems:
            step_detail: dict[str, Any] = {"kind": found.kind}
            if found.note:
                step_detail["note"] = found.note
            if found.task is not None:
                task, created = tasks.create(session, request, found.task, job.kind, now,
                                             job.actor, audited=False)
                if created:
                    new_tasks[task.id] = found.system
                step_detail["task"] = task.id
                open_tasks.append({"system": found.system, "owner": task.owner,
                                   "due": task.due_at.date().isoformat(), "task": task.id})
            results[found.system] = (counts_of(found), step_detail)
        steps.record_done(session, job.request_id, PHASE, now, results)
        # One entry for the whole collection: which systems were searched, what was found in
        # each (counts only) and which manual tasks were created, rather than one entry per
        # system and task on this hot path.
        detail: dict[str, Any] = {"systems": list(results), "tasks_created": new_tasks}
        if errors:
            detail["failed"] = list(errors)
        audit.append(session, at=now, actor=job.actor, action=f"request.{PHASE}",
                     target=job.request_id,
                     counts={f"{sid}.{table}": n for sid, (counts, _d) in results.items()
                             for table, n in counts.items()},
                     detail=detail)
        if errors:
            steps.record_failed(session, job.request_id, PHASE, now, errors, job.actor)
        restricted = is_restricted(session, job.identity)
    if errors:
        # No package: what was found is recorded (counts), the rest waits for the retry.
        by_system: dict[str, dict[str, Any]] = {
            s.id: {"status": steps.FAILED} if s.id in errors else dict(results[s.id][0])
            for s in job.loaded.policy.systems if s.id in errors or s.id in results}
        return Outcome(result={
            "systems": by_system,
            "records": sum(s.count for s in systems),
            "failed": errors,
        }, complete=False)
    answered = answers.confirmed_for(job.settings, [t["task"] for t in open_tasks])
    report = AccessReport(
        policy=job.loaded.policy, request_id=job.request_id, kind=job.kind, generated_at=now,
        systems=systems, activities=package.activities_of(job.loaded.policy, systems),
        restricted=restricted, excluded=excluded, open_tasks=open_tasks,
        answers={system: a.to_dict() for system, a in answered.items()},
    )
    path = package.write(report, job.renderer, job.settings)
    finished = time.perf_counter()
    return Outcome(
        result={
            "systems": {sid: counts for sid, (counts, _d) in results.items()},
            "records": sum(s.count for s in systems),
            "activities": report.activities,
            "excluded": excluded,
            "package_at": now.isoformat(),
            "timings_ms": {"collect": round((collected - started) * 1000, 3),
                           "total": round((finished - started) * 1000, 3)},
        },
        package_path=str(path),
    )
