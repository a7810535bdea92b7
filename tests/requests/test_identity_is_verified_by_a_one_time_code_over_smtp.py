"""Identity verification: a six-digit code sent by e-mail over real SMTP, stored only hashed,
valid 15 minutes, good once, five wrong answers reject the request."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from tests.requests.desk import Desk
from tests.support.mailbox import Mailbox
from vernly.engine.requests import service
from vernly.errors import Conflict, InvalidInput, PermissionDenied

KARI = "Kari.Nordmann@Example.no"


def _code(mailbox: Mailbox) -> str:
    payload = mailbox.messages[-1].get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode().replace("\r", "")
    found = re.search(r"^\s+(\d{6})$", body, re.M)
    assert found, body
    return found.group(1)


def test_the_code_arrives_by_smtp_and_verifies_the_request(desk: Desk, mailbox: Mailbox) -> None:
    submitted = desk.submit("access", KARI)
    assert submitted.state == "received" and submitted.status_token
    service.send_code(*desk.args, submitted.id)
    [message] = mailbox.to("kari.nordmann@example.no")
    assert submitted.id in message["Subject"] + message.get_payload()  # type: ignore[operator]
    code = _code(mailbox)
    verified = service.verify_code(*desk.later(minutes=3).args, submitted.id, code)
    assert verified.state == "verified" and verified.verified_by == "email-code"


def test_the_code_is_stored_only_as_a_hash(desk: Desk, mailbox: Mailbox) -> None:
    submitted = desk.submit("access", KARI)
    service.send_code(*desk.args, submitted.id)
    code = _code(mailbox)
    with desk.ledger.session() as s:
        stored = s.execute(text("SELECT code_hash FROM dsr_verification_codes")).scalar_one()
        token_hash = s.execute(text("SELECT status_token_hash FROM dsr_requests")).scalar_one()
    assert code not in stored and stored.startswith("$argon2")
    assert submitted.status_token not in token_hash


def test_a_wrong_code_says_how_many_attempts_are_left(desk: Desk, mailbox: Mailbox) -> None:
    submitted = desk.submit("erasure", KARI)
    service.send_code(*desk.args, submitted.id)
    wrong = "000000" if _code(mailbox) != "000000" else "111111"
    with pytest.raises(InvalidInput, match="4 attempt\\(s\\) left"):
        service.verify_code(*desk.args, submitted.id, wrong)
    with pytest.raises(InvalidInput, match="3 attempt\\(s\\) left"):
        service.verify_code(*desk.args, submitted.id, wrong)
    assert service.get(*desk.args, submitted.id).state == "received"


def test_five_wrong_codes_reject_the_request(desk: Desk, mailbox: Mailbox) -> None:
    submitted = desk.submit("erasure", KARI)
    service.send_code(*desk.args, submitted.id)
    right = _code(mailbox)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(4):
        with pytest.raises(InvalidInput):
            service.verify_code(*desk.args, submitted.id, wrong)
    with pytest.raises(PermissionDenied, match="too many attempts"):
        service.verify_code(*desk.args, submitted.id, wrong)
    after = service.get(*desk.args, submitted.id)
    assert after.state == "rejected" and "verification" in (after.rejected_reason or "")
    with pytest.raises(Conflict):
        service.verify_code(*desk.args, submitted.id, right)


def test_an_expired_code_is_refused(desk: Desk, mailbox: Mailbox) -> None:
    submitted = desk.submit("access", KARI)
    service.send_code(*desk.args, submitted.id)
    with pytest.raises(InvalidInput, match="expired"):
        service.verify_code(*desk.later(minutes=16).args, submitted.id, _code(mailbox))


def test_a_new_code_voids_the_old_one(desk: Desk, mailbox: Mailbox) -> None:
    submitted = desk.submit("access", KARI)
    service.send_code(*desk.args, submitted.id)
    first = _code(mailbox)
    service.send_code(*desk.args, submitted.id)
    second = _code(mailbox)
    if first != second:
        with pytest.raises(InvalidInput, match="wrong code"):
            service.verify_code(*desk.args, submitted.id, first)
    assert service.verify_code(*desk.args, submitted.id, second).state == "verified"


def test_nothing_runs_before_verification(desk: Desk, mailbox: Mailbox) -> None:
    submitted = desk.submit("access", KARI)
    with pytest.raises(Conflict, match="not verified"):
        service.run(*desk.args, submitted.id, "operator:Ingrid Berg")


def test_a_code_mailed_while_the_server_is_away_is_kept_and_arrives_once_it_is_back(
        desk: Desk, mailbox: Mailbox) -> None:
    import dataclasses

    from vernly.engine.messaging import deliver_due
    from vernly.ledger.messages import MessageAttempt, OutboxMessage

    submitted = desk.submit("access", KARI)
    broken = dataclasses.replace(desk.settings, smtp_port=1)
    service.send_code(desk.ledger, broken, desk.loaded, submitted.id)
    assert mailbox.messages == []
    with desk.ledger.session() as s:
        [message] = s.query(OutboxMessage).all()
        assert (message.state, message.attempts, message.purpose) == ("queued", 1, "request.code")
        assert message.last_error == "SMTP 127.0.0.1:1 not reachable (ConnectionRefusedError)"
    assert deliver_due(desk.ledger, desk.settings).sent == []  # not due yet: it waits 30 s
    later = desk.later(minutes=1)
    assert deliver_due(later.ledger, later.settings).sent == [message.id]
    assert deliver_due(later.ledger, later.settings).sent == []
    assert len(mailbox.to("kari.nordmann@example.no")) == 1
    verified = service.verify_code(*later.args, submitted.id, _code(mailbox))
    assert verified.state == "verified"
    with desk.ledger.session() as s:
        assert [a.ok for a in s.query(MessageAttempt).order_by(MessageAttempt.id)] == [False, True]
