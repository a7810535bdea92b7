"""Consent counts for twelve months and only under the notice it was given for; the expiry
sweep records 'expired' events once, and a fresh choice starts a new 'given'."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from vernly.engine.consent import decision, expiry, service
from vernly.engine.consent.catalogue import build_catalogue
from vernly.ledger.db import Ledger
from vernly.policy.loader import load_policy

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def test_consent_expires_after_twelve_months(workspace: Path, ledger_url: str) -> None:
    policy = load_policy(workspace / "vernly.yaml").policy
    catalogue = build_catalogue(policy)
    ledger = Ledger(ledger_url)
    try:
        with ledger.session() as session:
            rid = service.record_choice(session, catalogue, service.Choice(
                decisions={"statistics": True}), now=T0, ua_key="k").record.id
        with ledger.session() as session:
            inside = decision.decide(session, policy, catalogue, subject=rid,
                                     purpose="statistics", now=T0 + timedelta(days=364))
            after = decision.decide(session, policy, catalogue, subject=rid,
                                    purpose="statistics", now=T0 + timedelta(days=366))
        assert (inside.allowed, inside.reason) == (True, "consent")
        assert (after.allowed, after.reason) == (False, "too_old")

        later = T0 + timedelta(days=400)
        with ledger.session() as session:
            assert expiry.expire_stale(session, catalogue.notice_version, later) == 1
        with ledger.session() as session:
            assert expiry.expire_stale(session, catalogue.notice_version, later) == 0
            events = [(e.event, e.purpose) for e in service.history(session, rid)]
        assert events == [("given", "statistics"), ("expired", "statistics")]

        with ledger.session() as session:
            again = service.record_choice(session, catalogue, service.Choice(
                record_id=rid, decisions={"statistics": True}), now=later, ua_key="k")
            assert [(e.event, e.purpose) for e in again.events] == [("given", "statistics")]
            renewed = decision.decide(session, policy, catalogue, subject=rid,
                                      purpose="statistics", now=later)
        assert renewed.allowed
    finally:
        ledger.dispose()


def test_a_new_notice_version_stops_old_consent(workspace: Path, ledger_url: str) -> None:
    policy = load_policy(workspace / "vernly.yaml").policy
    catalogue = build_catalogue(policy)
    ledger = Ledger(ledger_url)
    try:
        with ledger.session() as session:
            rid = service.record_choice(session, catalogue, service.Choice(
                decisions={"statistics": True}), now=T0, ua_key="k").record.id
        text = (workspace / "vernly.yaml").read_text().replace('version: "2019-09-12"',
                                                                'version: "2025-06-01"')
        (workspace / "vernly.yaml").write_text(text)
        newer = load_policy(workspace / "vernly.yaml").policy
        new_catalogue = build_catalogue(newer)
        with ledger.session() as session:
            answer = decision.decide(session, newer, new_catalogue, subject=rid,
                                     purpose="statistics", now=T0 + timedelta(days=1))
        assert (answer.allowed, answer.reason) == (False, "notice_changed")
    finally:
        ledger.dispose()
