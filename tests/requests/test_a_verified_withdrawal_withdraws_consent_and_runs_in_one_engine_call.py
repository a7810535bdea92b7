"""A withdrawal of consent made on the privacy centre takes effect by one engine call once the
person gives the e-mailed code (`person.confirm_code`): the consent ledger records the
withdrawal of what they named, and the request runs and completes."""

from __future__ import annotations

import re

from tests.connectors.cast import KARI_EMAIL
from tests.requests.desk import Desk
from tests.support.mailbox import Mailbox
from vernly.connectors.identity import Identity
from vernly.engine.consent import service as consent
from vernly.engine.consent.catalogue import build_catalogue
from vernly.engine.requests import flags, person
from vernly.notices.access_report import render


def _code(mailbox: Mailbox) -> str:
    payload = mailbox.to(KARI_EMAIL)[-1].get_payload(decode=True)
    assert isinstance(payload, bytes)
    found = re.search(r"^\s+(\d{6})\r?$", payload.decode(), re.M)
    assert found
    return found.group(1)


def test_the_code_withdraws_the_named_consent_and_runs_the_request(
        sqlite_cast_desk: Desk, mailbox: Mailbox) -> None:
    desk = sqlite_cast_desk
    catalogue = build_catalogue(desk.loaded.policy)
    with desk.ledger.session() as session:
        given = consent.record_choice(session, catalogue, consent.Choice(
            email=KARI_EMAIL, method="form",
            decisions={"courses_seminars": True, "school_visits": True}),
            now=desk.now, ua_key="k").record.id
    made = person.submit_request(*desk.args, "withdraw_consent", KARI_EMAIL, None,
                                 {"activities": ["courses_seminars"]})
    done = person.confirm_code(*desk.later(minutes=2).args, made.view.id, _code(mailbox),
                               catalogue=catalogue, data_map=None, renderer=render)
    assert done.state == "completed"
    with desk.ledger.session() as session:
        record = consent.get_record(session, given)
        assert record.decisions["courses_seminars"] is False
        assert record.decisions["school_visits"] is True
        assert flags.withdrawals(session, Identity.of(email=KARI_EMAIL)) == ["courses_seminars"]
