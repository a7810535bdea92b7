"""A request made on the privacy centre is one engine call (`person.submit_request`): it
records the request and e-mails its code. With the mail server away the code waits in the
outbox for the courier; if even that fails, the request still stands and says so, and the
person asks for a new code."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from tests.requests.desk import Desk
from tests.support.mailbox import Mailbox
from vernly.engine.messaging import deliver_due
from vernly.engine.requests import person, service
from vernly.errors import ConfigurationError, InvalidInput
from vernly.ledger.requests import DsrRequest

KARI = "kari.nordmann@example.no"


def test_the_request_is_recorded_and_its_code_e_mailed(desk: Desk, mailbox: Mailbox) -> None:
    made = person.submit_request(*desk.args, "erasure", KARI, None, {"message": "Alt"})
    assert made.code_queued and made.view.status_token
    assert made.view.state == "received" and made.view.channel == "web"
    [message] = mailbox.to(KARI)
    assert message["Subject"].startswith("Engangskode / one-time code: ")


def test_with_the_mail_server_away_the_code_waits_for_the_courier(
        desk: Desk, mailbox: Mailbox) -> None:
    away = dataclasses.replace(desk, settings=dataclasses.replace(desk.settings, smtp_port=1))
    made = person.submit_request(*away.args, "access", KARI, None, {})
    assert made.code_queued and mailbox.to(KARI) == []
    deliver_due(*desk.later(hours=1).args[:2])
    assert len(mailbox.to(KARI)) == 1


def test_a_code_that_cannot_be_queued_leaves_the_request_standing(
        desk: Desk, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise ConfigurationError("VERNLY_SMTP_HOST: not set")

    monkeypatch.setattr(service, "send_code", broken)
    made = person.submit_request(*desk.args, "access", KARI, None, {})
    assert not made.code_queued
    assert service.get(*desk.args, made.view.id).state == "received"


def test_bad_input_records_nothing(desk: Desk, mailbox: Mailbox) -> None:
    with pytest.raises(InvalidInput, match="unknown activity"):
        person.submit_request(*desk.args, "objection", KARI, None,
                              {"activities": ["newsletter"]})
    assert mailbox.to(KARI) == []
    with desk.ledger.session() as session:
        assert session.scalar(select(func.count()).select_from(DsrRequest)) == 0
