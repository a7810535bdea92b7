"""Deadlines (Art. 12(3)): one calendar month from receipt; extendable by up to two months,
decided within the first month, with the person told by e-mail and the reason recorded;
open requests past their deadline are flagged and listed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from tests.requests.desk import Desk
from tests.support.mailbox import Mailbox
from vernly.cli.main import app
from vernly.engine.requests import service
from vernly.errors import Conflict, InvalidInput

KARI = "kari.nordmann@example.no"
OLA = "ola.hansen@example.no"


def test_the_deadline_is_one_calendar_month_after_receipt(desk: Desk) -> None:
    # Received 31 January 2026: one month later is the last day of February.
    received = desk.submit("access", KARI)
    assert received.received_at == datetime(2026, 1, 31, 9, 0, tzinfo=UTC)
    assert received.deadline_at == datetime(2026, 2, 28, 9, 0, tzinfo=UTC)
    in_march = desk.at(datetime(2026, 3, 15, 12, 0, tzinfo=UTC)).submit("access", KARI)
    assert in_march.deadline_at == datetime(2026, 4, 15, 12, 0, tzinfo=UTC)


def test_an_extension_within_the_first_month_is_recorded_and_told(desk: Desk,
                                                                   mailbox: Mailbox) -> None:
    request = desk.submit("access", KARI)
    extended = service.extend(*desk.later(days=20).args, request.id, 2,
                              "Mange forespørsler samtidig", "operator:Ingrid Berg")
    assert extended.extended_months == 2
    assert extended.deadline_at == datetime(2026, 4, 30, 9, 0, tzinfo=UTC)
    assert extended.extension_reason == "Mange forespørsler samtidig"
    [told] = mailbox.to(KARI)
    body = told.get_payload()
    assert isinstance(body, str)
    assert "2026-04-30" in body and "Mange foresp" in body
    with desk.ledger.session() as s:
        actions = s.execute(text("SELECT action FROM audit_log ORDER BY seq")).scalars().all()
    assert "request.extended" in actions


def test_an_extension_after_the_first_month_is_refused(desk: Desk, mailbox: Mailbox) -> None:
    request = desk.submit("access", KARI)
    with pytest.raises(Conflict, match="within the first month"):
        service.extend(*desk.at(datetime(2026, 2, 28, 9, 0, tzinfo=UTC)).args, request.id, 1,
                       "for sent", "operator:Ingrid Berg")
    assert service.get(*desk.args, request.id).extended_months == 0
    assert mailbox.messages == []


def test_an_extension_is_one_or_two_months_with_a_reason(desk: Desk) -> None:
    request = desk.submit("access", KARI)
    with pytest.raises(InvalidInput, match="1 or 2 months"):
        service.extend(*desk.args, request.id, 3, "too long", "operator:Ingrid Berg")
    with pytest.raises(InvalidInput, match="reason"):
        service.extend(*desk.args, request.id, 1, "  ", "operator:Ingrid Berg")
    service.extend(*desk.args, request.id, 1, "Komplisert sak", "operator:Ingrid Berg")
    with pytest.raises(Conflict, match="already extended"):
        service.extend(*desk.args, request.id, 1, "igjen", "operator:Ingrid Berg")


def test_open_requests_past_their_deadline_are_flagged_and_listed(desk: Desk) -> None:
    late = desk.submit("access", KARI)
    rejected = desk.submit("access", OLA)
    service.reject(*desk.args, rejected.id, "Åpenbart grunnløs", "operator:Ingrid Berg")
    fresh = desk.at(datetime(2026, 3, 1, 9, 0, tzinfo=UTC)).submit("access", OLA)
    march = desk.at(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert service.get(*march.args, late.id).overdue
    assert not service.get(*desk.args, late.id).overdue
    at_start = service.get(*desk.args, late.id)
    assert at_start.is_overdue(datetime(2026, 2, 28, 9, 1, tzinfo=UTC))
    assert not at_start.is_overdue(datetime(2026, 2, 28, 9, 0, tzinfo=UTC))
    overdue = service.list_requests(*march.args, overdue=True)
    assert [v.id for v in overdue] == [late.id]
    assert {v.id for v in service.list_requests(*march.args)} == {late.id, rejected.id, fresh.id}


def test_the_cli_lists_overdue_requests(desk: Desk) -> None:
    late = desk.submit("access", KARI)
    env = dict(desk.settings.env) | {"VERNLY_NOW": "2026-03-02T09:00:00+00:00"}
    result = CliRunner().invoke(app, ["request", "list", "--overdue", "--json", "-w",
                                      str(desk.settings.workspace)], env=env)
    assert result.exit_code == 0, result.output
    assert late.id in result.output and '"overdue": true' in result.output
