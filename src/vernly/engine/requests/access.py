"""Access (Art. 15) and portability (Art. 20): collect the person's data in every system,
record what was found per system (counts only) and write the package."""

from __future__ import annotations

import time
from typing import Any

from vernly.connectors.records import SystemRecords
from vernly.engine.requests import package, steps, tasks
from vernly.engine.requests.flags import is_restricted
from vernly.engine.requests.job import Job, Outcome
from vernly.engine.requests.ports import AccessReport
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


def run_access(job: Job) -> Outcome:
    if job.renderer is None:
        raise ConfigurationError("no report renderer given; the access package needs one")
    started = time.perf_counter()
    systems = job.data_map.collect(job.identity, job.settings.now(), job.kind)
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
        for found in systems:
            detail: dict[str, Any] = {"kind": found.kind}
            if found.note:
                detail["note"] = found.note
            if found.task is not None:
                task, created = tasks.create(session, request, found.task, job.kind, now,
                                             job.actor, audited=False)
                if created:
                    new_tasks[task.id] = found.system
                detail["task"] = task.id
                open_tasks.append({"system": found.system, "owner": task.owner,
                                   "due": task.due_at.date().isoformat(), "task": task.id})
            results[found.system] = (counts_of(found), detail)
        steps.record_done(session, job.request_id, PHASE, now, results)
        # One entry for the whole collection: which systems were searched, what was found in
        # each (counts only) and which manual tasks were created, rather than one entry per
        # system and task on this hot path.
        audit.append(session, at=now, actor=job.actor, action=f"request.{PHASE}",
                     target=job.request_id,
                     counts={f"{sid}.{table}": n for sid, (counts, _d) in results.items()
                             for table, n in counts.items()},
                     detail={"systems": list(results), "tasks_created": new_tasks})
        restricted = is_restricted(session, job.identity)
    report = AccessReport(
        policy=job.loaded.policy, request_id=job.request_id, kind=job.kind, generated_at=now,
        systems=systems, activities=package.activities_of(job.loaded.policy, systems),
        restricted=restricted, excluded=excluded, open_tasks=open_tasks,
    )
    path = package.write(report, job.renderer, job.settings.workspace)
    finished = time.perf_counter()
    return Outcome(
        result={
            "systems": {sid: counts for sid, (counts, _d) in results.items()},
            "records": sum(s.count for s in systems),
            "activities": report.activities,
            "excluded": excluded,
            "timings_ms": {"collect": round((collected - started) * 1000, 3),
                           "total": round((finished - started) * 1000, 3)},
        },
        package_path=str(path),
    )
