"""`/api/v1/requests/tasks/{task}/answer`: a processor's answer to an access task, staged
(files, or `holds_nothing`) and then confirmed, which rebuilds the package and completes the
request (`engine.requests.answers`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from vernly.engine.requests import answers
from vernly.ledger.db import Ledger
from vernly.notices.access_report import render as render_report
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings
from vernly.web.api_requests import ACT, data_map, operator_name, operator_view
from vernly.web.auth import OperatorInfo
from vernly.web.deps import get_ledger, get_policy, get_settings

router = APIRouter(prefix="/api/v1/requests/tasks", tags=["requests"])


@router.post("/{task_id}/answer", status_code=201)
async def stage(task_id: str, holds_nothing: bool = Form(False),
                files: list[UploadFile] = File(default=[]),
                operator: OperatorInfo = ACT, ledger: Ledger = Depends(get_ledger),
                settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    """Stage what the processor returned (files) or that it holds nothing; confirm next."""
    uploaded = [(f.filename or "", await f.read()) for f in files if f.filename]
    staged = await run_in_threadpool(answers.stage, ledger, settings, task_id, uploaded,
                                     holds_nothing, operator_name(operator))
    return staged.to_dict()


@router.post("/{task_id}/answer/confirm")
def confirm(task_id: str, request: Request, operator: OperatorInfo = ACT,
            ledger: Ledger = Depends(get_ledger), settings: Settings = Depends(get_settings),
            loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    """Confirm the staged answer: the task is done, the package rebuilt with it, and the
    request completed when nothing else is open."""
    return operator_view(answers.confirm(ledger, settings, loaded, task_id,
                                         operator_name(operator), data_map=data_map(request),
                                         renderer=render_report))
