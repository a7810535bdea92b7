"""Request jobs on the task queue (PostgreSQL ledger): running a verified request, one job
per system, and finding the requests that need a run.

`requests.run` starts a request. An access, portability, erasure, rectification or
withdrawal of consent fans out (`per_system.begin`) to one `requests.step` job per system,
each with its own retry: a system that fails is tried again after `STEP_RETRY_DELAYS`;
after the last try its step stays failed and the others go on. A step job holds a
Procrastinate `lock` and a
`queueing_lock` per (request, phase, system), so one system's step never runs twice at
once and at most one waits, and the step's lease in the ledger makes a repeated job a
no-op for a done step and lets a killed worker's step be taken over once that lease has
run out. The step job that finds nothing left in flight concludes the request (exactly
one, by a conditional UPDATE: `per_system.settle`); a failed system sets the request's
retry by the backoff in the settings. Restriction, its lifting and objection run as one
job (`runner.run`; a job that finds the request's lease held is retried with backoff
until the holder is done).

`requests.catch_up` runs every `request_retry_interval_seconds` and defers a run for each
request whose retry is due, each one whose run was interrupted (in progress, its lease run
out: a worker was killed, or a round's jobs were lost), and each one verified by the
person's code but never started (the server stopped between the two), so every verified
request is carried to the end whatever crashes on the way. At most one run per request
waits in the queue (`queueing_lock`). Once an hour, access packages whose link has expired
are removed (`requests.purge_packages`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.jobs import Job as QueuedJob
from procrastinate.retry import BaseRetryStrategy, RetryDecision
from sqlalchemy import and_, func, or_, select

from vernly.engine.jobs import cron_every, runtime
from vernly.engine.requests import per_system, runner
from vernly.engine.requests.downloads import remove_expired
from vernly.engine.requests.kinds import RequestState
from vernly.engine.requests.lease import LeaseHeld
from vernly.engine.requests.retries import never_started
from vernly.engine.requests.steps import StepBusy
from vernly.errors import VernlyError
from vernly.ledger.db import Ledger
from vernly.ledger.requests import DsrRequest
from vernly.settings import Settings

log = logging.getLogger("vernly.requests")

QUEUE = "requests"
RUN = "requests.run"
STEP = "requests.step"
CATCH_UP = "requests.catch_up"
PURGE = "requests.purge_packages"
ACTOR = "scheduler"
BATCH = 500
"""At most this many requests deferred per catch-up pass."""
LEASE_RETRY = procrastinate.RetryStrategy(max_attempts=40, wait=2, linear_wait=1,
                                          retry_exceptions={LeaseHeld})
"""Another runner holds the request: look again after 2 s, 3 s, 4 s, ... (its lease runs out
within its time to live if that runner died)."""
STEP_RETRY_DELAYS = (2, 8, 30)
"""Seconds before a failed system's job tries it again; after the last, its step stays failed
and the request waits for its own retry (`VERNLY_REQUEST_RETRY_DELAYS`)."""


class StepFailed(Exception):
    """A system failed in its step; its job is tried again (`STEP_RETRY_DELAYS`)."""


class StepRetry(BaseRetryStrategy):
    """A failed system: again after each of `STEP_RETRY_DELAYS`; a step another live job
    holds: again after 2 s, 3 s, 4 s, ... (that lease runs out if its worker died); the
    ledger failing under the job (unreachable, a deadlock broken by PostgreSQL): again
    after 1 s, 2 s, 4 s, ... up to 8 tries."""

    def get_retry_decision(self, *, exception: BaseException,
                           job: QueuedJob) -> RetryDecision | None:
        if isinstance(exception, StepFailed):
            if job.attempts < len(STEP_RETRY_DELAYS):
                return RetryDecision(retry_in={"seconds": STEP_RETRY_DELAYS[job.attempts]})
            return None
        if isinstance(exception, (StepBusy, LeaseHeld)):
            return RetryDecision(retry_in={"seconds": 2 + job.attempts}) \
                if job.attempts < 40 else None
        if isinstance(exception, Exception) and job.attempts < 8:
            return RetryDecision(retry_in={"seconds": 2 ** job.attempts})
        return None


async def run_request(context: procrastinate.JobContext, request_id: str, actor: str) -> None:
    """Run (or carry on) one verified request: per-system kinds as one job per system."""
    rt = runtime(context)
    try:
        kind = await asyncio.to_thread(_kind_of, rt.ledger, request_id)
        if per_system.works_per_system(kind):
            started = await asyncio.to_thread(
                per_system.begin, rt.ledger, rt.settings, rt.loaded, request_id, actor,
                data_map=rt.opened_data_map(), renderer=rt.renderer)
            if started is not None:
                for system_id in started.systems:
                    await defer_step(context.app, request_id, started.phase, system_id, actor)
                log.info("request %s: %d system jobs queued", request_id,
                         len(started.systems))
            return
        view = await asyncio.to_thread(
            runner.run, rt.ledger, rt.settings, rt.loaded, request_id, actor,
            data_map=rt.opened_data_map(), renderer=rt.renderer)
    except LeaseHeld:
        raise
    except VernlyError as exc:  # not verified, rejected, gone: nothing a retry would change
        log.warning("request %s: not run: %s", request_id, type(exc).__name__)
        return
    log.info("request %s: %s%s", request_id, view.state,
             f", waiting on {', '.join(view.waiting_on)}" if view.waiting_on else "")


def _kind_of(ledger: Ledger, request_id: str) -> str:
    with ledger.session() as session:
        kind = session.execute(select(DsrRequest.kind)
                               .where(DsrRequest.id == request_id)).scalar_one_or_none()
    return kind or ""


async def run_step(context: procrastinate.JobContext, request_id: str, phase: str,
                   system_id: str, actor: str) -> None:
    """Run one system's step of a request (a no-op when it is done)."""
    rt = runtime(context)
    attempts = context.job.attempts if context.job is not None else 0
    job_id = context.job.id if context.job is not None else None
    retrying = attempts < len(STEP_RETRY_DELAYS)
    try:
        ran = await asyncio.to_thread(
            per_system.run_step, rt.ledger, rt.settings, rt.loaded, request_id, phase,
            system_id, actor, data_map=rt.opened_data_map(), renderer=rt.renderer,
            retrying=retrying, job_id=job_id)
    except (StepBusy, LeaseHeld):
        raise
    except VernlyError as exc:  # the request is gone or was rejected: nothing to retry
        log.warning("request %s: %s step of %s not run: %s", request_id, phase, system_id,
                    type(exc).__name__)
        return
    for unblocked in ran.unblocked:
        await defer_step(context.app, request_id, phase, unblocked, actor)
    log.info("request %s: %s step of %s %s%s", request_id, phase, system_id, ran.status,
             f", request {ran.concluded.state}" if ran.concluded else "")
    if ran.status == "failed" and retrying:
        raise StepFailed(f"request {request_id}: {ran.error}")


def step_lock(request_id: str, phase: str, system_id: str) -> str:
    return f"request:{request_id}:{phase}:{system_id}"


async def defer_step(app: procrastinate.App, request_id: str, phase: str, system_id: str,
                     actor: str) -> None:
    """Queue one system's step; one waits at most, and one runs at a time."""
    key = step_lock(request_id, phase, system_id)
    with contextlib.suppress(AlreadyEnqueued):
        await app.configure_task(STEP, queueing_lock=key, lock=key).defer_async(
            request_id=request_id, phase=phase, system_id=system_id, actor=actor)


def needing_a_run(ledger: Ledger, settings: Settings, limit: int = BATCH) -> list[str]:
    """Open requests whose retry is due, whose run was interrupted (no live lease and no
    retry scheduled later), or that the person verified but that never started."""
    wall, now = datetime.now(UTC), settings.now()
    idle = or_(DsrRequest.run_owner.is_(None), DsrRequest.run_until < wall)
    # A run that ended with every system done leaves no retry and may stay in progress
    # for its manual tasks: that is not an interruption.
    unfinished = func.coalesce(DsrRequest.result["systems_done"].as_boolean(), False).is_(False)
    interrupted = and_(DsrRequest.state == RequestState.in_progress.value, idle,
                       or_(DsrRequest.next_attempt_at <= now,
                           and_(DsrRequest.next_attempt_at.is_(None), unfinished)))
    with ledger.session() as session:
        return list(session.execute(
            select(DsrRequest.id)
            .where(or_(interrupted, never_started(settings)))
            .order_by(DsrRequest.received_at, DsrRequest.id).limit(limit)).scalars().all())


async def catch_up(context: procrastinate.JobContext, timestamp: int) -> None:
    """Defer a run for every request that needs one."""
    rt = runtime(context)
    ids = await asyncio.to_thread(needing_a_run, rt.ledger, rt.settings)
    for request_id in ids:
        try:
            await context.app.configure_task(RUN, queueing_lock=lock_of(request_id)) \
                .defer_async(request_id=request_id, actor=ACTOR)
        except AlreadyEnqueued:
            continue


def lock_of(request_id: str) -> str:
    return f"request:{request_id}"


def defer_run(app: procrastinate.App, request_id: str, actor: str) -> None:
    """Queue a run of the request (from a web server's thread); one waits at most."""
    with contextlib.suppress(AlreadyEnqueued):
        app.configure_task(RUN, queueing_lock=lock_of(request_id)).defer(
            request_id=request_id, actor=actor)


def purge_packages(context: procrastinate.JobContext, timestamp: int) -> None:
    """Remove access packages whose link has expired."""
    rt = runtime(context)
    remove_expired(rt.ledger, rt.settings)


def install(app: procrastinate.App, settings: Settings) -> None:
    app.task(name=RUN, queue=QUEUE, pass_context=True, retry=LEASE_RETRY)(run_request)
    app.task(name=STEP, queue=QUEUE, pass_context=True, retry=StepRetry())(run_step)
    purge = app.task(name=PURGE, queue="maintenance", pass_context=True,
                     queueing_lock=PURGE)(purge_packages)
    app.periodic(cron="17 * * * *")(purge)
    if settings.request_retry_interval_seconds > 0:
        task = app.task(name=CATCH_UP, queue=QUEUE, pass_context=True,
                        queueing_lock=CATCH_UP)(catch_up)
        app.periodic(cron=cron_every(settings.request_retry_interval_seconds,
                                     "VERNLY_REQUEST_RETRY_INTERVAL"))(task)
