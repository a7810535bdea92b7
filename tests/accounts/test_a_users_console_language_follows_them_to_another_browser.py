"""The console's language is chosen per user: Kari picks Norwegian in one browser and the
console speaks Norwegian to her in another, while a colleague keeps their own choice."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.accounts.conftest import CAST, HTML, csrf_of, sign_in


def _heading(client: TestClient) -> str:
    page = client.get("/console/requests", headers=HTML).text
    return page.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_a_choice_made_in_one_browser_holds_in_another(app_client: TestClient,
                                                        cast: dict[str, int]) -> None:
    first = app_client
    assert sign_in(first, CAST["dpo"]).status_code == 303
    assert _heading(first) == "Inbox"
    page = first.get("/console/requests", headers=HTML).text
    switched = first.post("/console/language", data={
        "lang": "nb", "csrf_token": csrf_of(page), "next": "/console/requests"},
        follow_redirects=False)
    assert switched.status_code == 303
    assert _heading(first) == "Innboks"

    second = TestClient(first.app, headers={"Accept-Language": "en"})
    assert sign_in(second, CAST["dpo"]).status_code == 303
    assert "vernly_console_lang" not in second.cookies
    assert _heading(second) == "Innboks"

    colleague = TestClient(first.app, headers={"Accept-Language": "en"})
    assert sign_in(colleague, CAST["engineer"]).status_code == 303
    assert _heading(colleague) == "Inbox"
