"""E-mail to the person a request is about: one-time codes and notices the law requires
(an extension with its reasons, a restriction about to be lifted), written to the outbox in
the transaction that decides them and sent after it commits (`vernly.engine.messaging`).
The body is in Norwegian and English."""

from __future__ import annotations

from sqlalchemy.orm import Session

from vernly.engine import messaging
from vernly.engine.messaging.delivery import Delivery
from vernly.ledger.db import Ledger
from vernly.policy.models import Policy
from vernly.settings import Settings


def queue(session: Session, settings: Settings, policy: Policy, *, event: str, to: str,
          subject: str, body: str, request_id: str, purpose: str) -> int:
    """Write the message for `event` to the outbox (once); its id, to deliver after commit."""
    message = messaging.enqueue(session, event=event, channel="email", to=to, subject=subject,
                                body=body, now=settings.now(), purpose=purpose,
                                request_id=request_id, reply_to=policy.controller.email)
    session.flush()
    return message.id


def deliver(ledger: Ledger, settings: Settings, message_id: int) -> Delivery:
    """Try the message now; if the server is away, the courier tries again later."""
    return messaging.deliver(ledger, settings, [message_id])


def code_message(policy: Policy, request_id: str, kind: str, code: str,
                 minutes: int) -> tuple[str, str]:
    name = policy.controller.name
    subject = f"Engangskode / one-time code: {code}"
    body = (
        f"Hei,\n\nDin engangskode for forespørselen {request_id} ({kind}) hos {name} er:\n\n"
        f"    {code}\n\nKoden gjelder i {minutes} minutter og kan brukes én gang. Har du ikke bedt "
        f"om dette, kan du se bort fra e-posten.\n\n"
        f"---\n\nHello,\n\nYour one-time code for request {request_id} ({kind}) with {name} is:"
        f"\n\n    {code}\n\nThe code is valid for {minutes} minutes and works once. If you did "
        f"not ask for this, you can ignore this e-mail.\n\n{name} · {policy.controller.email}\n"
    )
    return subject, body


def extension_message(policy: Policy, request_id: str, months: int, deadline: str,
                      reason: str) -> tuple[str, str]:
    name = policy.controller.name
    subject = f"Forlenget svarfrist / extended deadline: {request_id}"
    body = (
        f"Hei,\n\nVi trenger mer tid til å behandle forespørselen din {request_id}. Fristen er "
        f"forlenget med {months} måned(er) til {deadline} (personvernforordningen artikkel "
        f"12 nr. 3).\n\nBegrunnelse: {reason}\n\n"
        f"---\n\nHello,\n\nWe need more time to handle your request {request_id}. The deadline "
        f"is extended by {months} month(s) to {deadline} (GDPR Article 12(3)).\n\n"
        f"Reason: {reason}\n\n{name} · {policy.controller.email}\n"
    )
    return subject, body


def lift_message(policy: Policy, request_id: str) -> tuple[str, str]:
    name = policy.controller.name
    subject = f"Begrensningen oppheves / restriction will be lifted: {request_id}"
    body = (
        f"Hei,\n\nBegrensningen av behandlingen av personopplysningene dine, som du ba om "
        f"({request_id}), blir nå opphevet (personvernforordningen artikkel 18 nr. 3). "
        f"Kontakt oss på {policy.controller.email} om du har spørsmål.\n\n"
        f"---\n\nHello,\n\nThe restriction of processing of your personal data that you asked "
        f"for ({request_id}) is now being lifted (GDPR Article 18(3)). Contact us at "
        f"{policy.controller.email} if you have questions.\n\n{name}\n"
    )
    return subject, body
