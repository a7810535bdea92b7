"""Without JavaScript the cookie settings form records the same ledger record as the banner,
and withdrawing on the consent page takes one click and expires the cookies."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.consent.centre_forms import open_form


def _record(client: TestClient) -> dict:  # type: ignore[type-arg]
    import json
    from urllib.parse import unquote

    value: dict = json.loads(unquote(client.cookies["vernly_consent"]))  # type: ignore[type-arg]
    return value


def test_nothing_is_ticked_before_a_choice(client: TestClient) -> None:
    page = client.get("/personvern/informasjonskapsler").text
    assert 'value="statistics">' in page and 'value="statistics" checked' not in page
    assert 'value="marketing">' in page


def test_saving_and_withdrawing_in_one_click(client: TestClient) -> None:
    token = open_form(client, "/personvern/informasjonskapsler")
    client.cookies.set("_ga", "GA1.1.123.456", domain="testserver.local")
    client.cookies.set("_ga_ABC123", "GS1.1.789", domain="testserver.local")
    saved = client.post("/personvern/informasjonskapsler", follow_redirects=False, data={
        "csrf_token": token, "action": "save", "category": ["statistics"],
        "service": ["google_analytics"]})
    assert saved.status_code == 303
    stored = _record(client)
    assert stored["c"] == {"statistics": True, "marketing": False} and stored["m"] == "form"
    ledger = client.get(f"/api/v1/consent/{stored['r']}").json()
    assert ledger["decisions"] == {"statistics": True, "marketing": False}
    assert ledger["services"] == {"google_analytics": True, "google_tag_manager": False}
    assert "_ga" in client.cookies

    consent_page = client.get("/personvern/samtykke").text
    assert 'data-purpose="statistics" data-status="given"' in consent_page
    from tests.consent.centre_forms import csrf_token

    withdrawn = client.post("/personvern/samtykke", follow_redirects=False,
                            data={"csrf_token": csrf_token(consent_page)})
    assert withdrawn.status_code == 303
    expired = withdrawn.headers.get_list("set-cookie")
    assert any(h.startswith("_ga=") and "Max-Age=0" in h for h in expired)
    assert any(h.startswith("_ga_ABC123=") and "Max-Age=0" in h for h in expired)
    assert "_ga" not in client.cookies and "_ga_ABC123" not in client.cookies
    after = client.get(f"/api/v1/consent/{stored['r']}").json()
    assert after["state"]["statistics"]["status"] == "withdrawn"
    assert after["state"]["statistics"]["method"] == "form"
    assert 'data-status="withdrawn"' in client.get("/personvern/samtykke").text


def test_accept_all_in_the_form_under_gpc_is_no_to_marketing(client: TestClient) -> None:
    token = open_form(client, "/en/privacy/cookies")
    client.post("/en/privacy/cookies", headers={"Sec-GPC": "1"},
                data={"csrf_token": token, "action": "all"})
    ledger = client.get(f"/api/v1/consent/{_record(client)['r']}").json()
    assert ledger["decisions"] == {"statistics": True, "marketing": False}
    assert ledger["state"]["marketing"]["method"] == "gpc"
