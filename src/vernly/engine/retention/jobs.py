"""The retention sweep as a periodic job on the task queue (PostgreSQL ledger).

Every worker runs Procrastinate's periodic deferrer, but each clock tick of the interval
is deferred once (its row in `procrastinate_periodic_defers` is unique), and the job's
`queueing_lock` and `lock` keep one sweep waiting and one running: exactly one sweep per
interval however many servers and workers there are. The sweep judges retention as of its
tick (or the demo clock), and its own ledger lock with heartbeat still guards against a
`vernly sweep` from cron at the same time.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import procrastinate

from vernly.engine.jobs import cron_every, runtime
from vernly.engine.retention.rules import retention_for
from vernly.engine.retention.sweep import run_sweep
from vernly.settings import Settings

log = logging.getLogger("vernly.retention")

QUEUE = "retention"
SWEEP = "retention.sweep"


def sweep(context: procrastinate.JobContext, timestamp: int) -> None:
    """One sweep for the tick at `timestamp` (seconds since the epoch)."""
    rt = runtime(context)
    as_of = rt.settings.now_override or datetime.fromtimestamp(timestamp, UTC)
    with retention_for(rt.settings, rt.loaded, rt.ledger) as ctx:
        report = run_sweep(ctx, now=as_of, actor="scheduler")
    log.info("retention sweep %s: %s", report.run_id, report.status)


def install(app: procrastinate.App, settings: Settings) -> None:
    if settings.sweep_interval_seconds <= 0:
        return
    task = app.task(name=SWEEP, queue=QUEUE, pass_context=True, queueing_lock=SWEEP,
                    lock=SWEEP)(sweep)
    app.periodic(cron=cron_every(settings.sweep_interval_seconds,
                                 "VERNLY_SWEEP_INTERVAL"))(task)
