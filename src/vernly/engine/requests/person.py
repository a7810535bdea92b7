"""What the person does on the privacy centre, carried out here so the web layer only
validates and calls: make a request (recorded, then its code e-mailed), and confirm it with
that code, after which a withdrawal of consent takes effect in the consent ledger and the
request is carried out at once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from vernly.engine.consent.catalogue import Catalogue
from vernly.engine.consent.service import withdraw_for_email
from vernly.engine.requests import service
from vernly.engine.requests.kinds import RequestKind, RequestState
from vernly.engine.requests.ports import DataMapLike, ReportRenderer
from vernly.engine.requests.store import load
from vernly.engine.requests.views import RequestView
from vernly.errors import InvalidInput, VernlyError
from vernly.ledger.db import Ledger
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings

log = logging.getLogger("vernly.requests")


@dataclass(frozen=True)
class Submitted:
    """A request made on the centre."""

    view: RequestView
    """The request, with its status token (given out this once)."""
    code_queued: bool
    """The code e-mail is sent, or waits in the outbox for the courier; False when even that
    failed (the person then asks for a new code on the status page)."""


def submit_request(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, kind: str,
                   email: str, phone: str | None, details: Mapping[str, Any],
                   language: str | None = None) -> Submitted:
    """Record the person's request and e-mail its one-time code.

    `language` is the centre's page language (nb or en): the request keeps it, so every
    e-mail to the person is written in it first and links to the status page in it.

    Bad input raises InvalidInput and records nothing. With the mail server away the code
    waits in the outbox; the request stands even when the code cannot be queued at all, and
    its status page offers a new code."""
    view = service.submit(ledger, settings, loaded, kind, email, phone, details,
                          channel="web", language=language)
    try:
        service.send_code(ledger, settings, loaded, view.id)
    except (VernlyError, OSError) as exc:
        log.warning("request %s: code not sent (%s)", view.id, type(exc).__name__)
        return Submitted(view, code_queued=False)
    return Submitted(view, code_queued=True)


def confirm_code(ledger: Ledger, settings: Settings, loaded: LoadedPolicy, request_id: str,
                 code: str, *, catalogue: Catalogue, data_map: DataMapLike | None,
                 renderer: ReportRenderer | None,
                 defer: Callable[[str], bool] | None = None) -> RequestView:
    """Verify the person's code, then withdraw consent (for a withdrawal) and run the request.

    A wrong or expired code raises (InvalidInput, or PermissionDenied once the request is
    rejected for too many tries). A request that cannot finish now (a system down, a
    processor to answer) stays open for the retry loop and the operators; the person sees
    its state. `defer`, when given, may hand the run to a task queue (True: queued)."""
    verified = service.verify_code(ledger, settings, loaded, request_id, code)
    if verified.state == RequestState.received.value:
        raise InvalidInput("code: the request is not confirmed")
    withdraw_consents(ledger, settings, catalogue, request_id)
    if defer is not None and defer(request_id):
        return service.get(ledger, settings, loaded, request_id)
    try:
        return service.run(ledger, settings, loaded, request_id, service.SUBJECT,
                           data_map=data_map, renderer=renderer)
    except VernlyError as exc:
        log.warning("request %s could not run after verification: %s", request_id,
                    type(exc).__name__)
        return service.get(ledger, settings, loaded, request_id)


def withdraw_consents(ledger: Ledger, settings: Settings, catalogue: Catalogue,
                      request_id: str) -> int:
    """A verified withdrawal takes effect in the consent ledger at once (Art. 7(3)); the
    request itself then marks the rows in the customer systems. Returns the events written."""
    with ledger.session() as session:
        request = load(session, request_id)
        if request.kind != RequestKind.withdraw_consent or not request.email:
            return 0
        activities = (request.details or {}).get("activities")
        return withdraw_for_email(session, catalogue, request.email, now=settings.now(),
                                  ua_key=settings.secret_key, purposes=activities,
                                  method="form", actor=service.SUBJECT)
