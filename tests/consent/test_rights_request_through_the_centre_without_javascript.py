"""A right of § 1.6 is exercised through the centre's plain HTML form: a code goes to the
address by real SMTP, the person enters it on a status page only they know the address of,
and nothing on the way tells whether the person is in our systems."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.consent.centre_forms import csrf_token, open_form
from tests.consent.support import Mailbox, app_for

KARI = "kari.nordmann@example.no"
NOBODY = "ingen.slik@example.no"


def _client(workspace: Path, mailbox: Mailbox) -> TestClient:
    app = app_for(workspace, f"sqlite:///{workspace / 'ledger.sqlite'}",
                  VERNLY_SMTP_HOST="127.0.0.1", VERNLY_SMTP_PORT=str(mailbox.port))
    return TestClient(app)


def test_an_access_request_is_verified_with_the_mailed_code(workspace: Path,
                                                            mailbox: Mailbox) -> None:
    client = _client(workspace, mailbox)
    token = open_form(client, "/personvern/rettigheter/innsyn")
    sent = client.post("/personvern/rettigheter/innsyn", follow_redirects=False,
                       data={"csrf_token": token, "email": KARI, "message": "Hva har dere?"})
    assert sent.status_code == 303
    status_url = sent.headers["location"]
    assert status_url.startswith("/personvern/status/") and len(status_url) > 50

    waiting = client.get(status_url)
    assert 'data-state="received"' in waiting.text and 'name="code"' in waiting.text

    code = mailbox.code_for(KARI)
    wrong = client.post(status_url, data={"csrf_token": csrf_token(waiting.text),
                                          "code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 422 and "Koden stemmer ikke" in wrong.text
    confirmed = client.post(status_url, data={"csrf_token": csrf_token(waiting.text),
                                              "code": code})
    assert confirmed.status_code == 200
    # Verified, the request runs at once; this workspace has no customer databases built,
    # so it stays in progress with the failed steps for an operator to see.
    assert 'data-state="in_progress"' in confirmed.text
    assert KARI not in confirmed.text


def test_the_answer_is_the_same_for_someone_we_do_not_know(workspace: Path,
                                                           mailbox: Mailbox) -> None:
    client = _client(workspace, mailbox)
    pages = []
    for email in (KARI, NOBODY):
        token = open_form(client, "/en/privacy/rights/erasure")
        sent = client.post("/en/privacy/rights/erasure", data={"csrf_token": token,
                                                               "email": email})
        assert sent.status_code == 200
        pages.append(sent.text.replace(str(sent.url).rsplit("/", 1)[1], "TOKEN"))
        mailbox.code_for(email)
    # Each response has its own CSP nonce and form token; nothing else may differ.
    strip = [re.sub(r'nonce="[^"]+"', "", p.split('name="csrf_token" value="')[0])
             for p in pages]
    assert strip[0] == strip[1]


def test_a_form_without_a_valid_csrf_token_is_refused(workspace: Path,
                                                      mailbox: Mailbox) -> None:
    client = _client(workspace, mailbox)
    client.get("/personvern/rettigheter/sletting")
    forged = client.post("/personvern/rettigheter/sletting",
                         data={"csrf_token": "forged", "email": KARI})
    assert forged.status_code == 403 and "utløpt" in forged.text
    assert mailbox.messages == []


def test_rectification_needs_something_to_correct(workspace: Path, mailbox: Mailbox) -> None:
    client = _client(workspace, mailbox)
    token = open_form(client, "/personvern/rettigheter/retting")
    empty = client.post("/personvern/rettigheter/retting",
                        data={"csrf_token": token, "email": KARI})
    assert empty.status_code == 422 and "minst én opplysning" in empty.text
    filled = client.post("/personvern/rettigheter/retting", follow_redirects=False,
                         data={"csrf_token": token, "email": KARI,
                               "change.user.contact.phone_number": "+47 924 12 345"})
    assert filled.status_code == 303


def test_an_unknown_status_link_is_a_plain_404(workspace: Path, mailbox: Mailbox) -> None:
    client = _client(workspace, mailbox)
    response = client.get("/en/privacy/status/not-a-real-token")
    assert response.status_code == 404 and "invalid or has expired" in response.text
