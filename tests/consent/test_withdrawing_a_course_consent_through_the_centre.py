"""Kari Nordmann withdraws her course-and-seminar consent with the centre's withdraw form:
once she enters the mailed code, the ledger records the withdrawal and the decision says no,
while her school-visit consent is untouched."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.consent.centre_forms import csrf_token, open_form
from tests.consent.support import Mailbox, app_for
from vernly.web.auth import service_for

KARI = "kari.nordmann@example.no"


def test_withdraw_form_then_code_withdraws_in_the_ledger(workspace: Path,
                                                         mailbox: Mailbox) -> None:
    app = app_for(workspace, f"sqlite:///{workspace / 'ledger.sqlite'}",
                  VERNLY_SMTP_HOST="127.0.0.1", VERNLY_SMTP_PORT=str(mailbox.port))
    client = TestClient(app)
    _, token = service_for(app).create("Påmeldingssystemet", "engineer", actor="test")
    auth = {"Authorization": f"Bearer {token}"}
    client.post("/api/v1/consent/verified", headers=auth, json={
        "email": KARI, "decisions": {"courses_seminars": True, "school_visits": True}})

    def allowed(purpose: str) -> bool:
        answer = client.get("/api/v1/decision", headers=auth,
                            params={"subject": KARI, "purpose": purpose}).json()
        return bool(answer["allowed"])

    assert allowed("courses_seminars") and allowed("school_visits")

    consent_page = client.get("/personvern/samtykke").text
    assert "/personvern/rettigheter/trekk-samtykke?activity=courses_seminars" in consent_page
    form = client.get("/personvern/rettigheter/trekk-samtykke?activity=courses_seminars").text
    assert 'value="courses_seminars" checked' in form
    assert 'value="school_visits" >' in form or 'value="school_visits">' in form
    sent = client.post("/personvern/rettigheter/trekk-samtykke", follow_redirects=False, data={
        "csrf_token": csrf_token(form), "email": KARI, "activity": ["courses_seminars"]})
    status_url = sent.headers["location"]
    assert allowed("courses_seminars")  # nothing happens before the address is confirmed

    page = client.get(status_url).text
    client.post(status_url, data={"csrf_token": csrf_token(page),
                                  "code": mailbox.code_for(KARI)})

    assert not allowed("courses_seminars")
    assert allowed("school_visits")
    records = client.get("/api/v1/decision", headers=auth,
                         params={"subject": KARI, "purpose": "courses_seminars"}).json()
    assert (records["reason"], records["method"]) == ("withdrawn", "form")
    app.state.ledger.dispose()


def test_the_centre_pages_open_in_both_languages(workspace: Path) -> None:
    client = TestClient(app_for(workspace, f"sqlite:///{workspace / 'ledger.sqlite'}"))
    for nb, en in [("/personvern/sentrum", "/en/privacy/centre"),
                   ("/personvern/rettigheter", "/en/privacy/rights"),
                   ("/personvern/informasjonskapsler", "/en/privacy/cookies"),
                   ("/personvern/samtykke", "/en/privacy/consent")]:
        page_nb, page_en = client.get(nb), client.get(en)
        assert page_nb.status_code == page_en.status_code == 200
        assert '<html lang="nb">' in page_nb.text and '<html lang="en">' in page_en.text
        assert f'href="{en}"' in page_nb.text and f'href="{nb}"' in page_en.text
        assert 'src="/consent/banner.js?v=' in page_nb.text
        assert "data-vernly-consent-open" in page_en.text
    open_form(client, "/en/privacy/rights/portability")
