"""The e-mail that tells the person their request is done comes from the translation
catalogue: bokmål first, then English, naming what they asked for in each language."""

from __future__ import annotations

import pytest
from babel.support import NullTranslations

import vernly.i18n
from vernly.engine.requests import mail
from vernly.policy.loader import load_example

LINKS = {"nb": "https://personvern.example/personvern/status/t",
         "en": "https://personvern.example/en/privacy/status/t"}


def test_a_ready_package_is_announced_in_both_languages_with_each_link() -> None:
    subject, body = mail.completed_message(load_example().policy, "dsr-1", "access", True,
                                           LINKS)
    assert subject == "Opplysningene dine er klare / your data is ready"
    nb = ("Hei,\n\nOpplysningene Intility AS har om deg, er klare. Last dem ned fra siden for "
          "forespørselen din (lenken nedenfor).\n\nFølg forespørselen din her:\n" + LINKS["nb"])
    en = ("Hello,\n\nThe data Intility AS holds about you is ready. Download it from your "
          "request's page (the link below).\n\nFollow your request here:\n" + LINKS["en"])
    assert body.startswith(nb)
    assert body.index("---") < body.index(en)
    assert body.endswith("Intility AS · privacy@intility.no · dsr-1\n")


@pytest.mark.parametrize(("kind", "nb", "en"), [
    ("erasure", "om sletting.", "for erasure."),
    ("objection", "om protest mot behandlingen.", "for objection."),
    ("restriction", "om begrensning av behandlingen.", "for restriction of processing."),
])
def test_a_completed_request_is_named_in_each_language(kind: str, nb: str, en: str) -> None:
    subject, body = mail.completed_message(load_example().policy, "dsr-1", kind, False, {})
    assert subject == "Forespørselen din er ferdig behandlet / your request is complete"
    assert f"Vi har gjennomført forespørselen din {nb}" in body
    assert f"We have carried out your request {en}" in body


def test_without_a_norwegian_catalogue_no_norwegian_is_left(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = vernly.i18n.translations
    monkeypatch.setattr(vernly.i18n, "translations",
                        lambda lang: NullTranslations() if lang == "nb" else real(lang))
    _, body = mail.completed_message(load_example().policy, "dsr-1", "erasure", False, {})
    for word in ("Hei", "gjennomført", "sletting"):
        assert word not in body
