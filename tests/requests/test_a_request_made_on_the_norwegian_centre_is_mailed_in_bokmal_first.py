"""A person who asks on the Norwegian privacy centre gets their one-time code e-mail in
bokmål first, the English below, with a link to the Norwegian status page (real SMTP)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.consent.centre_forms import submit_form
from tests.support.mailbox import Mailbox, text_of
from vernly.engine.requests import service
from vernly.policy.loader import load_example

KARI = "kari.nordmann@example.no"


def test_the_code_email_reads_in_bokmal_then_in_english(centre_app: FastAPI,
                                                       mailbox: Mailbox) -> None:
    client = TestClient(centre_app)
    sent = submit_form(client, "/personvern/rettigheter/sletting", {"email": KARI})
    assert sent.status_code == 303
    status_path = sent.headers["location"]
    assert status_path.startswith("/personvern/status/")

    [message] = mailbox.to(KARI)
    assert message["Subject"].startswith("Engangskode / one-time code: ")
    body = text_of(message)
    norwegian = "Hei,\n\nDu har sendt Intility AS en forespørsel om sletting."
    english = "Hello,\n\nYou have asked Intility AS for erasure."
    assert body.startswith(norwegian)
    assert body.index(norwegian) < body.index("---") < body.index(english)
    assert f"Følg forespørselen din her:\nhttps://personvern.example{status_path}" in body
    assert "/en/privacy/status/" not in body

    settings, ledger = centre_app.state.settings, centre_app.state.ledger
    [made] = service.list_requests(ledger, settings, load_example(), email=KARI)
    assert made.language == "nb"
