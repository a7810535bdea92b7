"""Liveness (`/healthz`: the process answers; the cheapest endpoint, also the floor of the
HTTP benchmarks) and readiness (`/readyz`: the ledger answers, its migrations are at head
and, on PostgreSQL, a worker is beating), for load balancers and orchestrators."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

router = APIRouter()


@router.get("/healthz", include_in_schema=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", include_in_schema=False)
async def readyz(request: Request) -> JSONResponse:
    from vernly.engine.readiness import readiness

    checks = await run_in_threadpool(readiness, request.app.state.ledger,
                                     request.app.state.settings)
    failed = [c for c in checks if not c.ok]
    body: dict[str, Any] = {"status": "not ready" if failed else "ready",
                            "checks": {c.name: c.reason or "ok" for c in checks}}
    if failed:
        body["reason"] = f"{failed[0].name}: {failed[0].reason}"
    return JSONResponse(body, status_code=503 if failed else 200)
