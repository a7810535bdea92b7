"""A request's work as one step per system, each run by a job of its own (the task queue on
PostgreSQL, `jobs.py`), so one slow or failing system neither blocks nor repeats the others.

The kinds that work system by system (access, portability, erasure, rectification,
withdrawal of consent) are run here in three moves, each safe to repeat:

- `begin` takes the request for a *round* of system jobs (its lease, owned by
  `steps:<owner>` and kept alive by the jobs of the round), plans the phase's steps and
  says which systems' jobs to queue now: every step not done whose prerequisites are done
  (an erasure erases the systems whose rows point into another system before that one).
  Steps that touch nothing but the ledger (`StepWork.inline`: a collection's notes and
  tasks) it does itself, in one transaction, rather than paying a job for each.
- `run_step` runs one system's step under the step's own lease (`steps.start`): a step
  that is done is never run again, and one another live job holds is left to it. A step
  that succeeds says which waiting systems it let go.
- `settle`, called after every step, concludes the request once nothing is queued,
  running or about to be retried: the first caller to move the request's lease from the
  round to itself (one conditional UPDATE, so exactly one wins however many jobs end at
  once) records the outcome as an in-process run does (`runner.conclude`): completed, with
  its completion e-mail queued once, or waiting for its retry by the backoff, the failed
  systems' steps recorded.

On SQLite (`vernly serve`, `make demo`) none of this is used: `runner.run` calls the same
per-system functions (`access.collect_system`, `erasure.erase_system`,
`rectification.rectify_system`, `standing.mark_system`) one after another in the process.
A collection waits for the systems whose own rows it needs (`access.blockers_of`), as an
erasure waits for the systems to be erased before it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from vernly.engine.heartbeat import Heartbeat
from vernly.engine.requests import (
    access,
    erasure,
    lease,
    rectification,
    runner,
    standing,
    steps,
)
from vernly.engine.requests.identities import identity_of
from vernly.engine.requests.job import Job, Outcome
from vernly.engine.requests.kinds import RequestKind, RequestState
from vernly.engine.requests.ports import DataMapLike, ReportRenderer
from vernly.engine.requests.store import load, load_to_run, step_rows
from vernly.engine.requests.views import RequestView
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.ledger.requests import DsrRequest, RequestStep
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings

log = logging.getLogger("vernly.requests")

ROUND = "steps:"
"""The request's lease is held by a round of system jobs when its owner starts so."""
ROUND_TTL = timedelta(minutes=5)
"""How long a round outlives the last sign of life of its jobs (a step started, a beat):
queued jobs do not beat, so this covers their wait in the queue; a round whose jobs were
all lost is started again by the catch-up job after it."""


@dataclass(frozen=True)
class StepWork:
    """How one kind of request works system by system."""

    phase: str
    systems: Callable[[Job], list[str]]
    """The systems with a step, in the order an in-process run takes them."""
    run_one: Callable[..., str | None]
    """(job, system_id, *, retrying) -> the error line when the system failed."""
    outcome: Callable[[Job], Outcome]
    """The request's outcome from its steps in the ledger."""
    prepare: Callable[[Job], object] | None = None
    """Ledger-only work done once before the systems (the withdrawal's standing flag)."""
    blockers: Callable[[Job], dict[str, set[str]]] | None = None
    """System -> the systems whose steps must be done before its own starts."""
    inline: Callable[[Job, str], bool] | None = None
    """(job, system_id) -> the step touches nothing but the ledger (a note, a task), so
    the run job does it itself: a job of its own would cost more than the step."""
    run_inline: Callable[[Job, list[str]], set[str]] | None = None
    """(job, systems) -> those done: the `inline` steps at once, in one transaction."""


WORK: dict[str, StepWork] = {
    RequestKind.access: StepWork(access.PHASE, access.systems_of, access.collect_system,
                                 access.outcome_of, blockers=access.blockers_of,
                                 inline=access.ledger_only,
                                 run_inline=access.collect_ledger_only),
    RequestKind.portability: StepWork(access.PHASE, access.systems_of,
                                      access.collect_system, access.outcome_of,
                                      blockers=access.blockers_of,
                                      inline=access.ledger_only,
                                 run_inline=access.collect_ledger_only),
    RequestKind.erasure: StepWork(erasure.PHASE, erasure.erasable_systems,
                                  erasure.erase_system, erasure.outcome_of,
                                  blockers=erasure.blockers_of),
    RequestKind.rectification: StepWork(rectification.PHASE, rectification.systems_of,
                                        rectification.rectify_system,
                                        rectification.outcome_of),
    RequestKind.withdraw_consent: StepWork(standing.WITHDRAW, standing.withdrawal_systems,
                                           standing.mark_system, standing.withdrawal_outcome,
                                           prepare=standing.set_withdrawal_flag),
}


def works_per_system(kind: str) -> bool:
    return kind in WORK


@dataclass(frozen=True)
class Round:
    """What `begin` did: the phase and the systems whose jobs to queue now."""

    phase: str
    systems: list[str]
    concluded: RequestView | None = None
    """Set when nothing was left to run and the request was concluded at once."""


@dataclass(frozen=True)
class StepRun:
    """What one system job did."""

    status: str
    """done, failed, already_done (a repeated job), blocked (a prerequisite is not done)
    or not_running (the request is not in progress)."""
    error: str | None = None
    unblocked: list[str] = field(default_factory=list)
    """Systems whose prerequisites are all done now: their jobs are to be queued."""
    concluded: RequestView | None = None


def _job(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request: DsrRequest,
         actor: str, data_map: DataMapLike, renderer: ReportRenderer | None,
         step_owner: str | None = None) -> Job:
    return Job(ledger=ledger, settings=settings, loaded=loaded, request_id=request.id,
               kind=request.kind, identity=identity_of(request),
               details=dict(request.details or {}), actor=actor, data_map=data_map,
               renderer=renderer, step_owner=step_owner)


def _blockers(work: StepWork, job: Job) -> dict[str, set[str]]:
    return work.blockers(job) if work.blockers is not None else {}


def begin(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str,
          actor: str, *, data_map: DataMapLike,
          renderer: ReportRenderer | None = None) -> Round | None:
    """Start (or carry on) a request of a per-system kind as a round of system jobs.

    None when the request is completed. When a round is under way already (this job is a
    repeat: a killed worker's, or the web's and the catch-up's both), its steps not done
    are queued again, which their queueing locks and step leases make harmless, so a
    round whose jobs were never queued does not wait for `ROUND_TTL`. Raises Conflict for
    a request not verified or rejected, LeaseHeld while an in-process runner holds it."""
    now = settings.now()
    with ledger.session() as session:
        request = load_to_run(session, request_id)
        if request.state == RequestState.completed:
            return None
        under_way = (request.run_owner or "").startswith(ROUND) and lease.running(
            request.run_owner, request.run_until)
        if not under_way:
            lease.take(session, request_id, ROUND + lease.new_owner(), ROUND_TTL)
            resumed = request.state == RequestState.in_progress
            request.state = RequestState.in_progress.value
            request.started_at = request.started_at or now
            audit.append(session, at=now, actor=actor,
                         action="request.resumed" if resumed else "request.started",
                         target=request.id, detail={"kind": request.kind})
        job = _job(ledger, settings, loaded, request, actor, data_map, renderer)
    work = WORK[job.kind]
    if work.prepare is not None and not under_way:
        work.prepare(job)
    planned = work.systems(job)
    blockers = _blockers(work, job)
    with ledger.session() as session:
        rows = steps.ensure(session, request_id, work.phase, planned)
        done = {s for s in planned if rows[s].status == steps.DONE}
        ready = [s for s in planned
                 if s not in done and blockers.get(s, set()) <= done]
        for system_id in ready:
            if not under_way:
                _queued(rows[system_id])
    if not under_way and work.inline is not None:
        done |= _run_inline(work, job, [s for s in ready if work.inline(job, s)])
        ready = [s for s in planned
                 if s not in done and blockers.get(s, set()) <= done]
    if ready:
        return Round(work.phase, ready)
    return Round(work.phase, [], settle(ledger, settings, loaded, request_id, actor,
                                        data_map=data_map, renderer=renderer))


def _run_inline(work: StepWork, job: Job, systems: list[str]) -> set[str]:
    """Do the ledger-only steps in the run job (at once when the kind can), each
    otherwise under its own step lease as a system job would; returns those done. One
    that fails (or that a job of an earlier round still holds) is left to a job of its
    own, with that job's retries."""
    if work.run_inline is not None and systems:
        try:
            return work.run_inline(job, systems)
        except Exception:  # nothing recorded: each is left to a job of its own
            log.warning("request %s: ledger-only steps left to their own jobs",
                        job.request_id)
            return set()
    done: set[str] = set()
    for system_id in systems:
        step_job = replace(job, step_owner=lease.new_owner())
        try:
            error = work.run_one(step_job, system_id, retrying=True)
        except steps.StepDone:
            error = None
        except steps.StepBusy:
            continue
        if error is None:
            done.add(system_id)
    return done


def _queued(step: RequestStep) -> None:
    """A failed step queued again is pending (its last error stays for the record), so no
    other step's job mistakes it for settled before its own job has run."""
    if step.status == steps.FAILED:
        step.status = steps.PENDING
    step.detail = {k: v for k, v in step.detail.items() if k not in ("waits_for", "retrying")}


def _keep_round(ledger: Ledger, request_id: str) -> None:
    """A sign of life of the request's round, so the catch-up does not start another."""
    with ledger.session() as session:
        _keep_round_in(session, request_id)


def _keep_round_in(session: Session, request_id: str) -> None:
    session.execute(update(DsrRequest)
                    .where(DsrRequest.id == request_id,
                           DsrRequest.run_owner.startswith(ROUND))
                    .values(run_until=datetime.now(UTC) + ROUND_TTL))


def _beat(ledger: Ledger, request_id: str, phase: str, system_id: str, owner: str) -> bool:
    kept = steps.renew_step(ledger, request_id, phase, system_id, owner)
    _keep_round(ledger, request_id)
    return kept


def run_step(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str,
             phase: str, system_id: str, actor: str, *, data_map: DataMapLike,
             renderer: ReportRenderer | None = None, retrying: bool = False,
             job_id: int | None = None) -> StepRun:
    """Run one system's step of a request (a no-op when it is done), then settle.

    `retrying`: the caller tries the system again shortly when it fails, so a failure
    does not settle the request yet. `job_id`: the queue's job, kept on the done step so
    the record shows which job did it. Raises StepBusy while another live job holds the
    step (a killed worker's: taken over once its lease has run out)."""
    owner = lease.new_owner()
    # One transaction reads the request and its steps and keeps the round alive: each
    # round trip to the ledger costs a step job more than many a system's collection.
    with ledger.session() as session:
        request = load(session, request_id)
        if request.state != RequestState.in_progress or request.kind not in WORK:
            return StepRun("not_running")
        job = _job(ledger, settings, loaded, request, actor, data_map, renderer, owner)
        job.queue_job = job_id
        work = WORK[job.kind]
        if work.phase != phase:
            return StepRun("not_running")
        blockers = _blockers(work, job)
        status = {s.system_id: s.status for s in step_rows(session, request_id, phase)}
        if any(status.get(b) != steps.DONE for b in blockers.get(system_id, set())):
            return StepRun("blocked")  # the last prerequisite to finish queues it
        _keep_round_in(session, request_id)
    try:
        with Heartbeat(lambda: _beat(ledger, request_id, phase, system_id, owner),
                       steps.TTL.total_seconds() / 3,
                       f"vernly-step-{request_id}-{system_id}"):
            error = work.run_one(job, system_id, retrying=retrying)
    except steps.StepDone:
        return StepRun("already_done", concluded=settle(
            ledger, settings, loaded, request_id, actor, data_map=data_map, renderer=renderer))
    unblocked: list[str] = []
    if error is None and any(system_id in needs for needs in blockers.values()):
        with ledger.session() as session:
            status = {s.system_id: s.status for s in step_rows(session, request_id, phase)}
        unblocked = [s for s, needs in blockers.items()
                     if system_id in needs and status.get(s) == steps.PENDING
                     and all(status.get(b) == steps.DONE for b in needs)]
    concluded = settle(ledger, settings, loaded, request_id, actor, data_map=data_map,
                       renderer=renderer)
    return StepRun("failed" if error else "done", error, unblocked, concluded)


def settle(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str,
           actor: str, *, data_map: DataMapLike,
           renderer: ReportRenderer | None = None) -> RequestView | None:
    """Conclude the request if its round is over (every step done, failed for good, or
    waiting for a failed one); None when it is not, or another caller concludes it."""
    with ledger.session() as session:
        request = load(session, request_id)
        round_owner = request.run_owner
        if (request.state != RequestState.in_progress or request.kind not in WORK
                or not (round_owner or "").startswith(ROUND)):
            return None
        job = _job(ledger, settings, loaded, request, actor, data_map, renderer)
        work = WORK[job.kind]
        rows = {s.system_id: (s.status, bool(s.detail.get("retrying")))
                for s in step_rows(session, request_id, work.phase)}
    planned = work.systems(job)
    blockers = _blockers(work, job)
    stuck: set[str] = set()
    waiting: dict[str, list[str]] = {}
    for system_id in planned:  # prerequisites come first in this order
        status, retrying = rows.get(system_id, (steps.PENDING, False))
        if status == steps.DONE:
            continue
        if status == steps.FAILED and not retrying:
            stuck.add(system_id)
            continue
        blocking = sorted(b for b in blockers.get(system_id, set())
                          if rows.get(b, ("",))[0] != steps.DONE)
        if status == steps.PENDING and any(b in stuck for b in blocking):
            waiting[system_id] = blocking
            stuck.add(system_id)
            continue
        return None  # queued, running or about to be retried
    for system_id, blocking in waiting.items():
        steps.wait(ledger, request_id, work.phase, system_id, blocking)
    finisher = lease.new_owner()
    with ledger.session() as session:
        won = session.execute(
            update(DsrRequest).where(DsrRequest.id == request_id,
                                     DsrRequest.run_owner == round_owner)
            .values(run_owner=finisher, run_until=datetime.now(UTC) + lease.TTL))
        if won.rowcount != 1:  # type: ignore[attr-defined]
            return None
    try:
        return runner.conclude(ledger, settings, loaded, request_id, actor, finisher,
                               work.outcome(job))
    except BaseException:
        lease.release(ledger, request_id, finisher)
        raise
