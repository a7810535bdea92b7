"""Reading requests back from the ledger and turning them into views."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from vernly.engine.requests.kinds import RequestState
from vernly.engine.requests.views import RequestView, view_of
from vernly.errors import Conflict, NotFound
from vernly.ledger.requests import DsrRequest, ManualTask, RequestStep


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_request_id() -> str:
    return f"dsr-{secrets.token_hex(6)}"


def load(session: Session, request_id: str, *, lock: bool = False) -> DsrRequest:
    query = select(DsrRequest).where(DsrRequest.id == request_id)
    if lock:
        query = query.with_for_update()
    request = session.execute(query).scalar_one_or_none()
    if request is None:
        raise NotFound(f"request {request_id} not found")
    return request


def load_to_run(session: Session, request_id: str) -> DsrRequest:
    """The request, locked, once it may run: Conflict while it awaits verification or
    after it was rejected."""
    request = load(session, request_id, lock=True)
    if request.state == RequestState.received:
        raise Conflict(f"request {request_id} is not verified yet; verify the person's "
                       "identity first")
    if request.state == RequestState.rejected:
        raise Conflict(f"request {request_id} was rejected: {request.rejected_reason}")
    return request


def step_rows(session: Session, request_id: str, phase: str | None = None) -> list[RequestStep]:
    query = select(RequestStep).where(RequestStep.request_id == request_id)
    if phase:
        query = query.where(RequestStep.phase == phase)
    return list(session.execute(query.order_by(RequestStep.id)).scalars().all())


def view(session: Session, request: DsrRequest, now: datetime,
         status_token: str | None = None) -> RequestView:
    tasks = session.execute(select(ManualTask).where(ManualTask.request_id == request.id)
                            .order_by(ManualTask.created_at, ManualTask.id)).scalars().all()
    return view_of(request, step_rows(session, request.id), list(tasks), now, status_token)
