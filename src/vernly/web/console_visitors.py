"""`/console/visitors`: the front desk's view of today's visitors, signing them out, and
a school's name list (CSV) pre-registering pupils and teachers for a visit date."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from vernly.engine.forms import visitors
from vernly.engine.forms.visitors import NameList
from vernly.errors import InvalidInput, NotFound
from vernly.web import csrf
from vernly.web.auth import OperatorInfo, require_operator
from vernly.web.console import render
from vernly.web.forms_common import MAX_BODY, form_store

router = APIRouter(prefix="/console/visitors", include_in_schema=False)
PAGE = "/console/visitors"
FRONT_DESK = ("dpo", "engineer")
"""Roles that may sign visitors out and upload name lists; a viewer only looks."""
MAX_LIST = 256 * 1024


def _page(request: Request, operator: OperatorInfo, result: NameList | None = None,
          error: str | None = None, status_code: int = 200) -> HTMLResponse:
    app = request.app
    visits = visitors.today(form_store(request), app.state.policy.policy, app.state.settings)
    return render(request, "visitors.html", operator, status_code=status_code, visits=visits,
                  result=result, error=error, can_act=operator.role in FRONT_DESK,
                  inside=sum(1 for v in visits if not v["signed_out_at"]))


@router.get("", response_class=HTMLResponse)
def page(request: Request, operator: OperatorInfo = Depends(require_operator())
         ) -> HTMLResponse:
    return _page(request, operator)


@router.post("/{visit_id}/sign-out", response_model=None)
def sign_out(request: Request, visit_id: str, csrf_token: str = Form(""),
             operator: OperatorInfo = Depends(require_operator(*FRONT_DESK))) -> Response:
    csrf.check(request, csrf_token)
    app = request.app
    if not visitors.sign_out(app.state.ledger, form_store(request), app.state.policy.policy,
                             app.state.settings, visit_id, operator.actor):
        raise NotFound(f"visit {visit_id} not found, or already signed out")
    return RedirectResponse(PAGE, status_code=303)


@router.post("/name-list", response_model=None)
async def name_list(request: Request, csrf_token: str = Form(""), visit_date: str = Form(""),
                    school: str = Form(""), names: UploadFile = File(...),
                    operator: OperatorInfo = Depends(require_operator(*FRONT_DESK))
                    ) -> Response:
    csrf.check(request, csrf_token)
    try:
        day = date.fromisoformat(visit_date.strip())
    except ValueError:
        return _page(request, operator, error=f"visit date: {visit_date!r} is not a date "
                     "(YYYY-MM-DD)", status_code=422)
    raw = await names.read(MAX_LIST + 1)
    if len(raw) > MAX_LIST or len(raw) > MAX_BODY * 8:
        return _page(request, operator, error=f"name list over {MAX_LIST // 1024} KB",
                     status_code=413)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _page(request, operator, error="name list: not UTF-8 text, expected a CSV "
                     "file saved as UTF-8", status_code=422)
    app = request.app
    try:
        result = await run_in_threadpool(
            visitors.preregister, app.state.ledger, form_store(request),
            app.state.policy.policy, app.state.settings, text=text, visit_date=day,
            school=school, actor=operator.actor)
    except InvalidInput as exc:
        return _page(request, operator, error=str(exc), status_code=422)
    return _page(request, operator, result=result,
                 status_code=422 if result.errors else 200)
