"""A person who asks on the English privacy centre gets their one-time code e-mail in English
first, the Norwegian below, with an English subject first and a link to the English status
page (real SMTP; the request keeps the language)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.consent.centre_forms import open_form
from tests.consent.support import Mailbox, app_for
from vernly.engine.requests import service
from vernly.policy.loader import load_example

KARI = "kari.nordmann@example.no"


def _body(mailbox: Mailbox) -> str:
    payload = mailbox.messages[-1].get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode().replace("\r", "")


def test_the_code_email_reads_in_english_then_in_bokmal(workspace: Path,
                                                       mailbox: Mailbox) -> None:
    app = app_for(workspace, f"sqlite:///{workspace / 'ledger.sqlite'}",
                  VERNLY_SMTP_HOST="127.0.0.1", VERNLY_SMTP_PORT=str(mailbox.port),
                  VERNLY_PUBLIC_URL="https://personvern.example")
    client = TestClient(app)
    token = open_form(client, "/en/privacy/rights/access")
    sent = client.post("/en/privacy/rights/access", follow_redirects=False,
                       data={"csrf_token": token, "email": KARI})
    assert sent.status_code == 303
    status_path = sent.headers["location"]
    assert status_path.startswith("/en/privacy/status/")

    [message] = mailbox.to(KARI)
    assert message["Subject"].startswith("One-time code / engangskode: ")
    body = _body(mailbox)
    english = "Hello,\n\nYou have asked Intility AS for access. Your one-time code is:"
    norwegian = "Hei,\n\nDu har sendt Intility AS en forespørsel om innsyn."
    assert body.startswith(english)
    assert body.index(english) < body.index("---") < body.index(norwegian)
    link = f"https://personvern.example{status_path}"
    assert f"Follow your request here:\n{link}" in body
    assert "/personvern/status/" not in body

    settings, ledger = app.state.settings, app.state.ledger
    [made] = service.list_requests(ledger, settings, load_example(), email=KARI)
    assert made.language == "en"
