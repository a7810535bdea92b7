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


KIND_NAMES = {  # what the person asked for, as the centre names it
    "access": ("innsyn", "access"), "portability": ("dataportabilitet", "portability"),
    "erasure": ("sletting", "erasure"), "rectification": ("retting", "rectification"),
    "restriction": ("begrensning av behandlingen", "restriction of processing"),
    "lift_restriction": ("oppheving av begrensning", "lifting of a restriction"),
    "objection": ("protest", "objection"), "withdraw_consent": ("trekk av samtykke",
                                                                "withdrawal of consent"),
}


def _kind(kind: str) -> tuple[str, str]:
    return KIND_NAMES.get(kind, (kind, kind))


def _follow(links: dict[str, str], lang: str) -> str:
    if not links:
        return ""
    said = "Følg forespørselen din her" if lang == "nb" else "Follow your request here"
    return f"{said}:\n{links[lang]}\n\n"


def code_message(policy: Policy, request_id: str, kind: str, code: str, minutes: int,
                 links: dict[str, str] | None = None) -> tuple[str, str]:
    name = policy.controller.name
    nb_kind, en_kind = _kind(kind)
    links = links or {}
    subject = f"Engangskode / one-time code: {code}"
    body = (
        f"Hei,\n\nDu har bedt {name} om {nb_kind}. Engangskoden din er:\n\n    {code}\n\n"
        f"Koden gjelder i {minutes} minutter og kan brukes én gang. Skriv den inn på siden "
        f"der du sendte forespørselen.\n\n{_follow(links, 'nb')}"
        f"Har du ikke bedt om dette, kan du se bort fra e-posten.\n\n"
        f"---\n\nHello,\n\nYou have asked {name} for {en_kind}. Your one-time code is:"
        f"\n\n    {code}\n\nThe code is valid for {minutes} minutes and works once. Enter it "
        f"on the page where you sent the request.\n\n{_follow(links, 'en')}"
        f"If you did not ask for this, you can ignore this e-mail.\n\n"
        f"{name} · {policy.controller.email} · {request_id}\n"
    )
    return subject, body


def completed_message(policy: Policy, request_id: str, kind: str, package: bool,
                      links: dict[str, str]) -> tuple[str, str]:
    """The person's request is done; for access, the data waits behind the status link."""
    name = policy.controller.name
    nb_kind, en_kind = _kind(kind)
    if package:
        subject = "Opplysningene dine er klare / your data is ready"
        nb = (f"Opplysningene {name} har om deg, er klare. Last dem ned fra siden for "
              "forespørselen din (lenken nedenfor).")
        en = (f"The data {name} holds about you is ready. Download it from your request's "
              "page (the link below).")
    else:
        subject = "Forespørselen din er ferdig behandlet / your request is complete"
        nb = f"Vi har gjennomført forespørselen din om {nb_kind}."
        en = f"We have carried out your request for {en_kind}."
    body = (f"Hei,\n\n{nb}\n\n{_follow(links, 'nb')}"
            f"---\n\nHello,\n\n{en}\n\n{_follow(links, 'en')}"
            f"{name} · {policy.controller.email} · {request_id}\n")
    return subject, body


def extension_message(policy: Policy, request_id: str, months: int, deadline: str,
                      reason: str) -> tuple[str, str]:
    name = policy.controller.name
    subject = f"Forlenget svarfrist / extended deadline: {request_id}"
    body = (
        f"Hei,\n\nVi trenger mer tid til å behandle forespørselen din {request_id}. Fristen er "
        f"forlenget med {months} {'måned' if months == 1 else 'måneder'} til {deadline} "
        f"(personvernforordningen artikkel "
        f"12 nr. 3).\n\nBegrunnelse: {reason}\n\n"
        f"---\n\nHello,\n\nWe need more time to handle your request {request_id}. The deadline "
        f"is extended by {months} {'month' if months == 1 else 'months'} to {deadline} "
        f"(GDPR Article 12(3)).\n\n"
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
