"""A flood of 100 requests for Kari's address from one client sends her at most
`CODES_PER_ADDRESS` e-mails (counted at the local SMTP server); after the limit every
answer is a 429 with `Retry-After`, in the page's language on the centre's forms. The
counters live in the ledger, so a second app on the same ledger (another replica) sees
them too."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.consent.centre_forms import csrf_token
from tests.consent.support import Mailbox, app_for
from vernly.web.rate_limits import CODES_PER_ADDRESS

KARI = "kari.nordmann@example.no"


def test_a_flood_through_the_api_sends_at_most_the_limit(client: TestClient,
                                                         mailbox: Mailbox) -> None:
    answers = [client.post("/api/v1/requests", json={"kind": "access", "email": KARI})
               for _ in range(100)]
    statuses = [a.status_code for a in answers]
    assert statuses[:CODES_PER_ADDRESS.count] == [202] * CODES_PER_ADDRESS.count
    assert set(statuses[CODES_PER_ADDRESS.count:]) == {429}
    refused = answers[-1]
    assert 0 < int(refused.headers["retry-after"]) <= 3600
    assert refused.json()["error"] == "RateLimited"
    assert len(mailbox.to(KARI)) == CODES_PER_ADDRESS.count


def test_asking_again_and_again_for_a_new_code_is_limited_too(client: TestClient,
                                                              mailbox: Mailbox) -> None:
    token = client.post("/api/v1/requests", json={"kind": "access",
                                                  "email": KARI}).json()["status_token"]
    resent = [client.post(f"/api/v1/requests/status/{token}/code").status_code
              for _ in range(10)]
    assert resent.count(202) == CODES_PER_ADDRESS.count - 1 and resent[-1] == 429
    assert len(mailbox.to(KARI)) == CODES_PER_ADDRESS.count


def test_the_centre_form_says_so_in_the_pages_language(client: TestClient,
                                                       mailbox: Mailbox) -> None:
    for path, words in (("/personvern/rettigheter/innsyn", "For mange forsøk"),
                        ("/en/privacy/rights/access", "Too many attempts")):
        answers = []
        for _ in range(CODES_PER_ADDRESS.count + 1):
            form = client.get(path)
            answers.append(client.post(path, follow_redirects=False, data={
                "csrf_token": csrf_token(form.text), "email": KARI}))
        assert answers[-1].status_code == 429 and words in answers[-1].text
        assert int(answers[-1].headers["retry-after"]) > 0
    assert len(mailbox.to(KARI)) == CODES_PER_ADDRESS.count


def test_one_client_asking_for_many_addresses_is_limited_per_client(
        client: TestClient, mailbox: Mailbox) -> None:
    statuses = [client.post("/api/v1/requests", json={
        "kind": "access", "email": f"person{i}@example.no"}).status_code for i in range(15)]
    assert statuses.count(202) == client.app.state.settings.rate_limit_per_client  # type: ignore[attr-defined]
    assert statuses[-1] == 429


def test_another_replica_on_the_same_ledger_sees_the_same_counts(
        app: FastAPI, workspace: Path, mailbox: Mailbox) -> None:
    other = app_for(workspace, f"sqlite:///{workspace / 'ledger.sqlite'}",
                    VERNLY_SMTP_PORT=str(mailbox.port))
    first, second = TestClient(app), TestClient(other)
    body = {"kind": "access", "email": KARI}
    statuses = [(first if i % 2 else second).post("/api/v1/requests", json=body).status_code
                for i in range(6)]
    assert statuses.count(202) == CODES_PER_ADDRESS.count
    assert len(mailbox.to(KARI)) == CODES_PER_ADDRESS.count
    other.state.ledger.dispose()
