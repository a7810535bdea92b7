"""The SMS gateway is an outside service: while it is down, messages wait in the outbox
with every attempt recorded; when it is back, each is delivered exactly once, even when two
couriers (two servers) send at the same time."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.support.sms_gateway import SmsGateway
from vernly.engine.messaging import deliver, deliver_due, enqueue
from vernly.ledger.db import Ledger
from vernly.ledger.messages import MessageAttempt, OutboxMessage
from vernly.settings import Settings, load_settings

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
VISITORS = {f"visit:{n}:sms": f"+47912345{n:02d}" for n in range(12)}


def _settings(workspace: Path, gateway: SmsGateway, at: datetime) -> Settings:
    return load_settings(workspace, env=gateway.settings_env(), now=at)


def _queue_all(ledger: Ledger) -> list[int]:
    with ledger.session() as s:
        messages = [enqueue(s, event=event, channel="sms", to=number, body="Velkommen til oss",
                            now=NOW, purpose="visit.confirmation")
                    for event, number in VISITORS.items()]
        s.flush()
        return [m.id for m in messages]


def test_sms_queued_while_the_gateway_is_down_are_sent_once_when_it_returns(
        ledger: Ledger, gateway: SmsGateway, workspace: Path) -> None:
    ids = _queue_all(ledger)
    gateway.stop()
    down = deliver(ledger, _settings(workspace, gateway, NOW), ids)
    assert sorted(down.retrying) == sorted(ids) and down.sent == []
    with ledger.session() as s:
        waiting = s.query(OutboxMessage).all()
        assert {(m.state, m.attempts) for m in waiting} == {("queued", 1)}
        assert {m.last_error for m in waiting} == {
            "SMS gateway 127.0.0.1 not reachable (ConnectError)"}
        assert {m.next_attempt_at for m in waiting} == {NOW + timedelta(seconds=30)}

    gateway.start()
    back = _settings(workspace, gateway, NOW + timedelta(minutes=1))
    results: list[list[int]] = []

    def courier() -> None:
        results.append(deliver_due(ledger, back).sent)

    couriers = [threading.Thread(target=courier) for _ in range(2)]
    for c in couriers:
        c.start()
    for c in couriers:
        c.join()
    assert sorted(results[0] + results[1]) == sorted(ids)
    assert sorted(m.to for m in gateway.delivered) == sorted(VISITORS.values())
    assert gateway.posts == len(ids)  # no repeat even reached the gateway
    assert deliver_due(ledger, back).sent == []
    with ledger.session() as s:
        attempts = s.query(MessageAttempt).all()
        assert len(attempts) == 2 * len(ids)
        assert sorted(a.ok for a in attempts) == [False] * len(ids) + [True] * len(ids)


def test_a_sender_that_died_mid_send_is_taken_over_and_the_gateway_drops_the_repeat(
        ledger: Ledger, gateway: SmsGateway, workspace: Path) -> None:
    [message_id] = _queue_all(ledger)[:1]
    settings = _settings(workspace, gateway, NOW)
    deliver(ledger, settings, [message_id])
    # Play a sender that handed the SMS over and died before recording it.
    with ledger.session() as s:
        message = s.get(OutboxMessage, message_id)
        assert message is not None
        message.state, message.claim = "sending", "dead-sender"
        message.claimed_until = NOW + timedelta(minutes=5)
    still_held = deliver_due(ledger, _settings(workspace, gateway, NOW + timedelta(minutes=1)))
    assert message_id not in still_held.sent
    taken_over = deliver_due(ledger, _settings(workspace, gateway, NOW + timedelta(minutes=6)))
    assert message_id in taken_over.sent
    assert len(gateway.to(VISITORS["visit:0:sms"])) == 1


def test_a_gateway_that_refuses_the_token_is_retried_and_a_bad_number_is_not(
        ledger: Ledger, gateway: SmsGateway, workspace: Path) -> None:
    ids = _queue_all(ledger)[:1]
    wrong = load_settings(workspace, env={**gateway.settings_env(),
                                          "VERNLY_SMS_GATEWAY_TOKEN": "wrong"}, now=NOW)
    assert deliver(ledger, wrong, ids).failed == ids  # 401: trying again cannot help
    with ledger.session() as s:
        message = s.get(OutboxMessage, ids[0])
        assert message is not None
        assert (message.state, message.last_error) == ("failed", "SMS gateway 127.0.0.1 "
                                                                 "answered 401")
        assert message.next_attempt_at is None
