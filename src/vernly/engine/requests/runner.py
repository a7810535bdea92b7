"""Executing a verified request: state changes around the per-kind handler.

received -> (verified) -> in_progress -> completed. A request still `in_progress` after a
crash is simply run again: the handlers skip the systems whose steps are done. A completed
request is returned unchanged, so running it twice never acts twice, and a lease on the
request (`lease`) keeps two runners from running it at the same time.

When a system fails, the run ends with the request `in_progress`, waiting: its
`next_attempt_at` is set by the backoff in the settings (`Settings.retry_delay`, counted by
`failed_runs`), and the retry loop of `vernly serve` (`retries`) or an operator's run
carries on from the steps not yet done.

On the task queue (PostgreSQL), access, portability, erasure, rectification and withdrawal
of consent run one job per system instead (`per_system`), with the same per-system
functions, and the step job that ends the round records the outcome with `conclude`, as
`run` does here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vernly.engine.requests import (
    access,
    erasure,
    lease,
    notify,
    rectification,
    standing,
    tasks,
)
from vernly.engine.requests.identities import identity_of
from vernly.engine.requests.job import Job, Outcome
from vernly.engine.requests.kinds import RequestKind, RequestState
from vernly.engine.requests.ports import DataMapLike, ReportRenderer
from vernly.engine.requests.store import load, load_to_run, view
from vernly.engine.requests.views import RequestView
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings

Handler = Callable[[Job], Outcome]
READ_ONLY = (RequestKind.access.value, RequestKind.portability.value)

HANDLERS: dict[str, Handler] = {
    RequestKind.access: access.run_access,
    RequestKind.portability: access.run_access,
    RequestKind.erasure: erasure.run_erasure,
    RequestKind.rectification: rectification.run_rectification,
    RequestKind.restriction: standing.run_restriction,
    RequestKind.lift_restriction: standing.run_lift,
    RequestKind.objection: standing.run_objection,
    RequestKind.withdraw_consent: standing.run_withdrawal,
}


def open_data_map(loaded: LoadedPolicy, settings: Settings,
                  only: list[str] | None = None) -> DataMapLike:
    """The policy's systems, connected lazily; `only`: just the systems named."""
    from vernly.connectors.datamap import DataMap

    policy = loaded.policy
    if only is not None:
        policy = policy.model_copy(update={"systems": [s for s in policy.systems
                                                       if s.id in only]})
    opened: DataMapLike = DataMap(policy, settings.workspace, settings.env)
    return opened


def run(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str, actor: str,
        *, data_map: DataMapLike | None = None,
        renderer: ReportRenderer | None = None) -> RequestView:
    """Execute a verified request (or finish one a crash or a failed system interrupted).

    Raises Conflict while another runner holds the request."""
    owner = lease.new_owner()
    try:
        return _run(ledger, settings, loaded, request_id, actor, owner, data_map, renderer)
    except BaseException:
        lease.release(ledger, request_id, owner)  # if this run got as far as taking it
        raise


def _run(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str, actor: str,
         owner: str, data_map: DataMapLike | None,
         renderer: ReportRenderer | None) -> RequestView:
    now = settings.now()
    with ledger.session() as session:
        lease.take(session, request_id, owner)
        request = load_to_run(session, request_id)
        if request.state == RequestState.completed:
            lease.give_back(session, request_id, owner)
            return view(session, request, now)
        resumed = request.state == RequestState.in_progress
        request.state = RequestState.in_progress.value
        request.started_at = request.started_at or now
        if request.kind not in READ_ONLY or resumed:
            # Reading kinds are audited by their collection entry right after; a destructive
            # one gets its own start entry before anything is touched.
            audit.append(session, at=now, actor=actor,
                         action="request.resumed" if resumed else "request.started",
                         target=request.id, detail={"kind": request.kind})
        job = Job(ledger=ledger, settings=settings, loaded=loaded, request_id=request.id,
                  kind=request.kind, identity=identity_of(request),
                  details=dict(request.details or {}), actor=actor,
                  data_map=data_map or open_data_map(loaded, settings), renderer=renderer,
                  owner=owner)
    try:
        with lease.heartbeat(ledger, request_id, owner):
            outcome = HANDLERS[job.kind](job)
    finally:
        if data_map is None:
            job.data_map.close()
    return conclude(ledger, settings, loaded, request_id, actor, owner, outcome)


def conclude(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str,
             actor: str, owner: str, outcome: Outcome) -> RequestView:
    """Record how a run ended, with the request's lease held by `owner` (given back here):
    completed (with its completion e-mail queued in the same transaction, so it is queued
    once), or waiting for the next retry when a system failed or a task is open."""
    now = settings.now()
    told: int | None = None
    with ledger.session() as session:
        request = load(session, request_id, lock=True)
        lease.give_back(session, request_id, owner)
        if request.state != RequestState.in_progress:  # another finisher got here first
            return view(session, request, now)
        still_open = tasks.open_count(session, request.id)
        request.result = {**outcome.result, "open_tasks": still_open,
                          "systems_done": outcome.complete}
        if outcome.package_path:
            request.package_path = outcome.package_path
        failed = outcome.failed
        counts = {"open_tasks": still_open, "failed_systems": len(failed)}
        if "records" in outcome.result:
            counts["records"] = int(outcome.result["records"])
        # The package (if any) is written by now; its entry is this one.
        detail: dict[str, Any] = {"package": bool(outcome.package_path)}
        if outcome.complete:
            request.failed_runs, request.next_attempt_at = 0, None
        else:
            # A system failed: try again after the next delay of the backoff.
            request.failed_runs += 1
            request.next_attempt_at = now + settings.retry_delay(request.failed_runs)
            waiting = sorted(outcome.result.get("waiting") or {})
            detail |= {"failed": sorted(failed), "waiting": waiting,
                       "retry": request.failed_runs,
                       "next_attempt_at": request.next_attempt_at.isoformat()}
        if outcome.complete and not still_open:
            request.state = RequestState.completed.value
            request.completed_at = now
            audit.append(session, at=now, actor=actor, action="request.completed",
                         target=request.id, counts=counts, detail=detail)
            told = notify.completed(session, settings, loaded.policy, request)
        else:
            audit.append(session, at=now, actor=actor, action="request.waiting",
                         target=request.id, counts=counts, detail=detail)
        done = view(session, request, now)
    notify.send(ledger, settings, told)
    return done
