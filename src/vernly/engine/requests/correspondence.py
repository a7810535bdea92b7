"""What happened to a request, in order, from the audit log; and the operator's own e-mails to
the person, kept on the request (the outbox holds each with the request's id)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from vernly.engine.requests import mail
from vernly.engine.requests.store import load
from vernly.errors import InvalidInput
from vernly.ledger import audit
from vernly.ledger.audit import AuditEntry
from vernly.ledger.db import Ledger
from vernly.ledger.messages import OutboxMessage
from vernly.ledger.requests import ManualTask
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings

PURPOSE = "operator-message"
MAX_BODY = 20_000


@dataclass(frozen=True)
class Event:
    """One audit entry about a request, as the timeline shows it."""

    seq: int
    at: datetime
    actor: str
    action: str
    system: str | None
    counts: dict[str, int]
    detail: dict[str, Any]


@dataclass(frozen=True)
class SentMessage:
    """An e-mail an operator wrote to the person, with how its delivery went."""

    id: int
    subject: str
    body: str
    state: str
    created_at: datetime
    sent_at: datetime | None
    attempts: int
    purpose: str


def timeline(ledger: Ledger, request_id: str) -> list[Event]:
    """Every audit entry about the request or its manual tasks, oldest first."""
    with ledger.session() as session:
        load(session, request_id)
        task_ids = list(session.execute(select(ManualTask.id).where(
            ManualTask.request_id == request_id)).scalars())
        about = AuditEntry.target == request_id
        query = select(AuditEntry).where(or_(about, AuditEntry.target.in_(task_ids))
                                         if task_ids else about).order_by(AuditEntry.seq)
        return [Event(e.seq, e.at, e.actor, e.action, e.system, dict(e.counts or {}),
                      dict(e.detail or {})) for e in session.execute(query).scalars()]


def messages(ledger: Ledger, request_id: str) -> list[SentMessage]:
    """Every e-mail the request sent the person (codes, notices and operators' own)."""
    with ledger.session() as session:
        rows = session.execute(select(OutboxMessage).where(
            OutboxMessage.request_id == request_id).order_by(OutboxMessage.id)).scalars()
        return [SentMessage(m.id, m.subject, m.body if m.purpose == PURPOSE else "",
                            m.state, m.created_at, m.sent_at, m.attempts, m.purpose)
                for m in rows]


def write_to_person(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str,
                    subject: str, body: str, actor: str) -> int:
    """Queue an operator's e-mail to the person the request is from, then try to send it.

    The audit entry names the message, never its words (they may hold personal data)."""
    subject, body = subject.strip(), body.strip()
    if not subject or len(subject) > 300:
        raise InvalidInput("subject: write a subject of at most 300 characters")
    if not body or len(body) > MAX_BODY:
        raise InvalidInput(f"body: write a message of at most {MAX_BODY} characters")
    with ledger.session() as session:
        request = load(session, request_id)
        if not request.email:
            raise InvalidInput(f"request {request_id}: the person gave no e-mail address")
        message_id = mail.queue(session, settings, loaded.policy,
                                event=f"request.message:{request_id}:{secrets.token_hex(8)}",
                                to=request.email, subject=subject, body=body,
                                request_id=request_id, purpose=PURPOSE)
        audit.append(session, at=settings.now(), actor=actor, action="request.message",
                     target=request_id, detail={"message": message_id})
    mail.deliver(ledger, settings, message_id)
    return message_id
