"""Per-system steps of a request, checkpointed in the ledger.

A destructive phase runs system by system; each system's step is marked `running`
(committed) before the connector is called and `done` (committed, with counts and the
audit entry) right after, so a crashed run resumes with the systems not yet done.

A system that fails (unreachable, a driver error) marks its step `failed` with one line
saying why (`error_line`) and when, and an audit entry with ids only; the other systems
go on, and the request is retried later (`runner`).

When each system's step runs as its own job (`per_system`, on the task queue), the job
holds a lease on the step row (`run_owner`, `run_until`, renewed by its heartbeat), so a
duplicated job never runs a step another live job is running, and a step left `running`
by a killed worker is taken over once that lease has run out. A done step is never
started again (`StepDone`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from vernly.engine.requests import lease
from vernly.errors import Conflict, VernlyError
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.ledger.requests import RequestStep

if TYPE_CHECKING:
    from vernly.engine.requests.job import Job

T = TypeVar("T")

PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"
ERROR_MAX = 500
TTL = timedelta(seconds=30)
"""How long a job's lease on a step outlives its last heartbeat."""


class StepBusy(Conflict):
    """Another live job (or runner) is running this step; try again once it is over."""


class StepDone(Conflict):
    """The step is done already: a repeated or duplicated job has nothing to do."""


def error_line(exc: BaseException, doing: str) -> str:
    """What a step records about an error: its class and the message vernly wrote itself.

    vernly's own messages (`VernlyError`) are one line and name systems, tables and files,
    never a person. A driver's message may quote the statement and its parameters (an
    e-mail address, a name), so of any other error only the class is kept."""
    if isinstance(exc, VernlyError):
        text = " ".join(str(exc).split())
        return f"{type(exc).__name__}: {text}"[:ERROR_MAX]
    return f"{type(exc).__name__} while {doing} (the driver's message is not kept)"


def error_class(line: str) -> str:
    """The error's class name, the first word of an `error_line`."""
    return line.split(" ", 1)[0].rstrip(":")


@dataclass(frozen=True)
class StepState:
    system_id: str
    status: str
    attempts: int


def plan(ledger: Ledger, request_id: str, phase: str, systems: Iterable[str]
         ) -> list[StepState]:
    """Create the missing steps (pending) and return every step of the phase, in order."""
    wanted = list(dict.fromkeys(systems))
    with ledger.session() as session:
        existing = ensure(session, request_id, phase, wanted)
        return [StepState(existing[s].system_id, existing[s].status, existing[s].attempts)
                for s in wanted]


def ensure(session: Session, request_id: str, phase: str, systems: Iterable[str]
           ) -> dict[str, RequestStep]:
    """Every step of the phase by system, the missing ones created (pending) in the order
    given, in the caller's transaction."""
    existing = {s.system_id: s for s in _steps(session, request_id, phase)}
    for system_id in systems:
        if system_id not in existing:
            step = RequestStep(request_id=request_id, phase=phase, system_id=system_id,
                               status=PENDING, attempts=0, counts={}, detail={})
            session.add(step)
            existing[system_id] = step
    session.flush()
    return existing


def _steps(session: Session, request_id: str, phase: str) -> list[RequestStep]:
    return list(session.execute(
        select(RequestStep).where(RequestStep.request_id == request_id,
                                  RequestStep.phase == phase).order_by(RequestStep.id)
    ).scalars().all())


def get(session: Session, request_id: str, phase: str, system_id: str) -> RequestStep:
    return session.execute(
        select(RequestStep).where(RequestStep.request_id == request_id,
                                  RequestStep.phase == phase, RequestStep.system_id == system_id)
        .with_for_update()
    ).scalar_one()


def start(ledger: Ledger, request_id: str, phase: str, system_id: str, now: datetime,
          owner: str | None = None, step_owner: str | None = None,
          queue_job: int | None = None) -> int:
    """Mark a step running (committed); returns the attempt number. The last error stays
    (with its time) for the record until a newer one replaces it. `owner`: the runner's
    lease on the request is renewed in the same transaction (Conflict if it was lost).
    `step_owner`: a system job takes the step's own lease (StepDone if the step is done,
    StepBusy while another holder's lease on it is live); `queue_job`: the queue's job
    running it, kept on the step (also once done) for the record."""
    with ledger.session() as session:
        if owner is not None:
            lease.renew_in(session, request_id, owner)
        step = get(session, request_id, phase, system_id)
        wall = datetime.now(UTC)
        if step_owner is not None and step.status == DONE:
            raise StepDone(f"request {request_id}: the {phase} step of {system_id} is done")
        if step.run_owner not in (None, step_owner) and _live(step.run_until, wall):
            raise StepBusy(f"request {request_id}: the {phase} step of {system_id} is being "
                           f"run by {step.run_owner}; try again when it has finished")
        step.run_owner = step_owner
        step.run_until = wall + TTL if step_owner is not None else None
        step.status, step.started_at = RUNNING, now
        step.attempts += 1
        step.detail = {k: v for k, v in step.detail.items() if k not in ("waits_for", "retrying")}
        if queue_job is not None:
            step.detail = {**step.detail, "job": queue_job}
        return step.attempts


def claim(session: Session, request_id: str, phase: str, system_id: str,
          now: datetime) -> bool:
    """Start a step in the caller's transaction, which also finishes it (`finish`): False
    when it is done already or another live job holds it."""
    step = get(session, request_id, phase, system_id)
    if step.status == DONE or (step.run_owner is not None
                               and _live(step.run_until, datetime.now(UTC))):
        return False
    step.status, step.started_at = RUNNING, now
    step.attempts += 1
    step.detail = {k: v for k, v in step.detail.items() if k not in ("waits_for", "retrying")}
    return True


def _live(until: datetime | None, wall: datetime) -> bool:
    return until is not None and (until if until.tzinfo else until.replace(tzinfo=UTC)) >= wall


def renew_step(ledger: Ledger, request_id: str, phase: str, system_id: str,
               step_owner: str) -> bool:
    """Extend a job's lease on its step; False when the job no longer holds it."""
    with ledger.session() as session:
        kept = session.execute(
            update(RequestStep).where(RequestStep.request_id == request_id,
                                      RequestStep.phase == phase,
                                      RequestStep.system_id == system_id,
                                      RequestStep.run_owner == step_owner)
            .values(run_until=datetime.now(UTC) + TTL))
        return bool(kept.rowcount == 1)  # type: ignore[attr-defined]


def finish(session: Session, request_id: str, phase: str, system_id: str, now: datetime,
           counts: dict[str, int], detail: dict[str, Any]) -> RequestStep:
    """Mark a step done in the caller's transaction (which also writes the audit entry)."""
    step = get(session, request_id, phase, system_id)
    step.status, step.finished_at = DONE, now
    job = {"job": step.detail["job"]} if "job" in step.detail else {}
    step.counts, step.detail = counts, detail | job
    step.run_owner = step.run_until = None
    return step


class Failed(NamedTuple):
    """A system's step that failed: the error line recorded on it."""

    error: str


def attempt(job: Job, phase: str, system_id: str, doing: str, work: Callable[[], T], *,
            retrying: bool = False) -> T | Failed:
    """Run one system's connector work as a checkpointed step: `running` (committed)
    before `work` is called; when it raises, the step is marked failed with its error line
    and audit entry and `Failed` is returned, because an unreachable system must not stop
    the others. The caller records the step done. `retrying`: the caller's job will try
    the system again shortly."""
    start(job.ledger, job.request_id, phase, system_id, job.settings.now(), job.owner,
          job.step_owner, job.queue_job)
    try:
        return work()
    except Exception as exc:  # one unreachable system must not stop the others
        error = error_line(exc, doing)
        fail(job.ledger, job.request_id, phase, system_id, job.settings.now(), error,
             job.actor, retrying=retrying)
        return Failed(error)


def fail(ledger: Ledger, request_id: str, phase: str, system_id: str, now: datetime,
         error: str, actor: str, *, retrying: bool = False) -> None:
    """Mark a started step failed (committed), with its audit entry. `retrying`: its job
    will try the system again shortly, so the request is not settled yet (`per_system`)."""
    with ledger.session() as session:
        step = get(session, request_id, phase, system_id)
        if retrying:
            # Before the audit entry: one UPDATE of the step, taken before the audit's
            # lock. A second UPDATE after it would check the step's key against the
            # request row, which a finishing step holds while it waits for that lock.
            step.detail = {**step.detail, "retrying": True}
        _failed(session, step, now, error, actor)


def _failed(session: Session, step: RequestStep, now: datetime, error: str,
            actor: str) -> None:
    step.status, step.finished_at = FAILED, now
    step.error, step.error_at = error[:ERROR_MAX], now
    step.run_owner = step.run_until = None
    # Ids only: the error's class says what kind of failure it was; the line itself (with
    # paths and host names) is on the step.
    audit.append(session, at=now, actor=actor, action="request.step_failed",
                 target=step.request_id, system=step.system_id,
                 counts={"attempt": step.attempts},
                 detail={"phase": step.phase, "error": error_class(error)})


def wait(ledger: Ledger, request_id: str, phase: str, system_id: str,
         waits_for: list[str]) -> None:
    """Leave a step pending because the systems named must succeed first (committed)."""
    with ledger.session() as session:
        step = get(session, request_id, phase, system_id)
        step.detail = {**step.detail, "waits_for": waits_for}


def record_done(session: Session, request_id: str, phase: str, now: datetime,
                results: dict[str, tuple[dict[str, int], dict[str, Any]]]) -> None:
    """Record a whole non-destructive phase (collection) at once: one row per system."""
    existing = {s.system_id: s for s in _steps(session, request_id, phase)}
    for system_id, (counts, detail) in results.items():
        step = existing.get(system_id)
        if step is None:
            step = RequestStep(request_id=request_id, phase=phase, system_id=system_id,
                               attempts=0)
            session.add(step)
        step.status, step.counts, step.detail = DONE, counts, detail
        step.attempts = (step.attempts or 0) + 1
        step.started_at = step.started_at or now
        step.finished_at = now


def record_failed(session: Session, request_id: str, phase: str, now: datetime,
                  errors: dict[str, str], actor: str) -> None:
    """Record systems of a non-destructive phase (collection) that could not be read."""
    existing = {s.system_id: s for s in _steps(session, request_id, phase)}
    for system_id, error in errors.items():
        step = existing.get(system_id)
        if step is None:
            step = RequestStep(request_id=request_id, phase=phase, system_id=system_id,
                               attempts=0, counts={}, detail={})
            session.add(step)
        step.attempts = (step.attempts or 0) + 1
        step.started_at = now
        _failed(session, step, now, error, actor)
