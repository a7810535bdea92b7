"""`/demo/outbox`: in `vernly demo` only, every message vernly sent (codes, status links,
completion notices), so a visitor can finish a request without a mail account. Marked
clearly as the demo's; 404 everywhere else."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from vernly.engine.demo_outbox import recent
from vernly.errors import NotFound
from vernly.notices.local_time import local_datetime
from vernly.web.centre_common import render

router = APIRouter(include_in_schema=False)
PATHS = {"nb": "/demo/utboks", "en": "/en/demo/outbox"}


def _page(request: Request, lang: str) -> HTMLResponse:
    settings = request.app.state.settings
    if not settings.demo_outbox:
        raise NotFound("no demo outbox in this workspace")
    policy = request.app.state.policy.policy
    messages = [(m, local_datetime(m.created_at, policy, lang))
                for m in recent(request.app.state.ledger)]
    return render(request, lang, "demo_outbox.html", active="", messages=messages)


@router.get(PATHS["nb"], response_class=HTMLResponse)
async def outbox_nb(request: Request) -> HTMLResponse:
    return await run_in_threadpool(_page, request, "nb")


@router.get(PATHS["en"], response_class=HTMLResponse)
async def outbox_en(request: Request) -> HTMLResponse:
    return await run_in_threadpool(_page, request, "en")
