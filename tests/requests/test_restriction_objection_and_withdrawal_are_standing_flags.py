"""Restriction (Art. 18), objection (Art. 21) and consent withdrawal (Art. 7(3)) are
recorded as flags the retention and consent engines read; a restriction is lifted only
after the person has been told."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE, NOW, PER_EMAIL
from tests.requests.desk import Desk
from tests.support.mailbox import Mailbox
from vernly.connectors.identity import Identity
from vernly.engine.requests import flags, service
from vernly.errors import Conflict, InvalidInput

KARI = Identity.of(email=KARI_EMAIL, phone=KARI_PHONE)
OLA = Identity.of(email="ola.hansen@example.no")


def test_a_restriction_is_in_force_until_lifted(desk: Desk, mailbox: Mailbox) -> None:
    done = desk.operator_run("restriction", "Kari.Nordmann@example.no", phone="912 34 567")
    assert done.state == "completed"
    with desk.ledger.session() as s:
        assert flags.is_restricted(s, KARI)
        assert flags.is_restricted(s, Identity.of(phone="+47 912 34 567"))
        assert not flags.is_restricted(s, OLA)
        assert flags.active_restrictions(s) == [(KARI_EMAIL, KARI_PHONE)]
    again = desk.operator_run("restriction", KARI_EMAIL)
    assert again.result["already_in_force"] is True


def test_lifting_tells_the_person_before_the_restriction_ends(desk: Desk,
                                                               mailbox: Mailbox) -> None:
    restriction = desk.operator_run("restriction", KARI_EMAIL)
    service.lift(*desk.later(days=3).args, restriction.id, "operator:Ingrid Berg")
    [told] = mailbox.to(KARI_EMAIL)
    assert restriction.id in told["Subject"]
    with desk.ledger.session() as s:
        assert not flags.is_restricted(s, KARI)
        notified, lifted = s.execute(text(
            "SELECT notified_before_lift_at, lifted_at FROM subject_flags")).one()
    assert notified is not None and lifted is not None
    with pytest.raises(Conflict, match="no restriction in force"):
        service.lift(*desk.args, restriction.id, "operator:Ingrid Berg")


def test_a_restriction_is_not_lifted_when_the_person_cannot_be_told(desk: Desk) -> None:
    import dataclasses

    from vernly.errors import ConfigurationError

    restriction = desk.operator_run("restriction", KARI_EMAIL)
    unreachable = dataclasses.replace(desk.settings, smtp_port=1)
    with pytest.raises(ConfigurationError):
        service.lift(desk.ledger, unreachable, desk.loaded, restriction.id, "operator:Ingrid")
    with desk.ledger.session() as s:
        assert flags.is_restricted(s, KARI)


def test_an_objection_without_scope_stops_all_direct_marketing(desk: Desk) -> None:
    done = desk.operator_run("objection", KARI_EMAIL)
    assert done.state == "completed"
    assert done.result["marketing_activities_stopped"] == ["sales_marketing"]
    with desk.ledger.session() as s:
        assert flags.has_marketing_objection(s, KARI)
        assert flags.objections(s, KARI) == ["marketing"]
        assert not flags.has_marketing_objection(s, OLA)


def test_an_objection_to_a_named_activity_is_recorded_for_review(desk: Desk) -> None:
    done = desk.operator_run("objection", KARI_EMAIL,
                             details={"activities": ["courses_seminars"]})
    assert done.result["needs_review"] == ["courses_seminars"]
    with desk.ledger.session() as s:
        assert flags.objections(s, KARI) == ["courses_seminars"]
        assert not flags.has_marketing_objection(s, KARI)
    with pytest.raises(InvalidInput, match="unknown activity 'newsletter'"):
        desk.operator_run("objection", KARI_EMAIL, details={"activities": ["newsletter"]})


def test_withdrawing_consent_marks_the_registration_and_records_the_flag(cast_desk: Desk) -> None:
    desk = cast_desk.at(NOW)
    done = desk.operator_run("withdraw_consent", KARI_EMAIL)
    assert done.state == "completed"
    assert done.result["activities"] == ["courses_seminars", "school_visits", "user_surveys"]
    # The forms store has a withdrawal column too; Kari signed up through no form there.
    assert done.result["marked"] == {"cases": {"registrations": 1}, "forms": {}}
    assert "visitors.school_signups" in done.result["no_withdrawal_column"]
    engine = create_engine(f"sqlite:///{desk.settings.workspace / 'data' / 'cases.sqlite'}")
    with engine.connect() as conn:
        rows = dict(conn.execute(text(
            "SELECT email, consent_withdrawn_at FROM registrations")).all())
    engine.dispose()
    assert rows[KARI_EMAIL] is not None and rows[PER_EMAIL] is None
    with desk.ledger.session() as s:
        assert flags.withdrawals(s, KARI) == ["courses_seminars", "school_visits",
                                             "user_surveys"]
    with pytest.raises(InvalidInput, match="not based on consent"):
        desk.operator_run("withdraw_consent", KARI_EMAIL,
                          details={"activities": ["webshop_orders"]})
