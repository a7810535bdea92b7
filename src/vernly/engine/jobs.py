"""Background jobs on Procrastinate, when the ledger is PostgreSQL: the one module that wires
the task queue (the app, its schema, the worker) to the jobs each domain declares next to its
own code (`requests/jobs.py`, `retention/jobs.py`, `consent/jobs.py`, `messaging/jobs.py`).

Procrastinate keeps its queue in the ledger's own PostgreSQL database: jobs survive any
crash, a job is retried with backoff, a `queueing_lock` keeps one waiting job per key, and
periodic tasks are deferred once per tick whatever the number of workers (a tick's job is
unique in `procrastinate_periodic_defers`). On the SQLite default nothing here is imported:
`vernly serve` runs the same domain functions on its own threads (`engine.periodic`).

A task finds the ledger, settings and policy in its job context (`Runtime`), handed to the
worker when it starts, never in module globals.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import procrastinate
import procrastinate.exceptions
from sqlalchemy import Connection, make_url, text

from vernly.engine.requests.ports import DataMapLike, ReportRenderer
from vernly.errors import ConfigurationError
from vernly.ledger.db import Ledger
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings

log = logging.getLogger("vernly.jobs")

QUEUES = ("requests", "retention", "consent", "messages", "maintenance")
"""Every queue vernly's jobs go to; `vernly worker --queues` picks some of them."""
STALLED_AFTER = 20.0
"""Seconds without a worker heartbeat after which its running jobs are retried elsewhere."""
WORKER_BEAT = 5.0
"""Seconds between a worker's heartbeats in the queue."""


@dataclass
class Runtime:
    """What a job needs, given to the worker at start (Procrastinate's additional context)."""

    settings: Settings
    loaded: LoadedPolicy
    ledger: Ledger
    renderer: ReportRenderer
    """The access report renderer (the engine may not import `vernly.notices`)."""
    data_map: DataMapLike | None = field(default=None, repr=False)
    """One data map per worker, opened on first use, so connection pools are kept."""

    def opened_data_map(self) -> DataMapLike:
        if self.data_map is None:
            from vernly.engine.requests.runner import open_data_map

            self.data_map = open_data_map(self.loaded, self.settings)
        return self.data_map

    def close(self) -> None:
        if self.data_map is not None:
            self.data_map.close()
        self.ledger.dispose()


def runtime(context: procrastinate.JobContext) -> Runtime:
    """The job's runtime, from its context."""
    found: Runtime = (context.additional_context or {})["vernly"]
    return found


def conninfo(database_url: str) -> str:
    """The ledger's SQLAlchemy URL as the libpq connection string Procrastinate wants."""
    url = make_url(database_url)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def live_workers(ledger: Ledger) -> int:
    """Workers whose last heartbeat is recent (within `STALLED_AFTER` seconds)."""
    with ledger.engine.connect() as conn:
        return int(conn.execute(text(
            "SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat > "
            "now() - make_interval(secs => :secs)"), {"secs": STALLED_AFTER}).scalar_one())


def cron_every(seconds: int, what: str) -> str:
    """A cron line (seconds as the sixth column) for "every `seconds`", aligned to the clock
    so every worker agrees on the ticks."""
    if seconds <= 0:
        raise ConfigurationError(f"{what}: an interval must be positive")
    if seconds < 60 and 60 % seconds == 0:
        return f"* * * * * */{seconds}"
    minutes, rest = divmod(seconds, 60)
    if not rest and minutes < 60 and 60 % minutes == 0:
        return f"*/{minutes} * * * *"
    hours, rest = divmod(seconds, 3600)
    if not rest and hours <= 24 and 24 % hours == 0:
        return f"0 */{hours} * * *"
    raise ConfigurationError(f"{what}: {seconds} s does not divide a minute, an hour or a day; "
                             "with a PostgreSQL ledger sweeps run on clock ticks (e.g. 30s, "
                             "5m, 1h, 6h, 24h)")


def apply_schema(connection: Connection) -> None:
    """Create Procrastinate's tables in the ledger database unless they exist; run under
    the ledger's start-up lock (`Ledger(url, also=(apply_schema,))`)."""
    if connection.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar():
        return
    from procrastinate.schema import SchemaManager

    cursor = connection.connection.cursor()
    try:  # the driver's own cursor: the schema is many statements and has literal '%'
        cursor.execute(SchemaManager.get_schema())
    finally:
        cursor.close()


def create_app(settings: Settings, *, worker: bool) -> procrastinate.App:
    """The task queue with every vernly job. `worker`: an asyncio connector for a worker;
    otherwise a synchronous one, to defer jobs from the web app's threads."""
    from vernly.engine.consent import jobs as consent_jobs
    from vernly.engine.messaging import jobs as messaging_jobs
    from vernly.engine.requests import jobs as requests_jobs
    from vernly.engine.retention import jobs as retention_jobs

    dsn = conninfo(settings.database_url)
    connector: procrastinate.BaseConnector = (
        procrastinate.PsycopgConnector(conninfo=dsn) if worker
        else procrastinate.SyncPsycopgConnector(conninfo=dsn, min_size=1, max_size=4))
    app = procrastinate.App(connector=connector)
    requests_jobs.install(app, settings)
    retention_jobs.install(app, settings)
    consent_jobs.install(app, settings)
    messaging_jobs.install(app, settings)
    _install_stalled(app)
    return app


def _install_stalled(app: procrastinate.App) -> None:
    async def retry_stalled(timestamp: int) -> None:
        """Jobs of a worker that stopped beating (killed) are run again by another."""
        stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER)
        for job in stalled:
            log.warning("job %s (%s) of a stalled worker is retried", job.id, job.task_name)
            try:
                await app.job_manager.retry_job(job)
            except procrastinate.exceptions.UniqueViolation:
                continue  # the same work already waits in the queue (its queueing lock)

    task = app.task(name="maintenance.retry_stalled", queue="maintenance",
                    queueing_lock="maintenance.retry_stalled")(retry_stalled)
    app.periodic(cron=cron_every(10, "stalled jobs"))(task)


def worker_options(context: Runtime, *, concurrency: int = 1,
                   queues: Iterable[str] | None = None, install_signal_handlers: bool = True,
                   name: str | None = None) -> dict[str, Any]:
    """How vernly runs a Procrastinate worker."""
    return {"concurrency": concurrency, "queues": list(queues) if queues else None,
            "additional_context": {"vernly": context},
            "install_signal_handlers": install_signal_handlers,
            "update_heartbeat_interval": WORKER_BEAT, "stalled_worker_timeout": STALLED_AFTER,
            "delete_jobs": "successful", "name": name}


def run_worker(app: procrastinate.App, context: Runtime, **options: Any) -> None:
    """Run jobs in the foreground until SIGTERM or SIGINT (`vernly worker`)."""
    app.run_worker(**worker_options(context, **options))


class BackgroundWorker:
    """A worker on a thread of its own (its own event loop), for `vernly serve` on
    PostgreSQL without `--no-worker`; stopping it lets running jobs finish."""

    def __init__(self, app: procrastinate.App, context: Runtime, concurrency: int = 1) -> None:
        self.app, self.context, self.concurrency = app, context, concurrency
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vernly-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._started.wait(30)

    def stop(self, timeout: float = 30.0) -> None:
        if self._loop is not None and self._task is not None:
            self._loop.call_soon_threadsafe(self._task.cancel)
        self._thread.join(timeout)

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._task = self._loop.create_task(self._work())
            self._started.set()
            self._loop.run_until_complete(self._task)
        except asyncio.CancelledError:
            pass
        except Exception:  # the web app keeps serving; the readiness check reports it
            log.exception("the embedded worker stopped")
        finally:
            self._started.set()
            self._loop.close()

    async def _work(self) -> None:
        options = worker_options(self.context, concurrency=self.concurrency,
                                 install_signal_handlers=False, name="serve")
        async with self.app.open_async():
            await self.app.run_worker_async(**options)
