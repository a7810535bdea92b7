"""Messaging with nothing lost: the gateway is down, registrations still succeed and their
texts wait in the outbox; when it is back, each pending SMS is delivered exactly once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from tests.forms.conftest import NOW, Site, stored
from tests.support.sms_gateway import SmsGateway
from vernly.engine.messaging import deliver_due
from vernly.ledger.messages import MessageAttempt, OutboxMessage
from vernly.settings import load_settings

VISITORS = [("Siri Dahl", "+4741234567"), ("Per Lunde", "+4792345678"),
            ("Ali Khan", "+4748765432")]


def test_registrations_survive_a_dead_gateway_and_each_text_is_sent_once(
        site: Site, gateway: SmsGateway) -> None:
    gateway.stop()
    for name, phone in VISITORS:
        response = site.client.post("/api/v1/forms/visitor",
                                    json={"full_name": name, "phone": phone, "host": "ola"})
        assert response.status_code == 201, response.text
    assert len(stored(site.workspace, "visits")) == 3
    ledger = site.app.state.ledger
    with ledger.session() as session:
        texts = session.execute(select(OutboxMessage).where(
            OutboxMessage.channel == "sms")).scalars().all()
        # Each visitor's confirmation and Ola's notice (Ola has no e-mail: SMS).
        assert len(texts) == 6
        assert {t.state for t in texts} == {"queued"}
        assert session.execute(select(func.count()).select_from(MessageAttempt)).scalar() == 6

    gateway.start()
    later = load_settings(site.workspace, site.env, now=NOW + timedelta(minutes=1))
    sent = deliver_due(ledger, later)
    assert len(sent.sent) == 6
    again = load_settings(site.workspace, site.env, now=NOW + timedelta(hours=1))
    assert deliver_due(ledger, again).sent == []
    for _, phone in VISITORS:
        assert len(gateway.to(phone)) == 1
    assert len(gateway.to("+4791234567")) == 3  # Ola, once per visitor
    assert len(gateway.delivered) == 6
