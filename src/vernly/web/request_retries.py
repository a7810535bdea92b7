"""Starts the requests retry loop with the app and stops it with the app (lifespan).

Requests waiting for a system that failed are run again when their retry is due
(`vernly.engine.requests.retries`); every `request_retry_interval_seconds` the loop looks
for them (0 turns it off).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from vernly.engine.requests.retries import RetryScheduler

FIRST_DELAY = 30.0
"""Seconds after start-up before the first look: lets the app settle (and short-lived
apps, such as a test client's, come and go without running requests)."""


@asynccontextmanager
async def retry_lifespan(app: FastAPI) -> AsyncIterator[None]:
    from vernly.notices.access_report import render

    scheduler = RetryScheduler(app.state.settings, app.state.policy, app.state.ledger,
                               render, first_delay=FIRST_DELAY)
    app.state.retry_scheduler = scheduler
    scheduler.start()
    try:
        yield
    finally:
        await run_in_threadpool(scheduler.stop)
