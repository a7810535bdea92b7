"""The requests API (`/api/v1/requests`): the person's side (submit, code, status,
package, all by the unguessable status token) and the operator's side (list, show,
register a verified request, run, extend, reject, lift, confirm tasks).

The person's answers never depend on whether they are known in any system: submitting
only records the request, and nothing is looked up before the code is verified.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field

from vernly.engine.requests import service
from vernly.engine.requests.ports import DataMapLike
from vernly.engine.requests.runner import open_data_map
from vernly.engine.requests.views import RequestView
from vernly.errors import NotFound
from vernly.ledger.db import Ledger
from vernly.notices.access_report import render
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings
from vernly.web.auth import OperatorInfo, require_operator
from vernly.web.deps import get_ledger, get_policy, get_settings
from vernly.web.job_queue import queued_run

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

    kind: str = Field(description="access, portability, erasure, rectification, restriction, "
                                  "lift_restriction, objection or withdraw_consent.")
    email: str
    phone: str | None = None
    details: dict[str, Any] = Field(default_factory=dict, description="changes (rectification),"
                                    " activities (objection, withdrawal), ip_address, "
                                    "customer_number, window_start, window_end, cameras, "
                                    "identifiers ({kind: value}, e.g. national_id).")


class VerifiedIn(SubmitIn):
    run: bool = Field(True, description="Run the request at once.")


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str


class ExtendIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    months: int = Field(ge=1, le=2)
    reason: str = Field(min_length=1)


class ReasonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1)


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = None


def operator_view(v: RequestView) -> dict[str, Any]:
    out = v.as_dict()
    out.pop("status_token", None)
    return out


# -- the person ------------------------------------------------------------------------------

@router.post("", status_code=202)
def submit(body: SubmitIn, ledger: Ledger = Depends(get_ledger),
           settings: Settings = Depends(get_settings),
           loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    """Register a request and e-mail a one-time code to the address given."""
    v = service.submit(ledger, settings, loaded, body.kind, body.email, body.phone, body.details,
                       channel="api", actor=service.SUBJECT)
    service.send_code(ledger, settings, loaded, v.id)
    return {**v.public(), "status_token": v.status_token}


@router.get("/status/{token}")
def status(token: str, ledger: Ledger = Depends(get_ledger),
           settings: Settings = Depends(get_settings),
           loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    """Where the request stands (no personal data)."""
    return service.get_by_status_token(ledger, settings, loaded, token).public()


@router.post("/status/{token}/code", status_code=202)
def resend_code(token: str, ledger: Ledger = Depends(get_ledger),
                settings: Settings = Depends(get_settings),
                loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    """Send a new one-time code (the earlier one stops working)."""
    v = service.get_by_status_token(ledger, settings, loaded, token)
    return service.send_code(ledger, settings, loaded, v.id).public()


@router.post("/status/{token}/verify")
def verify(token: str, body: CodeIn, request: Request, ledger: Ledger = Depends(get_ledger),
           settings: Settings = Depends(get_settings),
           loaded: LoadedPolicy = Depends(get_policy)) -> dict[str, Any]:
    """Check the code; once verified the request is carried out."""
    v = service.get_by_status_token(ledger, settings, loaded, token)
    service.verify_code(ledger, settings, loaded, v.id, body.code)
    if queued_run(request, v.id, service.SUBJECT):
        done = service.get(ledger, settings, loaded, v.id)
    else:
        done = service.run(ledger, settings, loaded, v.id, service.SUBJECT,
                           data_map=data_map(request), renderer=render)
    return done.public() | {"package": bool(done.package_path)}


@router.get("/status/{token}/package", response_class=FileResponse)
def package(token: str, ledger: Ledger = Depends(get_ledger),
            settings: Settings = Depends(get_settings),
            loaded: LoadedPolicy = Depends(get_policy)) -> FileResponse:
    """The access or portability package, to the person who verified the request."""
    v = service.get_by_status_token(ledger, settings, loaded, token)
    return _package_file(v)


def _package_file(v: RequestView) -> FileResponse:
    if v.verified_at is None or not v.package_path or not Path(v.package_path).exists():
        raise NotFound(f"request {v.id} has no package")
    return FileResponse(v.package_path, media_type="application/zip",
                        filename=f"{v.id}.zip")


# -- operators ---------------------------------------------------------------------------------

@router.get("")
def list_requests(state: str | None = None, kind: str | None = None,
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
                       channel="api", actor=name)
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


@router.get("/{request_id}/package", response_class=FileResponse)
def operator_package(request_id: str,
                     operator: OperatorInfo = ACT,
                     ledger: Ledger = Depends(get_ledger),
                     settings: Settings = Depends(get_settings),
                     loaded: LoadedPolicy = Depends(get_policy)) -> FileResponse:
    return _package_file(service.get(ledger, settings, loaded, request_id))


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
