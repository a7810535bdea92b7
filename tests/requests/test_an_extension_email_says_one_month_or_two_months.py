"""The e-mail telling the person their deadline is extended (Art. 12(3)) uses each
language's plural: "1 måned" / "2 måneder", "1 month" / "2 months", never "måned(er)"."""

from __future__ import annotations

import pytest

from tests.requests.desk import Desk
from tests.support.mailbox import Mailbox
from vernly.engine.requests import mail, service
from vernly.policy.loader import load_example

KARI = "kari.nordmann@example.no"


@pytest.mark.parametrize(("months", "nb", "en"), [
    (1, "forlenget med 1 måned til 2026-03-31", "extended by 1 month to 2026-03-31"),
    (2, "forlenget med 2 måneder til 2026-03-31", "extended by 2 months to 2026-03-31"),
])
def test_the_months_take_each_languages_plural(months: int, nb: str, en: str) -> None:
    subject, body = mail.extension_message(load_example().policy, "dsr-1", months,
                                           "2026-03-31", "Mange systemer å gå gjennom")
    assert subject == "Forlenget svarfrist / extended deadline: dsr-1"
    assert f"Fristen er {nb} (personvernforordningen artikkel 12 nr. 3)." in body
    assert f"The deadline is {en} (GDPR Article 12(3))." in body
    assert "Begrunnelse: Mange systemer å gå gjennom" in body
    assert "(er)" not in body and "(s)" not in body


def test_the_person_gets_the_extension_by_smtp(desk: Desk, mailbox: Mailbox) -> None:
    made = desk.submit("access", KARI)
    service.extend(*desk.later(days=3).args, made.id, 2, "Many systems to search", "dpo")
    [message] = mailbox.to(KARI)
    assert message["Subject"] == f"Forlenget svarfrist / extended deadline: {made.id}"
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    body = payload.decode()
    assert "Fristen er forlenget med 2 måneder til" in body
    assert "The deadline is extended by 2 months to" in body
