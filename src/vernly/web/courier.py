"""Starts the outbox courier with the app and stops it with the app (lifespan).

Messages are tried once right after the commit that writes them; the courier sends those
whose server was away, every `message_interval_seconds` (0 turns it off).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from vernly.engine.messaging import Courier


@asynccontextmanager
async def courier_lifespan(app: FastAPI) -> AsyncIterator[None]:
    courier = Courier(app.state.ledger, app.state.settings)
    app.state.courier = courier
    courier.start()
    try:
        yield
    finally:
        await run_in_threadpool(courier.stop)
