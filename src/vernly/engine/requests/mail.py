"""E-mail to the person a request is about: one-time codes and notices the law requires
(an extension with its reasons, a restriction about to be lifted), written to the outbox in
the transaction that decides them and sent after it commits (`vernly.engine.messaging`).
The body is in the language the person used first (the request keeps it), then in the other;
the subject likewise. Every sentence comes from the translation catalogue (`vernly.i18n`),
every fact from the policy or the request."""

from __future__ import annotations

from sqlalchemy.orm import Session

from vernly.engine import messaging
from vernly.engine.messaging.delivery import Delivery
from vernly.i18n import LANGS, N_, Lang, ntr, ptr, tr
from vernly.ledger.db import Ledger
from vernly.ledger.requests import DsrRequest
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


def language_of(policy: Policy, request: DsrRequest) -> Lang:
    """The language to write to the person in first: the one they used, else (a request
    recorded before the language was kept) the policy's first language."""
    stored = request.language or policy.notice.first_language
    return "en" if stored == "en" else "nb"


def _order(policy: Policy, first: str | None) -> tuple[Lang, ...]:
    """Both languages, `first` (default: the policy's first language) leading."""
    lead = first or policy.notice.first_language
    return tuple(sorted(LANGS, key=lambda lang: lang != lead))


def _kind(lang: str, kind: str) -> str:
    """What the person asked for, as the centre names it, in `lang`; the context (a literal,
    for the extraction) sets these apart from the console's labels of the same words."""
    names = {
        "access": ptr(lang, "request in a sentence", "access"),
        "portability": ptr(lang, "request in a sentence", "portability"),
        "erasure": ptr(lang, "request in a sentence", "erasure"),
        "rectification": ptr(lang, "request in a sentence", "rectification"),
        "restriction": ptr(lang, "request in a sentence", "restriction of processing"),
        "lift_restriction": ptr(lang, "request in a sentence", "lifting of a restriction"),
        "objection": ptr(lang, "request in a sentence", "objection"),
        "withdraw_consent": ptr(lang, "request in a sentence", "withdrawal of consent"),
    }
    return names.get(kind, kind)


def _subject(order: tuple[Lang, ...], message: str, reference: str | None = None) -> str:
    """Both languages in one subject line, the person's first: "Engangskode / one-time
    code". The second half starts in lower case as it follows the slash."""
    lead, second = (tr(lang, message) for lang in order)
    both = f"{lead} / {second[:1].lower()}{second[1:]}"
    return f"{both}: {reference}" if reference else both


def _follow(lang: str, links: dict[str, str]) -> list[str]:
    """The status link under the words of `lang`: that language's page when given, else
    the one page given (the person's language, which every section then points to)."""
    if not links:
        return []
    link = links.get(lang) or next(iter(links.values()))
    return [tr(lang, "Follow your request here:") + "\n" + link]


def _body(sections: dict[Lang, list[str]], footer: str) -> str:
    """Each language's paragraphs under its greeting, in the order given, then the
    footer."""
    parts = ["\n\n".join([tr(lang, "Hello,"), *paragraphs]) + "\n\n"
             for lang, paragraphs in sections.items()]
    return "---\n\n".join(parts) + footer + "\n"


def code_message(policy: Policy, request_id: str, kind: str, code: str, minutes: int,
                 links: dict[str, str] | None = None, *,
                 first: str | None = None) -> tuple[str, str]:
    """The one-time code, in `first` then the other language (see `language_of`)."""
    order = _order(policy, first)
    name = policy.controller.name
    links = links or {}
    sections = {lang: [
        tr(lang, "You have asked %(controller)s for %(kind)s. Your one-time code is:",
           controller=name, kind=_kind(lang, kind)),
        f"    {code}",
        ntr(lang, "The code is valid for %(num)s minute and works once. Enter it on the page "
                  "where you sent the request.",
            "The code is valid for %(num)s minutes and works once. Enter it on the page "
            "where you sent the request.", minutes),
        *_follow(lang, links),
        tr(lang, "If you did not ask for this, you can ignore this e-mail."),
    ] for lang in order}
    body = _body(sections, f"{name} · {policy.controller.email} · {request_id}")
    return _subject(order, N_("One-time code"), code), body


def completed_message(policy: Policy, request_id: str, kind: str, package: bool,
                      links: dict[str, str], *, first: str | None = None) -> tuple[str, str]:
    """The person's request is done; for access, the data waits behind the status link."""
    order = _order(policy, first)
    name = policy.controller.name
    if package:
        subject = _subject(order, N_("Your data is ready"))
        said = {lang: tr(lang, "The data %(controller)s holds about you is ready. Download it "
                               "from your request's page (the link below).", controller=name)
                for lang in order}
    else:
        subject = _subject(order, N_("Your request is complete"))
        said = {lang: tr(lang, "We have carried out your request for %(kind)s.",
                         kind=_kind(lang, kind)) for lang in order}
    sections = {lang: [said[lang], *_follow(lang, links)] for lang in order}
    return subject, _body(sections, f"{name} · {policy.controller.email} · {request_id}")


def extension_message(policy: Policy, request_id: str, months: int, deadline: str,
                      reason: str, *, first: str | None = None) -> tuple[str, str]:
    order = _order(policy, first)
    name = policy.controller.name
    sections = {lang: [
        tr(lang, "We need more time to handle your request %(request)s.", request=request_id)
        + " " + ntr(lang, "The deadline is extended by %(num)s month to %(deadline)s (GDPR "
                          "Article 12(3)).",
                    "The deadline is extended by %(num)s months to %(deadline)s (GDPR "
                    "Article 12(3)).", months, deadline=deadline),
        tr(lang, "Reason: %(reason)s", reason=reason),
    ] for lang in order}
    body = _body(sections, f"{name} · {policy.controller.email}")
    return _subject(order, N_("Extended deadline"), request_id), body


def lift_message(policy: Policy, request_id: str, *,
                 first: str | None = None) -> tuple[str, str]:
    order = _order(policy, first)
    name = policy.controller.name
    sections = {lang: [
        tr(lang, "The restriction of processing of your personal data that you asked for "
                 "(%(request)s) is now being lifted (GDPR Article 18(3)). Contact us at "
                 "%(email)s if you have questions.", request=request_id,
           email=policy.controller.email),
    ] for lang in order}
    return _subject(order, N_("Restriction will be lifted"), request_id), _body(sections, name)
