"""The requests API (`/api/v1/requests`): the person's side (submit, code, status,
package, all by the unguessable status token) and the operator's side (list, show,
register a verified request, run, extend, reject, lift, confirm tasks).

The person's answers never depend on whether they are known in any system: submitting
only records the request, and nothing is looked up before the code is verified.
"""

from __future__ import annotations

import threading
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from vernly.engine.requests import downloads, service
from vernly.engine.requests.kinds import RequestKind, RequestState
from vernly.engine.requests.ports import DataMapLike
from vernly.engine.requests.runner import open_data_map
from vernly.engine.requests.views import RequestView
from vernly.ledger.db import Ledger
from vernly.notices.access_report import render
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings
from vernly.web.auth import OperatorInfo, require_operator
from vernly.web.deps import get_ledger, get_policy, get_settings
from vernly.web.input_limits import CODE, Details, Email, Phone, Text, Word
from vernly.web.job_queue import queued_run
from vernly.web.rate_limits import before_check, before_code, before_request, rate_limited

router = APIRouter(prefix="/api/v1/requests", tags=["requests"])
READ_ROLES = ("dpo", "engineer", "viewer", "auditor")
"""May list and read requests (ids, states, counts)."""
ACT_ROLES = ("dpo", "engineer")
"""May register, run, extend, reject and lift requests and fetch packages."""
READ = Depends(require_operator(*READ_ROLES))
ACT = Depends(require_operator(*ACT_ROLES))
_lock = threading.Lock()


def data_map(request: Request) -> DataMapLike:
    """One data map per app, opened on first use and kept (its connection pools too)."""
    found: DataMapLike | None = getattr(request.app.state, "requests_data_map", None)
    if found is None:
        with _lock:
            found = getattr(request.app.state, "requests_data_map", None)
            if found is None:
                found = open_data_map(request.app.state.policy, request.app.state.settings)
                request.app.state.requests_data_map = found
    return found


def operator_name(operator: OperatorInfo) -> str:
    return operator.actor


class SubmitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Word = Field(description="access, portability, erasure, rectification, restriction, "
                                  "lift_restriction, objection or withdraw_consent.")
    email: Email
    phone: Phone | None = None
    details: Details = Field(default_factory=dict, description="changes (rectification),"
                                    " activities (objection, withdrawal), ip_address, "
                                    "customer_number, window_start, window_end, cameras, "
                                    "identifiers ({kind: value}, e.g. national_id).")
    language: Literal["nb", "en"] | None = Field(
        None, description="The person's language, nb (Norwegian bokmål) or en (English): "
                          "e-mails to them are written in it first, the other below. "
                          "Default: the policy's first language.")


class VerifiedIn(SubmitIn):
    run: StrictBool = Field(True, description="Run the request at once.")


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(max_length=CODE)


class ExtendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    months: int = Field(ge=1, le=2)
    reason: Text = Field(min_length=1)


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Text = Field(min_length=1)


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: Text | None = None


def operator_view(v: RequestView) -> dict[str, Any]:
    out = v.as_dict()
    out.pop("status_token", None)
    return out


# -- the person ------------------------------------------------------------------------------

@router.post("", status_code=202)
@rate_limited
def submit(body: SubmitIn, request: Request, ledger: Ledger = Depends(get_ledger),
           settings: Settings = Depends(get_settings),
           loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    """Register a request and e-mail a one-time code to the address given."""
    before_request(request, body.email)
    v = service.submit(ledger, settings, loaded, body.kind, body.email, body.phone, body.details,
                       channel="api", actor=service.SUBJECT, language=body.language)
    service.send_code(ledger, settings, loaded, v.id)
    return {**v.public(), "status_token": v.status_token}


@router.get("/status/{token}")
def status(token: str, ledger: Ledger = Depends(get_ledger),
           settings: Settings = Depends(get_settings),
           loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    """Where the request stands (no personal data)."""
    return service.get_by_status_token(ledger, settings, loaded, token).public()


@router.post("/status/{token}/code", status_code=202)
@rate_limited
def resend_code(token: str, request: Request, ledger: Ledger = Depends(get_ledger),
                settings: Settings = Depends(get_settings),
                loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    """Send a new one-time code (the earlier one stops working)."""
    v = service.get_by_status_token(ledger, settings, loaded, token)
    before_code(request, v.email or v.id)
    return service.send_code(ledger, settings, loaded, v.id).public()


@router.post("/status/{token}/verify")
@rate_limited
def verify(token: str, body: CodeIn, request: Request, ledger: Ledger = Depends(get_ledger),
           settings: Settings = Depends(get_settings),
           loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    """Check the code; once verified the request is carried out."""
    v = service.get_by_status_token(ledger, settings, loaded, token)
    before_check(request, v.email or v.id)
    service.verify_code(ledger, settings, loaded, v.id, body.code)
    if queued_run(request, v.id, service.SUBJECT):
        done = service.get(ledger, settings, loaded, v.id)
    else:
        done = service.run(ledger, settings, loaded, v.id, service.SUBJECT,
                           data_map=data_map(request), renderer=render)
    return done.public() | {"package": bool(done.package_path)}


@router.get("/status/{token}/package", response_class=Response,
            responses={200: {"content": {"application/zip": {}}}})
def package(token: str, ledger: Ledger = Depends(get_ledger),
            settings: Settings = Depends(get_settings),
            loaded: LoadedPolicy = Depends(get_policy)) -> Response:
    """The access or portability package, to the person who verified the request (until its
    link expires; every download is audited)."""
    v = service.get_by_status_token(ledger, settings, loaded, token)
    return _package_file(ledger, settings, v, service.SUBJECT)


def _package_file(ledger: Ledger, settings: Settings, v: RequestView, actor: str) -> Response:
    data = downloads.download(ledger, settings, v, actor)
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{v.id}.zip"'})


# -- operators ---------------------------------------------------------------------------------

@router.get("")
def list_requests(state: RequestState | None = None, kind: RequestKind | None = None,
                  overdue: bool = Query(False, description="Only open requests past deadline."),
                  waiting: bool = Query(False, description="Only requests waiting for a retry "
                                                           "because a system failed."),
                  limit: int = Query(200, ge=1, le=1000),
                  operator: OperatorInfo = READ,
                  ledger: Ledger = Depends(get_ledger), settings: Settings = Depends(get_settings),
                  loaded: LoadedPolicy = Depends(get_policy)) -> list[dict[str, Any]]:
    """Requests, newest first."""
    return [operator_view(v) for v in service.list_requests(
        ledger, settings, loaded, state=state, kind=kind, overdue=overdue, limit=limit,
        waiting=waiting)]


@router.post("/verified", status_code=201)
def submit_verified(body: VerifiedIn, request: Request,
                    operator: OperatorInfo = ACT,
                    ledger: Ledger = Depends(get_ledger),
                    settings: Settings = Depends(get_settings),
                    loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    """Register a request for a person the operator has verified, and run it."""
    name = operator_name(operator)
    v = service.submit(ledger, settings, loaded, body.kind, body.email, body.phone, body.details,
                       channel="api", actor=name, language=body.language)
    v = service.verify_by_operator(ledger, settings, loaded, v.id, name)
    if body.run:
        v = service.run(ledger, settings, loaded, v.id, name, data_map=data_map(request),
                        renderer=render)
    return operator_view(v)


@router.get("/{request_id}")
def show(request_id: str, operator: OperatorInfo = READ,
         ledger: Ledger = Depends(get_ledger), settings: Settings = Depends(get_settings),
         loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    return operator_view(service.get(ledger, settings, loaded, request_id))


@router.get("/{request_id}/package", response_class=Response,
            responses={200: {"content": {"application/zip": {}}}})
def operator_package(request_id: str,
                     operator: OperatorInfo = ACT,
                     ledger: Ledger = Depends(get_ledger),
                     settings: Settings = Depends(get_settings),
                     loaded: LoadedPolicy = Depends(get_policy)) -> Response:
    return _package_file(ledger, settings, service.get(ledger, settings, loaded, request_id),
                         operator_name(operator))


@router.post("/{request_id}/verify")
def verify_by_operator(request_id: str, operator: OperatorInfo = ACT,
                       ledger: Ledger = Depends(get_ledger),
                       settings: Settings = Depends(get_settings),
                       loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    return operator_view(service.verify_by_operator(ledger, settings, loaded, request_id,
                                                    operator_name(operator)))


@router.post("/{request_id}/run")
def run(request_id: str, request: Request,
        operator: OperatorInfo = ACT,
        ledger: Ledger = Depends(get_ledger), settings: Settings = Depends(get_settings),
        loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    return operator_view(service.run(ledger, settings, loaded, request_id,
                                     operator_name(operator), data_map=data_map(request),
                                     renderer=render))


@router.post("/{request_id}/extend")
def extend(request_id: str, body: ExtendIn,
           operator: OperatorInfo = ACT,
           ledger: Ledger = Depends(get_ledger), settings: Settings = Depends(get_settings),
           loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    return operator_view(service.extend(ledger, settings, loaded, request_id, body.months,
                                        body.reason, operator_name(operator)))


@router.post("/{request_id}/reject")
def reject(request_id: str, body: ReasonIn,
           operator: OperatorInfo = ACT,
           ledger: Ledger = Depends(get_ledger), settings: Settings = Depends(get_settings),
           loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    return operator_view(service.reject(ledger, settings, loaded, request_id, body.reason,
                                        operator_name(operator)))


@router.post("/{request_id}/lift")
def lift(request_id: str, operator: OperatorInfo = ACT,
         ledger: Ledger = Depends(get_ledger), settings: Settings = Depends(get_settings),
         loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    return operator_view(service.lift(ledger, settings, loaded, request_id,
                                      operator_name(operator)))


@router.post("/tasks/{task_id}/done")
def task_done(task_id: str, body: NoteIn,
              operator: OperatorInfo = ACT,
              ledger: Ledger = Depends(get_ledger), settings: Settings = Depends(get_settings),
              loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    return operator_view(service.task_done(ledger, settings, loaded, task_id,
                                           operator_name(operator), body.note))
