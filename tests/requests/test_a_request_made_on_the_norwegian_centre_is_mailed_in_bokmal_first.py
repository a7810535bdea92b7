"""A person who asks on the Norwegian privacy centre gets their one-time code e-mail in
bokmål first, the English below, with a link to the Norwegian status page (real SMTP)."""

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


def test_the_code_email_reads_in_bokmal_then_in_english(workspace: Path,
                                                       mailbox: Mailbox) -> None:
    app = app_for(workspace, f"sqlite:///{workspace / 'ledger.sqlite'}",
                  VERNLY_SMTP_HOST="127.0.0.1", VERNLY_SMTP_PORT=str(mailbox.port),
                  VERNLY_PUBLIC_URL="https://personvern.example")
    client = TestClient(app)
    token = open_form(client, "/personvern/rettigheter/sletting")
    sent = client.post("/personvern/rettigheter/sletting", follow_redirects=False,
                       data={"csrf_token": token, "email": KARI})
    assert sent.status_code == 303
    status_path = sent.headers["location"]
    assert status_path.startswith("/personvern/status/")

    [message] = mailbox.to(KARI)
    assert message["Subject"].startswith("Engangskode / one-time code: ")
    body = _body(mailbox)
    norwegian = "Hei,\n\nDu har sendt Intility AS en forespørsel om sletting."
    english = "Hello,\n\nYou have asked Intility AS for erasure."
    assert body.startswith(norwegian)
    assert body.index(norwegian) < body.index("---") < body.index(english)
    assert f"Følg forespørselen din her:\nhttps://personvern.example{status_path}" in body
    assert "/en/privacy/status/" not in body

    settings, ledger = app.state.settings, app.state.ledger
    [made] = service.list_requests(ledger, settings, load_example(), email=KARI)
    assert made.language == "nb"
