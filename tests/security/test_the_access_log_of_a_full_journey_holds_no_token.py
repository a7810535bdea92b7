"""Kari's whole journey through a real `vernly serve` (the centre form, the e-mailed code,
the status page in both languages, the JSON status and the package download) leaves her
status token nowhere in the server's output: the access log shows `{token}` instead."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from tests.consent.centre_forms import csrf_token
from tests.consent.support import Mailbox
from tests.requests.conftest import write_cast
from tests.security.served import vernly_serve

KARI = "kari.nordmann@example.no"


def _journey(base: str, mailbox: Mailbox) -> str:
    with httpx.Client(base_url=base, timeout=60) as browser:
        form = browser.get("/personvern/rettigheter/innsyn")
        sent = browser.post("/personvern/rettigheter/innsyn",
                            data={"csrf_token": csrf_token(form.text), "email": KARI})
        assert sent.status_code == 303, sent.text
        status_path = sent.headers["location"]
        token = status_path.rsplit("/", 1)[1]
        page = browser.get(status_path)
        verified = browser.post(status_path, data={"csrf_token": csrf_token(page.text),
                                                   "code": mailbox.code_for(KARI)})
        assert verified.status_code == 303, verified.text
        assert "/api/v1/requests/status/" in browser.get(status_path).text
        assert browser.get(f"/en/privacy/status/{token}").status_code == 200
        assert browser.get(f"/api/v1/requests/status/{token}").json()["verified"] is True
        package = browser.get(f"/api/v1/requests/status/{token}/package")
        assert package.status_code == 200 and package.content.startswith(b"PK")
        return token


def test_the_access_log_shows_the_route_but_never_the_token(workspace: Path,
                                                            mailbox: Mailbox) -> None:
    write_cast(workspace)
    with vernly_serve(workspace, VERNLY_SMTP_PORT=str(mailbox.port),
                      VERNLY_MAIL_FROM="personvern@intility.no") as served:
        token = _journey(served.url, mailbox)
    log = "\n".join(served.output)
    assert token not in log
    assert re.search(r'"GET /personvern/status/\{token\} HTTP/1.1" 200', log), log
    assert re.search(r'"POST /personvern/status/\{token\} HTTP/1.1" 303', log), log
    assert re.search(r'"GET /api/v1/requests/status/\{token\}/package HTTP/1.1" 200', log), log
    assert '"POST /personvern/rettigheter/innsyn HTTP/1.1" 303' in log
