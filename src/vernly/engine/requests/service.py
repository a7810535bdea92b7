"""The requests service: every operation on a data subject request, for the CLI, the JSON
API and the privacy centre alike.

Each function takes the ledger, the settings and the loaded policy, does its work in one
ledger transaction, writes the audit log (ids and counts only) and returns a
`RequestView`. Nothing here looks a person up in a customer system before the request is
verified, and `submit` answers the same whether or not the person is known anywhere.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vernly.connectors.identity import Identity
from vernly.engine.requests import links, mail, notify, verification
from vernly.engine.requests.deadlines import check_extension, deadline
from vernly.engine.requests.identities import check_extras
from vernly.engine.requests.kinds import CHANNELS, OPEN_STATES, RequestKind, RequestState
from vernly.engine.requests.ports import DataMapLike, ReportRenderer
from vernly.engine.requests.store import hash_token, load, new_request_id, view
from vernly.engine.requests.views import RequestView
from vernly.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from vernly.i18n import LANGS
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.ledger.requests import DsrRequest, ManualTask
from vernly.ledger.subjects import SubjectFlag
from vernly.policy.loader import LoadedPolicy
from vernly.policy.models import Policy
from vernly.settings import Settings

SUBJECT = "person"


def _clean_details(kind: RequestKind, details: Mapping[str, Any] | None) -> dict[str, Any]:
    out = dict(details or {})
    if kind == RequestKind.rectification:
        changes = out.get("changes")
        if not isinstance(changes, dict) or not changes:
            raise InvalidInput("changes: a rectification needs at least one field=value")
        for key, value in changes.items():
            if not isinstance(key, str) or not key.strip():
                raise InvalidInput("changes: every change needs a field name")
            if value is not None and not isinstance(value, str | int | float | bool):
                raise InvalidInput(f"changes.{key}: a value must be text, a number or null")
    return out


def _check_against_policy(loaded: LoadedPolicy, kind: RequestKind,
                          details: dict[str, Any]) -> None:
    """Refuse at the door what could not be executed later."""
    from vernly.engine.requests.rectification import where_fields_live
    from vernly.engine.requests.standing import consent_activities, objection_scope

    check_extras(details)
    if kind == RequestKind.rectification:
        where_fields_live(loaded.policy, details["changes"])
    elif kind == RequestKind.objection:
        objection_scope(loaded.policy, details)
    elif kind == RequestKind.withdraw_consent:
        consent_activities(loaded.policy, details)


def submit(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, kind: str | RequestKind,
           email: str | None, phone: str | None = None, details: Mapping[str, Any] | None = None,
           channel: str = "web", actor: str = SUBJECT, *,
           verified_by_operator: bool = False, language: str | None = None) -> RequestView:
    """Record a new request (state received) and hand back its status token once.

    `verified_by_operator`: the actor is an operator who has already verified the person;
    the request is recorded as verified in the same step. `language` (nb or en) is the one
    the person used; e-mails to them are written in it first (default: the policy's first
    language)."""
    now = settings.now()
    token = secrets.token_urlsafe(32)
    with ledger.session() as session:
        request = _create(session, loaded, kind, email, phone, details, channel, actor,
                          verified_by_operator, now, token, language)
        if settings.secret_key:  # a link the completion e-mail can give again
            token = links.status_token(settings, request.id)
            request.status_token_hash = hash_token(token)
        return view(session, request, now, status_token=token)


def _create(session: Session, loaded: LoadedPolicy, kind: str | RequestKind, email: str | None,
            phone: str | None, details: Mapping[str, Any] | None, channel: str, actor: str,
            verified_by_operator: bool, now: datetime, token: str,
            language: str | None = None) -> DsrRequest:
    request_kind = RequestKind(kind) if isinstance(kind, RequestKind) else _kind(kind)
    if channel not in CHANNELS:
        raise InvalidInput(f"channel: '{channel}' is not one of {', '.join(CHANNELS)}")
    if language is not None and language not in LANGS:
        raise InvalidInput(f"language: must be one of {', '.join(LANGS)}")
    if not email:
        raise InvalidInput("email: an e-mail address is required")
    identity = Identity.of(email=email, phone=phone or None)
    clean = _clean_details(request_kind, details)
    _check_against_policy(loaded, request_kind, clean)
    request = DsrRequest(
        id=new_request_id(), kind=request_kind.value, state=RequestState.received.value,
        channel=channel, email=identity.email, phone=identity.phone, details=clean,
        created_by=actor, received_at=now, deadline_at=deadline(now), extended_months=0,
        status_token_hash=hash_token(token), result={},
        language=language or loaded.policy.notice.first_language,
    )
    detail = {"kind": request_kind.value, "channel": channel}
    if verified_by_operator:
        if not actor.strip() or actor == SUBJECT:
            raise InvalidInput("operator: the verifying operator's name is required")
        request.state = RequestState.verified.value
        request.verified_at = now
        request.verified_by = actor if actor.startswith(("operator:", "user:")) else (
            f"operator:{actor}")
        detail["verified"] = "operator"
    session.add(request)
    session.flush()
    audit.append(session, at=now, actor=actor, action="request.received", target=request.id,
                 detail=detail)
    return request


def _state(raw: str) -> RequestState:
    try:
        return RequestState(raw)
    except ValueError:
        raise InvalidInput(f"state: {raw[:40]!r} is not one of "
                           f"{', '.join(s.value for s in RequestState)}") from None


def _kind(raw: str) -> RequestKind:
    from vernly.engine.requests.kinds import parse_kind

    return parse_kind(raw)


def _links_for(settings: Settings, policy: Policy, request: DsrRequest) -> dict[str, str]:
    """The status link, in the request's language, for a request the person made on the
    centre (others have none)."""
    return links.status_link(settings, request.id, mail.language_of(policy, request)) \
        if settings.secret_key and request.channel == "web" else {}


def send_code(ledger: Ledger, settings: Settings, loaded: LoadedPolicy,
              request_id: str) -> RequestView:
    """E-mail a one-time code to the request's address (commits only if the mail went out)."""
    now = settings.now()
    with ledger.session() as session:
        request = load(session, request_id, lock=True)
        if not request.email:
            raise InvalidInput(f"request {request_id} has no e-mail address; an operator must "
                               "verify the person")
        code = verification.issue(session, request, now)
        minutes = int(verification.CODE_TTL.total_seconds() // 60)
        subject, body = mail.code_message(loaded.policy, request.id, request.kind, code, minutes,
                                          _links_for(settings, loaded.policy, request),
                                          first=mail.language_of(loaded.policy, request))
        number = verification.issued(session, request)
        message_id = mail.queue(session, settings, loaded.policy,
                                event=f"request:{request.id}:code:{number}",
                                to=request.email, subject=subject, body=body,
                                request_id=request.id, purpose="request.code")
        audit.append(session, at=now, actor="system", action="request.code_sent",
                     target=request.id, detail={"message": message_id})
        found = view(session, request, now)
    mail.deliver(ledger, settings, message_id)  # after the commit: the outbox holds it
    return found


def verify_code(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str,
                code: str) -> RequestView:
    """Accept the person's code (state verified) or count a wrong answer."""
    now = settings.now()
    with ledger.session() as session:
        request = load(session, request_id, lock=True)
        outcome = verification.check(session, request, code, now)
        if outcome.ok:
            request.state = RequestState.verified.value
            request.verified_at, request.verified_by = now, "email-code"
            audit.append(session, at=now, actor=SUBJECT, action="request.verified",
                         target=request.id, detail={"method": "email-code"})
            return view(session, request, now)
        audit.append(session, at=now, actor=SUBJECT, action="request.verify_failed",
                     target=request.id, counts={"attempts_left": outcome.attempts_left})
        if outcome.exhausted:
            _reject(session, request, "too many wrong verification codes", now, "system")
    # The wrong attempt (and any rejection) is committed before the caller hears about it.
    if outcome.exhausted:
        raise PermissionDenied(outcome.message)
    raise InvalidInput(outcome.message)


def verify_by_operator(ledger: Ledger, settings: Settings, loaded: LoadedPolicy,
                       request_id: str, operator: str) -> RequestView:
    """Record that an operator verified the person's identity (e.g. in person, by phone)."""
    if not operator.strip():
        raise InvalidInput("operator: the verifying operator's name is required")
    now = settings.now()
    with ledger.session() as session:
        request = load(session, request_id, lock=True)
        if request.state != RequestState.received.value:
            raise Conflict(f"request {request_id} is {request.state}; it cannot be verified now")
        request.state = RequestState.verified.value
        who = operator if operator.startswith(("operator:", "user:")) else f"operator:{operator}"
        request.verified_at, request.verified_by = now, who
        audit.append(session, at=now, actor=operator, action="request.verified",
                     target=request.id, detail={"method": "operator"})
        return view(session, request, now)


def _reject(session: Session, request: DsrRequest, reason: str, now: datetime,
            actor: str) -> None:
    request.state = RequestState.rejected.value
    request.rejected_reason = reason
    request.completed_at = now
    request.next_attempt_at = None  # an operator's decision ends any waiting for a retry
    audit.append(session, at=now, actor=actor, action="request.rejected", target=request.id,
                 detail={"reason": reason})


def reject(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str,
           reason: str, actor: str) -> RequestView:
    """Close a request without executing it (e.g. manifestly unfounded, Art. 12(5))."""
    if not reason.strip():
        raise InvalidInput("reason: a rejection needs a reason")
    now = settings.now()
    with ledger.session() as session:
        request = load(session, request_id, lock=True)
        if request.state not in OPEN_STATES:
            raise Conflict(f"request {request_id} is {request.state}; it cannot be rejected")
        _reject(session, request, reason.strip(), now, actor)
        return view(session, request, now)


def extend(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str,
           months: int, reason: str, actor: str) -> RequestView:
    """Extend the deadline by 1-2 months (total) within the first month, telling the person."""
    now = settings.now()
    with ledger.session() as session:
        request = load(session, request_id, lock=True)
        check_extension(request, months, reason, now)
        new_deadline = deadline(request.received_at, months)
        message_id = None
        if request.email:
            subject, body = mail.extension_message(
                loaded.policy, request.id, months, f"{new_deadline:%Y-%m-%d}", reason.strip(),
                first=mail.language_of(loaded.policy, request))
            message_id = mail.queue(session, settings, loaded.policy,
                                    event=f"request:{request.id}:extended", to=request.email,
                                    subject=subject, body=body, request_id=request.id,
                                    purpose="request.extended")
        request.extended_months, request.extension_reason = months, reason.strip()
        request.extended_at, request.extended_by = now, actor
        request.deadline_at = new_deadline
        audit.append(session, at=now, actor=actor, action="request.extended", target=request.id,
                     counts={"months": months},
                     detail={"deadline": new_deadline.isoformat(),
                             "person_told": bool(request.email)})
        found = view(session, request, now)
    if message_id is not None:
        mail.deliver(ledger, settings, message_id)  # after the commit: the outbox holds it
    return found


def get(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str) -> RequestView:
    now = settings.now()
    with ledger.session() as session:
        return view(session, load(session, request_id), now)


def get_by_status_token(ledger: Ledger, settings: Settings, loaded: LoadedPolicy,
                        token: str) -> RequestView:
    """The request a status token belongs to; the same NotFound for any unknown token."""
    now = settings.now()
    with ledger.session() as session:
        request = session.execute(
            select(DsrRequest).where(DsrRequest.status_token_hash == hash_token(token))
        ).scalar_one_or_none()
        if request is None or not secrets.compare_digest(request.status_token_hash,
                                                         hash_token(token)):
            raise NotFound("no request with this status link")
        return view(session, request, now)


def list_requests(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, *,
                  state: str | None = None, kind: str | None = None, overdue: bool = False,
                  email: str | None = None, limit: int = 200,
                  waiting: bool = False) -> list[RequestView]:
    """Requests newest first; `overdue` keeps only open requests past their deadline,
    `waiting` only those waiting for a retry because a system failed."""
    now = settings.now()
    query = select(DsrRequest)
    if state:
        query = query.where(DsrRequest.state == _state(state).value)
    if kind:
        query = query.where(DsrRequest.kind == _kind(kind).value)
    if email:
        query = query.where(DsrRequest.email == Identity.of(email=email).email)
    if overdue:
        query = query.where(DsrRequest.state.in_([s.value for s in OPEN_STATES]),
                            DsrRequest.deadline_at < now)
    if waiting:
        query = query.where(DsrRequest.state == RequestState.in_progress.value,
                            DsrRequest.next_attempt_at.is_not(None))
    query = query.order_by(DsrRequest.received_at.desc(), DsrRequest.id).limit(max(1, limit))
    with ledger.session() as session:
        return [view(session, r, now) for r in session.execute(query).scalars().all()]


def task_done(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, task_id: str,
              actor: str, note: str | None = None) -> RequestView:
    """Confirm a manual task; the request completes when its last task is done."""
    now = settings.now()
    with ledger.session() as session:
        task = session.get(ManualTask, task_id, with_for_update=True)
        if task is None:
            raise NotFound(f"task {task_id} not found")
        if task.done_at is not None:
            raise Conflict(f"task {task_id} was already confirmed done on "
                           f"{task.done_at:%Y-%m-%d} by {task.done_by}")
        if task.action in ("access", "portability"):
            # The person is owed what the processor holds: the answer goes in the package.
            raise Conflict(f"task {task_id} is an access task: attach what the processor "
                           f"sent (`vernly request answer {task_id} --file F`) or record "
                           f"that it holds nothing (`--holds-nothing`), then confirm")
        task.done_at, task.done_by, task.note = now, actor, note
        told: int | None = None
        audit.append(session, at=now, actor=actor, action="request.task_done", target=task.id,
                     system=task.system_id, detail={"request": task.request_id})
        request = load(session, task.request_id, lock=True)
        session.flush()
        open_tasks = session.execute(
            select(ManualTask.id).where(ManualTask.request_id == request.id,
                                        ManualTask.done_at.is_(None))
        ).all()
        result = dict(request.result or {})
        result["open_tasks"] = len(open_tasks)
        request.result = result
        if not open_tasks and request.state == RequestState.in_progress.value and result.get(
                "systems_done"):
            request.state = RequestState.completed.value
            request.completed_at = now
            audit.append(session, at=now, actor=actor, action="request.completed",
                         target=request.id)
            told = notify.completed(session, settings, loaded.policy, request)
        done = view(session, request, now)
    notify.send(ledger, settings, told)
    return done


def run(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str, actor: str,
        *, data_map: DataMapLike | None = None,
        renderer: ReportRenderer | None = None) -> RequestView:
    """Execute a verified request now (see `runner.run`)."""
    from vernly.engine.requests import runner

    return runner.run(ledger, settings, loaded, request_id, actor, data_map=data_map,
                      renderer=renderer)


def lift(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str,
         actor: str) -> RequestView:
    """Lift the restriction a restriction request set, telling the person first."""
    from vernly.engine.requests.standing import lift_flags

    now = settings.now()
    with ledger.session() as session:
        request = load(session, request_id)
        if request.kind != RequestKind.restriction:
            raise Conflict(f"request {request_id} is a {request.kind} request; only a "
                           "restriction can be lifted")
        active = list(session.execute(
            select(SubjectFlag).where(SubjectFlag.request_id == request_id,
                                      SubjectFlag.kind == "restriction",
                                      SubjectFlag.lifted_at.is_(None))
        ).scalars().all())
        if not active:
            raise Conflict(f"request {request_id}: no restriction in force to lift")
        for flag in active:
            session.expunge(flag)
        to = request.email
    lift_flags(ledger, settings, loaded, active, to, request_id, actor)
    with ledger.session() as session:
        request = load(session, request_id)
        result = dict(request.result or {})
        result["lifted_at"] = settings.now().isoformat()
        request.result = result
        return view(session, request, now)


def submit_and_run(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, kind: str,
                   email: str, phone: str | None, details: Mapping[str, Any] | None,
                   operator: str, channel: str = "cli", *, data_map: DataMapLike | None = None,
                   renderer: ReportRenderer | None = None) -> RequestView:
    """An operator who has verified the person registers the request and runs it at once."""
    with ledger.session() as session:
        request = _create(session, loaded, kind, email, phone, details, channel, operator, True,
                          settings.now(), secrets.token_urlsafe(32))
        request_id = request.id
    return run(ledger, settings, loaded, request_id, operator, data_map=data_map,
               renderer=renderer)
