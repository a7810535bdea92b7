"""The operator's inbox: every request found by what the operator knows, overdue first, and
who handles each one.

Search takes one line the way an operator types it: an e-mail address (or part of one), a
phone number in any common form, a name as the person wrote it in the request, or a request
id. Filters narrow by kind, state, overdue and assignee. Order: open requests by deadline
(so the overdue come first), then closed ones, newest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, case, cast, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from vernly.engine.requests.kinds import OPEN_STATES, RequestState
from vernly.engine.requests.store import load, view
from vernly.engine.requests.views import RequestView
from vernly.errors import InvalidInput
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.ledger.requests import DsrRequest
from vernly.settings import Settings

UNASSIGNED = "-"
"""The assignee filter's value for requests nobody handles yet."""
_OPEN = [s.value for s in OPEN_STATES]


@dataclass(frozen=True)
class InboxFilter:
    """What the inbox shows; empty fields do not filter."""

    text: str = ""
    """E-mail, phone, name or request id (or a part of one)."""
    kind: str = ""
    """A request kind such as 'access'."""
    state: str = ""
    """A request state such as 'received'."""
    overdue: bool = False
    """Only open requests past their deadline."""
    assignee: str = ""
    """An actor, or UNASSIGNED for requests nobody has taken."""


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _text_match(text: str) -> ColumnElement[bool]:
    """Rows whose e-mail, phone, id or written details contain `text` (any case)."""
    lowered = text.strip().lower()
    pattern = _like(lowered)
    matches: list[ColumnElement[bool]] = [
        func.lower(DsrRequest.email).like(pattern, escape="\\"),
        func.lower(DsrRequest.id).like(pattern, escape="\\"),
        func.lower(cast(DsrRequest.details, String)).like(pattern, escape="\\"),
    ]
    digits = _digits(lowered)
    if len(digits) >= 4 and not re.search(r"[a-zæøå@]", lowered):
        # "+47 912 34 567", "91234567" and "004791234567" all find +4791234567.
        national = digits[2:] if digits.startswith("47") and len(digits) > 8 else digits
        national = national[2:] if national.startswith("00") else national
        matches.append(DsrRequest.phone.like(_like(national), escape="\\"))
    return or_(*matches)


def search(ledger: Ledger, settings: Settings, wanted: InboxFilter,
           limit: int = 500) -> list[RequestView]:
    """The requests `wanted` asks for, open by deadline (overdue first), then closed."""
    now = settings.now()
    query = select(DsrRequest)
    if wanted.text.strip():
        query = query.where(_text_match(wanted.text))
    if wanted.kind:
        query = query.where(DsrRequest.kind == wanted.kind)
    if wanted.state:
        query = query.where(DsrRequest.state == RequestState(wanted.state).value)
    if wanted.overdue:
        query = query.where(DsrRequest.state.in_(_OPEN), DsrRequest.deadline_at < now)
    if wanted.assignee == UNASSIGNED:
        query = query.where(DsrRequest.assignee.is_(None))
    elif wanted.assignee:
        query = query.where(DsrRequest.assignee == wanted.assignee)
    is_open = case((DsrRequest.state.in_(_OPEN), 0), else_=1)
    query = query.order_by(is_open, case((DsrRequest.state.in_(_OPEN), DsrRequest.deadline_at),
                                         else_=None),
                           DsrRequest.received_at.desc(), DsrRequest.id).limit(max(1, limit))
    with ledger.session() as session:
        return [view(session, r, now) for r in session.execute(query).scalars().all()]


def assignees(ledger: Ledger) -> list[str]:
    """Everyone who handles a request now, for the inbox's filter."""
    with ledger.session() as session:
        found = session.execute(select(DsrRequest.assignee).where(
            DsrRequest.assignee.is_not(None)).distinct()).scalars().all()
    return sorted(a for a in found if a)


def assign(ledger: Ledger, settings: Settings, request_id: str, assignee: str | None,
           actor: str) -> RequestView:
    """Give the request to `assignee` (None: to nobody); audited with both actors."""
    now: datetime = settings.now()
    who = (assignee or "").strip() or None
    if who is not None and len(who) > 200:
        raise InvalidInput("assignee: at most 200 characters")
    with ledger.session() as session:
        request = load(session, request_id)
        before = request.assignee
        if before != who:
            request.assignee = who
            audit.append(session, at=now, actor=actor, action="request.assign",
                         target=request.id, detail={"assignee": who, "before": before})
        return view(session, request, now)


def record_export(ledger: Ledger, settings: Settings, actor: str, count: int,
                  wanted: InboxFilter) -> None:
    """Note in the audit log that `actor` exported `count` requests (the filters, not the text
    searched for, which may be an address)."""
    with ledger.session() as session:
        audit.append(session, at=settings.now(), actor=actor, action="requests.export",
                     counts={"requests": count},
                     detail={"kind": wanted.kind or None, "state": wanted.state or None,
                             "overdue": wanted.overdue, "searched": bool(wanted.text.strip())})
