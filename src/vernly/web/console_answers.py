"""`/console/answers`: what a processor without a connection (Questback) answered to an
access request, attached by an operator in two steps: upload the files (or record that it
holds nothing), look at what was staged, then confirm. Confirming rebuilds the package and
completes the request (`engine.requests.answers`)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from vernly.engine.requests import answers
from vernly.errors import NotFound, VernlyError
from vernly.notices.access_report import render as render_report
from vernly.web import csrf
from vernly.web.api_requests import data_map
from vernly.web.auth import OperatorInfo, require_operator
from vernly.web.console import render
from vernly.web.deps import get_ledger, get_policy, get_settings

router = APIRouter(prefix="/console/answers", include_in_schema=False)
ACT = Depends(require_operator("dpo", "engineer"))


def _page(request: Request, operator: OperatorInfo, task_id: str, error: str | None = None,
          status_code: int = 200) -> HTMLResponse:
    staged = answers.read(get_settings(request), task_id)
    if staged is None and error is None:
        raise NotFound(f"task {task_id}: nothing staged")
    return render(request, "answer_confirm.html", operator, status_code=status_code,
                  task_id=task_id, answer=staged, error=error)


@router.post("/{task_id}", response_class=HTMLResponse)
async def stage(request: Request, task_id: str, csrf_token: str = Form(""),
                holds_nothing: bool = Form(False),
                files: list[UploadFile] = File(default=[]),
                operator: OperatorInfo = ACT) -> HTMLResponse:
    csrf.check(request, csrf_token)
    uploaded = [(f.filename or "", await f.read()) for f in files if f.filename]
    try:
        await run_in_threadpool(answers.stage, get_ledger(request), get_settings(request),
                                task_id, uploaded, holds_nothing, operator.actor)
    except VernlyError as exc:
        return _page(request, operator, task_id, str(exc), exc.http_status)
    return _page(request, operator, task_id)


@router.post("/{task_id}/confirm", response_model=None)
def confirm(request: Request, task_id: str, csrf_token: str = Form(""),
            operator: OperatorInfo = ACT) -> Response:
    csrf.check(request, csrf_token)
    try:
        done = answers.confirm(get_ledger(request), get_settings(request), get_policy(request),
                               task_id, operator.actor, data_map=data_map(request),
                               renderer=render_report)
    except VernlyError as exc:
        return _page(request, operator, task_id, str(exc), exc.http_status)
    return RedirectResponse(f"/console/requests/{done.id}", status_code=303)
