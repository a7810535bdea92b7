"""Access (Art. 15) and portability (Art. 20): collect the person's data system by system,
record what was found per system (counts only) and write the package from every part.

Each system is one checkpointed step (`collect_system`), run by a job of its own on the
task queue (`per_system`) or one after another in the process (`run_access`). A system
whose rows are the person's because rows of another system are (returns about the
person's orders) is collected once that system is done, from that system's own rows
(`DataMap.collection_blockers`); the others run side by side. What a step found is kept
encrypted in the package store (`package_store.part_store`), never in the ledger or the
queue, until the package is assembled from every part (`outcome_of`): the same package a
single collection over every system makes (`DataMap.assemble`).

When a system cannot be read, the others are still collected and recorded, the failed
system's step says why (the systems that need its rows wait), and no package is written:
a package missing a system would look complete to the person. The request stays open;
the retry collects only the systems not done. Manual tasks are not created twice. The
parts are removed with the package they made (`downloads.remove_expired`).
"""

from __future__ import annotations

import contextlib
import pickle
import time
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vernly.connectors.records import CollectedPart, SystemRecords
from vernly.engine.requests import answers, package, steps, tasks
from vernly.engine.requests.flags import is_restricted
from vernly.engine.requests.job import Job, Outcome
from vernly.engine.requests.package_store import PackageStore, part_store
from vernly.engine.requests.ports import AccessReport
from vernly.engine.requests.store import load, step_rows
from vernly.errors import ConfigurationError, NotFound
from vernly.ledger import audit
from vernly.policy.models import SystemKind
from vernly.settings import Settings

PHASE = "collect"


class PartsGone(Exception):
    """Systems whose steps are done but whose parts are no longer kept."""

    def __init__(self, systems: list[str]) -> None:
        super().__init__(f"the collected parts of {', '.join(systems)} are no longer kept")
        self.systems = systems


def counts_of(found: SystemRecords | CollectedPart) -> dict[str, int]:
    """Records per table (own and context rows), files and log lines. For a part, only
    the context rows its own system's rows point at within that system: the package's
    counts replace the step's once every part is in (`outcome_of`)."""
    counts: dict[str, int] = {}
    if isinstance(found, SystemRecords):
        for table, records in found.by_table().items():
            counts[table] = len(records)
    else:
        for node, rows in found.own.items():
            counts[node[1]] = len(rows)
        for node, rows in found.context.items():
            shown = [k for k in rows if k not in found.own.get(node, {})]
            if node[0] == found.system and shown:
                counts[node[1]] = counts.get(node[1], 0) + len(shown)
    if found.files:
        counts["files"] = len(found.files)
    if found.log_lines:
        counts["log_lines"] = len(found.log_lines)
    return counts


def blockers_of(job: Job) -> dict[str, set[str]]:
    """System -> the systems whose own rows its collection needs first."""
    return job.data_map.collection_blockers()


def systems_of(job: Job) -> list[str]:
    """Every declared system, in policy order except that a system comes after those its
    collection needs (so an in-process run takes them in a working order)."""
    blockers = blockers_of(job)
    remaining = [s.id for s in job.loaded.policy.systems]
    ordered: list[str] = []
    while remaining:
        ready = [s for s in remaining if blockers.get(s, set()) <= set(ordered)]
        ready = ready or remaining[:1]  # cannot happen (cycles share no blockers); safe
        ordered.extend(ready)
        remaining = [s for s in remaining if s not in ready]
    return ordered


def ledger_only(job: Job, system_id: str) -> bool:
    """Whether collecting the system reads nothing outside the ledger: an external system
    (a note), a manual one (a task), recordings without a time window or a log without an
    IP address to look for (a note). Mirrors `DataMap.collect_part` for those kinds."""
    system = next((s for s in job.loaded.policy.systems if s.id == system_id), None)
    if system is None:
        return False
    kind = str(system.kind)
    if kind in (SystemKind.external, SystemKind.manual):
        return True
    if kind == SystemKind.files:
        return not job.identity.window
    if kind == SystemKind.log:
        return not job.identity.ip_address
    return False


def _name(request_id: str, system_id: str) -> str:
    return f"{request_id}/{system_id}"


def _store(settings: Settings) -> PackageStore:
    return part_store(settings)


def _read_part(store: PackageStore, request_id: str, system_id: str) -> CollectedPart:
    # Pickle keeps every driver's values exactly (Decimal, bytes, aware datetimes, tuple
    # keys); the bytes come only from our own store, where Fernet authenticates them with
    # the package key, so nothing else can be handed to it.
    part: CollectedPart = pickle.loads(
        store.get(store.locate(_name(request_id, system_id))))
    return part


def _given(job: Job, system_id: str) -> dict[tuple[str, str], dict[Any, dict[str, Any]]]:
    """The own rows of the systems this one's collection needs (their steps are done)."""
    store = _store(job.settings)
    given: dict[tuple[str, str], dict[Any, dict[str, Any]]] = {}
    for blocker in sorted(blockers_of(job).get(system_id, set())):
        given.update(_read_part(store, job.request_id, blocker).own)
    return given


def collect_system(job: Job, system_id: str, *, retrying: bool = False) -> str | None:
    """Collect one system as one checkpointed step: `running` before the connector is
    called, its part stored and the step `done` with its counts and audit entry right
    after. Returns the error line when the system failed (recorded on the step), else
    None. `retrying`: the caller's job will try the system again shortly."""
    def collect() -> CollectedPart:
        part = job.data_map.collect_part(job.identity, system_id, _given(job, system_id),
                                         job.settings.now(), job.kind)
        _store(job.settings).put(_name(job.request_id, system_id),
                                 pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
        return part

    part = steps.attempt(job, PHASE, system_id, "collecting", collect, retrying=retrying)
    if isinstance(part, steps.Failed):
        return part.error
    now = job.settings.now()
    with job.ledger.session() as session:
        steps.finish(session, job.request_id, PHASE, system_id, now,
                     *_recorded(session, job, system_id, part, now))
    return None


def _recorded(session: Session, job: Job, system_id: str, part: CollectedPart,
              now: datetime) -> tuple[dict[str, int], dict[str, Any]]:
    """The collect entry of a system in the caller's transaction (its task created if it
    has one); returns the step's counts and detail."""
    detail: dict[str, Any] = {"kind": part.kind}
    if part.note:
        detail["note"] = part.note
    audited: dict[str, Any] | None = None
    if part.task is not None:
        request = load(session, job.request_id, lock=True)
        task, created = tasks.create(session, request, part.task, job.kind, now,
                                     job.actor, audited=False)
        detail["task"] = task.id
        detail["open_task"] = {"system": system_id, "owner": task.owner,
                               "due": task.due_at.date().isoformat(), "task": task.id}
        audited = {"tasks_created": {task.id: system_id} if created else {}}
    counts = counts_of(part)
    # Counts only; the task this step created is named, never what was found.
    audit.append(session, at=now, actor=job.actor, action=f"request.{PHASE}",
                 target=job.request_id, system=system_id, counts=counts, detail=audited)
    return counts, detail


def collect_ledger_only(job: Job, system_ids: list[str]) -> set[str]:
    """Collect systems that read nothing outside the ledger (`ledger_only`) in one
    transaction: no `running` checkpoint is needed, since nothing outside the ledger is
    touched and a crash leaves every one of them pending. Returns the systems done; a
    step done already or held by another live job is left as it is."""
    now = job.settings.now()
    store = _store(job.settings)
    parts = {sid: job.data_map.collect_part(job.identity, sid, {}, now, job.kind)
             for sid in system_ids}
    for sid, part in parts.items():
        store.put(_name(job.request_id, sid), pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))
    done: set[str] = set()
    with job.ledger.session() as session:
        for sid, part in parts.items():
            if not steps.claim(session, job.request_id, PHASE, sid, now):
                continue
            steps.finish(session, job.request_id, PHASE, sid, now,
                         *_recorded(session, job, sid, part, now))
            done.add(sid)
    return done


def run_access(job: Job) -> Outcome:
    """Every system not done yet, one after another in the process, then the package."""
    if job.renderer is None:
        raise ConfigurationError("no report renderer given; the access package needs one")
    started = time.perf_counter()
    blockers = blockers_of(job)
    planned = steps.plan(job.ledger, job.request_id, PHASE, systems_of(job))
    status = {s.system_id: s.status for s in planned}
    for step in planned:
        system_id = step.system_id
        if step.status == steps.DONE:
            continue
        missing = sorted(b for b in blockers.get(system_id, set())
                         if status.get(b) != steps.DONE)
        if missing:  # its rows are found from theirs: it waits until they are collected
            steps.wait(job.ledger, job.request_id, PHASE, system_id, missing)
            continue
        error = collect_system(job, system_id)
        status[system_id] = steps.FAILED if error else steps.DONE
    collected = time.perf_counter()
    try:
        outcome = outcome_of(job)
    except PartsGone as gone:
        # Removed with an expired package while a processor's task kept the request open:
        # those systems are collected again (every part goes at once, so in order).
        for system_id in systems_of(job):
            if system_id in gone.systems:
                collect_system(job, system_id)
        outcome = outcome_of(job)
    finished = time.perf_counter()
    if outcome.complete:
        outcome.result["timings_ms"] = {"collect": round((collected - started) * 1000, 3),
                                        "total": round((finished - started) * 1000, 3)}
    return outcome


def outcome_of(job: Job) -> Outcome:
    """The collection's outcome from its steps in the ledger: with every system done, the
    package assembled from the parts; otherwise which systems failed or wait."""
    if job.renderer is None:
        raise ConfigurationError("no report renderer given; the access package needs one")
    started = time.perf_counter()
    order = [s.id for s in job.loaded.policy.systems]
    with job.ledger.session() as session:
        rows = {s.system_id: s for s in step_rows(session, job.request_id, PHASE)}
        counts = {sid: dict(s.counts) for sid, s in rows.items()}
        details = {sid: dict(s.detail) for sid, s in rows.items()}
        status = {sid: s.status for sid, s in rows.items()}
        errors = {sid: s.error or "" for sid, s in rows.items() if s.status == steps.FAILED}
        restricted = is_restricted(session, job.identity)
    if any(status.get(sid) != steps.DONE for sid in order):
        # No package: what was found is recorded (counts), the rest waits for the retry.
        waiting = {sid: list(details[sid]["waits_for"]) for sid in order
                   if status.get(sid) == steps.PENDING and details[sid].get("waits_for")}
        return Outcome(result={
            "systems": {sid: {"status": steps.FAILED} if sid in errors else counts[sid]
                        for sid in order if sid in errors or status.get(sid) == steps.DONE},
            "records": sum(sum(counts[sid].values()) for sid in order
                           if status.get(sid) == steps.DONE),
            "failed": {sid: errors[sid] for sid in order if sid in errors},
            "waiting": waiting,
        }, complete=False)
    store = _store(job.settings)
    parts: dict[str, CollectedPart] = {}
    for sid in order:
        with contextlib.suppress(NotFound):
            parts[sid] = _read_part(store, job.request_id, sid)
    if len(parts) < len(order):
        raise PartsGone([sid for sid in order if sid not in parts])
    systems = job.data_map.assemble(parts)
    excluded: dict[str, str] = {}
    if job.kind == "portability":
        systems, excluded = package.portable_only(job.loaded.policy, systems)
    now = job.settings.now()
    open_tasks = [details[sid]["open_task"] for sid in order
                  if "open_task" in details[sid]]
    answered = answers.confirmed_for(job.settings, [t["task"] for t in open_tasks])
    report = AccessReport(
        policy=job.loaded.policy, request_id=job.request_id, kind=job.kind, generated_at=now,
        systems=systems, activities=package.activities_of(job.loaded.policy, systems),
        restricted=restricted, excluded=excluded, open_tasks=open_tasks,
        answers={system: a.to_dict() for system, a in answered.items()},
    )
    path = package.write(report, job.renderer, job.settings)
    found = {s.system: counts_of(s) for s in systems}
    with job.ledger.session() as session:  # what the package holds, as one pass records it
        for step in step_rows(session, job.request_id, PHASE):
            if step.system_id in found and step.counts != found[step.system_id]:
                step.counts = found[step.system_id]
    finished = time.perf_counter()
    return Outcome(
        result={
            "systems": found,
            "records": sum(s.count for s in systems),
            "activities": report.activities,
            "excluded": excluded,
            "package_at": now.isoformat(),
            "timings_ms": {"assemble": round((finished - started) * 1000, 3)},
        },
        package_path=str(path),
    )


def remove_parts(settings: Settings, request_id: str, system_ids: list[str]) -> None:
    """Remove what the systems' collection jobs found (with the package they made)."""
    store = _store(settings)
    for system_id in system_ids:
        store.delete(store.locate(_name(request_id, system_id)))
