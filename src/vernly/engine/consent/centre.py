"""What the privacy centre's cookie settings and consent pages do, carried out here so the web
layer only validates the form and calls one function: read the choices in force for a browser,
store a choice made on the settings form, withdraw every consent in one click, and say per
purpose where the browser's consent stands.

The browser names its record by the id in its consent cookie; the web layer passes that id
as it came. Only a record of a browser counts: an unknown, malformed or someone else's id
(a record of an e-mail address) is treated as no record, so a forged cookie reads or changes
nothing."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.orm import Session

from vernly.engine.consent import receipt, service
from vernly.engine.consent.catalogue import Catalogue
from vernly.errors import InvalidInput, NotFound
from vernly.ledger.consent import ConsentRecord
from vernly.ledger.db import Ledger
from vernly.settings import Settings


@dataclass(frozen=True)
class BrowserChoices:
    """The choices in force for one browser, as the ledger keeps them."""

    record_id: str | None
    """The browser's consent record; None when the ledger has none for it."""
    decisions: dict[str, bool] = field(default_factory=dict)
    """Per category (or consent-based activity): given or not."""
    services: dict[str, bool] = field(default_factory=dict)
    """Per service within a given category: allowed or not."""
    notice_version: str | None = None
    """The notice version the record was given under."""


@dataclass(frozen=True)
class ConsentStates:
    """Where each purpose of a browser's record stands, for the consent page."""

    record_id: str | None
    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per purpose: status (given, refused, withdrawn, expired), since when and how."""

    @property
    def any_given(self) -> bool:
        return any(state["status"] == "given" for state in self.states.values())


def _browser_record(session: Session, record_id: str | None) -> ConsentRecord | None:
    """The record `record_id` names if it is a browser's; else None (see the module)."""
    if not record_id:
        return None
    try:
        record = service.get_record(session, record_id)
    except (NotFound, InvalidInput):
        return None
    return record if record.subject_type == "browser" else None


def _choices(record: ConsentRecord | service.NewRecord) -> BrowserChoices:
    return BrowserChoices(record.id, dict(record.decisions), dict(record.services),
                          record.notice_version)


def browser_choices(ledger: Ledger, record_id: str | None) -> BrowserChoices:
    """The choices the ledger holds for the browser's record; none when it holds no such
    record (the page then shows what the browser's own cookie says)."""
    with ledger.session() as session:
        record = _browser_record(session, record_id)
        return _choices(record) if record else BrowserChoices(None)


def save_choice(ledger: Ledger, settings: Settings, catalogue: Catalogue,
                choice: service.Choice) -> BrowserChoices:
    """Store a choice made on the settings form, on the browser's record when the ledger
    knows it (`choice.record_id`), else on a new one; returns the choices now in force."""
    with ledger.session() as session:
        known = _browser_record(session, choice.record_id)
        result = service.record_choice(
            session, catalogue, replace(choice, record_id=known.id if known else None),
            now=settings.now(), ua_key=settings.secret_key)
        return _choices(result.record)


def withdraw_all(ledger: Ledger, settings: Settings, catalogue: Catalogue,
                 record_id: str | None, *, user_agent: str | None) -> BrowserChoices:
    """Withdraw every consent the browser's record gives, in one step (Art. 7(3)); nothing
    to do when the ledger knows no record for the browser."""
    with ledger.session() as session:
        known = _browser_record(session, record_id)
        if known is None:
            return BrowserChoices(None)
        result = service.withdraw(session, catalogue, known.id, method="form",
                                  now=settings.now(), ua_key=settings.secret_key,
                                  user_agent=user_agent)
        return _choices(result.record)


def consent_states(ledger: Ledger, settings: Settings, catalogue: Catalogue,
                   record_id: str | None) -> ConsentStates:
    """Per purpose of the browser's record, where its consent stands now."""
    with ledger.session() as session:
        known = _browser_record(session, record_id)
        if known is None:
            return ConsentStates(None)
        states = receipt.purpose_states(known, service.history(session, known.id), catalogue,
                                        settings.now())
        return ConsentStates(known.id, states)
