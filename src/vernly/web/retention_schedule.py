"""Starts the retention scheduler with the app and stops it with the app (lifespan)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from vernly.engine.retention.scheduler import SweepScheduler

FIRST_DELAY = 60.0
"""Seconds after start-up before the first sweep: lets the app settle (and short-lived
apps, such as a test client's, come and go without sweeping)."""


@asynccontextmanager
async def sweep_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Run sweeps every `sweep_interval_seconds` while the app serves (0 turns this off)."""
    scheduler = SweepScheduler(app.state.settings, app.state.policy, app.state.ledger,
                               first_delay=FIRST_DELAY)
    app.state.sweep_scheduler = scheduler
    scheduler.start()
    try:
        yield
    finally:
        await run_in_threadpool(scheduler.stop)
