"""'May purpose X be used for this person now?' is answered from the ledger, and a
restriction (Art. 18) or an objection to direct marketing (Art. 21(3)) says no."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from vernly.connectors.identity import Identity
from vernly.engine.consent import decision, service
from vernly.engine.consent.catalogue import build_catalogue
from vernly.engine.requests import flags
from vernly.errors import InvalidInput
from vernly.ledger.db import Ledger
from vernly.policy.loader import load_policy

NOW = datetime(2025, 5, 2, 9, 30, tzinfo=UTC)
KARI = "Kari.Nordmann@Example.no"
OLA = "ola.hansen@example.no"


@pytest.fixture
def setup(workspace: Path, ledger_url: str):  # type: ignore[no-untyped-def]
    policy = load_policy(workspace / "vernly.yaml").policy
    catalogue = build_catalogue(policy)
    ledger = Ledger(ledger_url)
    with ledger.session() as session:
        for who in (KARI, OLA):
            service.record_choice(session, catalogue, service.Choice(
                email=who, method="form",
                decisions={"courses_seminars": True, "school_visits": False,
                           "marketing": True}), now=NOW, ua_key="k")
    yield policy, catalogue, ledger
    ledger.dispose()


def _ask(setup, subject: str, purpose: str) -> decision.Decision:  # type: ignore[no-untyped-def]
    policy, catalogue, ledger = setup
    with ledger.session() as session:
        return decision.decide(session, policy, catalogue, subject=subject, purpose=purpose,
                               now=NOW)


def test_consent_given_refused_and_never_asked(setup) -> None:  # type: ignore[no-untyped-def]
    assert _ask(setup, "kari.nordmann@example.no", "courses_seminars").reason == "consent"
    assert _ask(setup, KARI, "courses_seminars").allowed
    refused = _ask(setup, KARI, "school_visits")
    assert (refused.allowed, refused.reason) == (False, "refused")
    unknown = _ask(setup, "per.olsen@example.no", "courses_seminars")
    assert (unknown.allowed, unknown.reason) == (False, "no_consent")


def test_purposes_that_are_not_consent_based(setup) -> None:  # type: ignore[no-untyped-def]
    assert _ask(setup, KARI, "strictly_necessary").reason == "strictly_necessary"
    webshop = _ask(setup, KARI, "webshop_orders")
    assert (webshop.allowed, webshop.reason, webshop.basis) == (True, "not_consent_based",
                                                                 "not_stated")


def test_a_restriction_stops_everything(setup) -> None:  # type: ignore[no-untyped-def]
    _, _, ledger = setup
    with ledger.session() as session:
        flags.set_flag(session, kind=flags.RESTRICTION, identity=Identity.of(email=KARI),
                       scope=[], at=NOW, request_id=None)
    for purpose in ("courses_seminars", "webshop_orders", "marketing"):
        assert (_ask(setup, KARI, purpose).allowed, _ask(setup, KARI, purpose).reason) == (
            False, "restricted")
    assert _ask(setup, OLA, "courses_seminars").allowed


def test_a_marketing_objection_beats_consent(setup) -> None:  # type: ignore[no-untyped-def]
    _, _, ledger = setup
    assert _ask(setup, OLA, "marketing").allowed
    with ledger.session() as session:
        flags.set_flag(session, kind=flags.OBJECTION, identity=Identity.of(email=OLA),
                       scope=[flags.MARKETING], at=NOW, request_id=None)
    for purpose in ("marketing", "sales_marketing"):
        answer = _ask(setup, OLA, purpose)
        assert (answer.allowed, answer.reason) == (False, "objection")
    assert _ask(setup, OLA, "courses_seminars").allowed


def test_a_withdrawal_through_a_request_counts(setup) -> None:  # type: ignore[no-untyped-def]
    _, _, ledger = setup
    with ledger.session() as session:
        flags.set_flag(session, kind=flags.WITHDRAWAL, identity=Identity.of(email=KARI),
                       scope=["courses_seminars"], at=NOW, request_id=None)
    assert _ask(setup, KARI, "courses_seminars").reason == "withdrawn"


def test_unknown_purpose_or_subject_is_a_clear_error(setup) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match="purpose: 'profiling'"):
        _ask(setup, KARI, "profiling")
    with pytest.raises(InvalidInput, match="subject:"):
        _ask(setup, "not-an-id", "marketing")


def test_a_service_refused_inside_a_given_category(setup) -> None:  # type: ignore[no-untyped-def]
    _, catalogue, ledger = setup
    with ledger.session() as session:
        rid = service.record_choice(session, catalogue, service.Choice(
            decisions={"statistics": True}, services={"google_tag_manager": False}),
            now=NOW, ua_key="k").record.id
    assert _ask(setup, rid, "google_analytics").allowed
    tag_manager = _ask(setup, rid, "google_tag_manager")
    assert (tag_manager.allowed, tag_manager.reason) == (False, "refused")
    assert _ask(setup, rid, "statistics").allowed
