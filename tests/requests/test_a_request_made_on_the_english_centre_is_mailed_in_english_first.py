"""A person who asks on the English privacy centre gets their one-time code e-mail in English
first, the Norwegian below, with an English subject first and a link to the English status
page (real SMTP; the request keeps the language)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.consent.centre_forms import submit_form
from tests.support.mailbox import Mailbox, text_of
from vernly.engine.requests import service
from vernly.policy.loader import load_example

KARI = "kari.nordmann@example.no"


def test_the_code_email_reads_in_english_then_in_bokmal(centre_app: FastAPI,
                                                       mailbox: Mailbox) -> None:
    client = TestClient(centre_app)
    sent = submit_form(client, "/en/privacy/rights/access", {"email": KARI})
    assert sent.status_code == 303
    status_path = sent.headers["location"]
    assert status_path.startswith("/en/privacy/status/")

    [message] = mailbox.to(KARI)
    assert message["Subject"].startswith("One-time code / engangskode: ")
    body = text_of(message)
    english = "Hello,\n\nYou have asked Intility AS for access. Your one-time code is:"
    norwegian = "Hei,\n\nDu har sendt Intility AS en forespørsel om innsyn."
    assert body.startswith(english)
    assert body.index(english) < body.index("---") < body.index(norwegian)
    link = f"https://personvern.example{status_path}"
    assert f"Follow your request here:\n{link}" in body
    assert "/personvern/status/" not in body

    settings, ledger = centre_app.state.settings, centre_app.state.ledger
    [made] = service.list_requests(ledger, settings, load_example(), email=KARI)
    assert made.language == "en"
