"""E-mail leaves through the configured SMTP server, with the controller as Reply-To and a
Message-ID that is the same for every attempt of one event."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.support.mailbox import Mailbox
from vernly.engine.messaging import deliver, enqueue
from vernly.ledger.db import Ledger
from vernly.settings import load_settings

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def test_an_email_is_delivered_once_with_its_subject_and_reply_to(
        ledger: Ledger, mailbox: Mailbox, workspace: Path) -> None:
    settings = load_settings(workspace, env={"VERNLY_SMTP_PORT": str(mailbox.port),
                                             "VERNLY_MAIL_FROM": "personvern@intility.no"},
                             now=NOW)
    with ledger.session() as s:
        message = enqueue(s, event="visit:1:host", channel="email", to="vert@intility.no",
                          subject="Besøk", body="Du har besøk i resepsjonen.", now=NOW,
                          reply_to="personvern@intility.no", purpose="visit.host")
        s.flush()
        message_id = message.id
    assert deliver(ledger, settings, [message_id]).sent == [message_id]
    assert deliver(ledger, settings, [message_id]).sent == []
    [mail] = mailbox.to("vert@intility.no")
    assert mail["Subject"] == "Besøk" and mail["From"] == "personvern@intility.no"
    assert mail["Reply-To"] == "personvern@intility.no"
    assert mail["Message-ID"].endswith("@vernly.outbox>")
