"""Request jobs on the task queue (PostgreSQL ledger): running a verified request, and
finding the requests that need a run.

`requests.run` is the ordinary runner (`runner.run`) as a job: each system is its own step,
done steps are skipped, a failed system fails only its own step and sets the request's
retry by the backoff in the settings, and the request's lease (kept alive by its heartbeat)
keeps two workers from running it at once; a job that finds the lease held is retried with
backoff until the holder is done. `requests.catch_up` runs every
`request_retry_interval_seconds` and defers a run for each request whose retry is due and
each one whose run was interrupted (in progress, its lease run out: a worker was killed),
so every verified request is carried to the end whatever crashes on the way. At most one
run per request waits in the queue (`queueing_lock`). Once an hour, access packages whose
link has expired are removed (`requests.purge_packages`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import and_, func, or_, select

from vernly.engine.jobs import cron_every, runtime
from vernly.engine.requests import runner
from vernly.engine.requests.downloads import remove_expired
from vernly.engine.requests.kinds import RequestState
from vernly.engine.requests.lease import LeaseHeld
from vernly.errors import VernlyError
from vernly.ledger.db import Ledger
from vernly.ledger.requests import DsrRequest
from vernly.settings import Settings

log = logging.getLogger("vernly.requests")

QUEUE = "requests"
RUN = "requests.run"
CATCH_UP = "requests.catch_up"
PURGE = "requests.purge_packages"
ACTOR = "scheduler"
BATCH = 500
"""At most this many requests deferred per catch-up pass."""
LEASE_RETRY = procrastinate.RetryStrategy(max_attempts=40, wait=2, linear_wait=1,
                                          retry_exceptions={LeaseHeld})
"""Another runner holds the request: look again after 2 s, 3 s, 4 s, ... (its lease runs out
within its time to live if that runner died)."""


def run_request(context: procrastinate.JobContext, request_id: str, actor: str) -> None:
    """Run (or carry on) one verified request."""
    rt = runtime(context)
    try:
        view = runner.run(rt.ledger, rt.settings, rt.loaded, request_id, actor,
                          data_map=rt.opened_data_map(), renderer=rt.renderer)
    except LeaseHeld:
        raise
    except VernlyError as exc:  # not verified, rejected, gone: nothing a retry would change
        log.warning("request %s: not run: %s", request_id, type(exc).__name__)
        return
    log.info("request %s: %s%s", request_id, view.state,
             f", waiting on {', '.join(view.waiting_on)}" if view.waiting_on else "")


def needing_a_run(ledger: Ledger, settings: Settings, limit: int = BATCH) -> list[str]:
    """Open requests whose retry is due, or whose run was interrupted (no live lease and
    no retry scheduled later)."""
    wall, now = datetime.now(UTC), settings.now()
    idle = or_(DsrRequest.run_owner.is_(None), DsrRequest.run_until < wall)
    # A run that ended with every system done leaves no retry and may stay in progress
    # for its manual tasks: that is not an interruption.
    unfinished = func.coalesce(DsrRequest.result["systems_done"].as_boolean(), False).is_(False)
    with ledger.session() as session:
        return list(session.execute(
            select(DsrRequest.id)
            .where(DsrRequest.state == RequestState.in_progress.value, idle,
                   or_(DsrRequest.next_attempt_at <= now,
                       and_(DsrRequest.next_attempt_at.is_(None), unfinished)))
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
    purge = app.task(name=PURGE, queue="maintenance", pass_context=True,
                     queueing_lock=PURGE)(purge_packages)
    app.periodic(cron="17 * * * *")(purge)
    if settings.request_retry_interval_seconds > 0:
        task = app.task(name=CATCH_UP, queue=QUEUE, pass_context=True,
                        queueing_lock=CATCH_UP)(catch_up)
        app.periodic(cron=cron_every(settings.request_retry_interval_seconds,
                                     "VERNLY_REQUEST_RETRY_INTERVAL"))(task)
