"""The code e-mail says everything in Norwegian bokmål, then in English, every sentence from
the translation catalogue, with the plural each language needs for the minutes."""

from __future__ import annotations

import pytest
from babel.support import NullTranslations

import vernly.i18n
from tests.requests.desk import Desk
from tests.support.mailbox import Mailbox, text_of
from vernly.engine.requests import mail, person
from vernly.policy.loader import load_example

KARI = "kari.nordmann@example.no"


def test_the_code_email_reads_in_bokmal_then_in_english(desk: Desk, mailbox: Mailbox) -> None:
    made = person.submit_request(*desk.args, "access", KARI, None, {})
    assert made.code_queued
    [message] = mailbox.to(KARI)
    assert message["Subject"].startswith("Engangskode / one-time code: ")
    body = text_of(message)
    norwegian = ("Hei,\n\nDu har sendt Intility AS en forespørsel om innsyn. Engangskoden din "
                 "er:")
    english = "Hello,\n\nYou have asked Intility AS for access. Your one-time code is:"
    assert body.startswith(norwegian)
    assert body.index(norwegian) < body.index("---") < body.index(english)
    assert ("Koden gjelder i 15 minutter og kan brukes én gang. Skriv den inn på siden der du "
            "sendte forespørselen.") in body
    assert "The code is valid for 15 minutes and works once." in body
    assert "Har du ikke bedt om dette, kan du se bort fra e-posten." in body


@pytest.mark.parametrize(("minutes", "nb", "en"), [
    (1, "Koden gjelder i 1 minutt og", "The code is valid for 1 minute and"),
    (2, "Koden gjelder i 2 minutter og", "The code is valid for 2 minutes and"),
])
def test_the_minutes_take_each_languages_plural(minutes: int, nb: str, en: str) -> None:
    _, body = mail.code_message(load_example().policy, "dsr-1", "withdraw_consent", "123456",
                                minutes)
    assert nb in body and en in body
    assert "forespørsel om tilbaketrekking av samtykke" in body
    assert "(er)" not in body and "(s)" not in body


def test_without_a_norwegian_catalogue_no_norwegian_is_left(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = vernly.i18n.translations
    monkeypatch.setattr(vernly.i18n, "translations",
                        lambda lang: NullTranslations() if lang == "nb" else real(lang))
    subject, body = mail.code_message(load_example().policy, "dsr-1", "access", "123456", 15)
    assert subject == "One-time code / one-time code: 123456"
    for word in ("Hei", "Engangskode", "Koden", "minutter", "innsyn", "e-posten"):
        assert word not in body
