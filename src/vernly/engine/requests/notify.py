"""Telling the person their request is done: one e-mail per request (the outbox keys it by
event), written in the transaction that completes the request and sent after it commits.
Only requests made on the privacy centre get one: they have a status link to give."""

from __future__ import annotations

from sqlalchemy.orm import Session

from vernly.engine.requests import links, mail
from vernly.ledger.db import Ledger
from vernly.ledger.requests import DsrRequest
from vernly.policy.models import Policy
from vernly.settings import Settings


def completed(session: Session, settings: Settings, policy: Policy,
              request: DsrRequest) -> int | None:
    """Queue the completion e-mail; its outbox id, or None when there is no one to tell."""
    if not request.email or request.channel != "web" or not settings.secret_key:
        return None
    first = mail.language_of(policy, request)
    subject, body = mail.completed_message(policy, request.id, request.kind,
                                           bool(request.package_path),
                                           links.status_link(settings, request.id, first),
                                           first=first)
    return mail.queue(session, settings, policy, event=f"request:{request.id}:completed",
                      to=request.email, subject=subject, body=body, request_id=request.id,
                      purpose="request.completed")


def send(ledger: Ledger, settings: Settings, message_id: int | None) -> None:
    """Try the message now (after the commit); the courier retries if the server is away."""
    if message_id is not None:
        mail.deliver(ledger, settings, message_id)
