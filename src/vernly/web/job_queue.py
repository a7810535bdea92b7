"""The task queue in the web app, when the ledger is PostgreSQL: what `vernly serve` starts
instead of its own timer threads.

Requests verified by the person are queued (`requests.run`) rather than run inside the
POST; sweeps, retries and consent expiry are periodic jobs (`vernly.engine.jobs`). Unless
started with `--no-worker`, the server also runs a worker on a thread of its own. On the
SQLite default none of this is imported and requests run at once, as they always have.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool

from vernly.ledger.db import StartupStep
from vernly.settings import Settings


def startup_steps(settings: Settings) -> tuple[StartupStep, ...]:
    """What must exist in the ledger before serving: the queue's schema on PostgreSQL."""
    if not settings.on_postgresql:
        return ()
    from vernly.engine.jobs import apply_schema

    return (apply_schema,)


@asynccontextmanager
async def queue_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the queue for deferring and, unless `--no-worker`, run a worker beside."""
    from vernly.engine import jobs
    from vernly.notices.access_report import render

    settings = app.state.settings
    queue = jobs.create_app(settings, worker=False)
    await run_in_threadpool(queue.open)
    app.state.jobs = queue
    worker = None
    if settings.serve_worker:
        from vernly.ledger.db import Ledger

        ledger = Ledger(settings.database_url, secret_key=settings.secret_key)
        context = jobs.Runtime(settings, app.state.policy, ledger, render)
        worker = jobs.BackgroundWorker(jobs.create_app(settings, worker=True), context)
        worker.start()
    app.state.worker = worker
    try:
        yield
    finally:
        if worker is not None:
            await run_in_threadpool(worker.stop)
            worker.context.close()
        app.state.jobs = None
        await run_in_threadpool(queue.close)


def queued_run(request: Request, request_id: str, actor: str) -> bool:
    """Queue the request's run when the app has a task queue; False: run it now."""
    queue = getattr(request.app.state, "jobs", None)
    if queue is None:
        return False
    from vernly.engine.requests.jobs import defer_run

    defer_run(queue, request_id, actor)
    return True
