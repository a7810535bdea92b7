"""The request page names the language the person used (their e-mails lead with it), so an
operator who writes to them can write in it too."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.console.conftest import HTML, sign_in
from vernly.engine.requests import service


def _language_on_page(client: TestClient, tokens: dict[str, str], language: str) -> str:
    app = client.app
    made = service.submit(app.state.ledger, app.state.settings, app.state.policy,  # type: ignore[attr-defined]
                          "access", "kari.nordmann@example.no", channel="web",
                          language=language)
    sign_in(client, tokens["viewer"])
    page = client.get(f"/console/requests/{made.id}", headers=HTML).text
    start = page.index('id="language"')
    return page[start:page.index("</dd>", start)]


def test_an_english_request_says_english(client: TestClient, tokens: dict[str, str]) -> None:
    assert '<span lang="en">English</span>' in _language_on_page(client, tokens, "en")


def test_a_norwegian_request_says_norwegian(client: TestClient,
                                            tokens: dict[str, str]) -> None:
    assert '<span lang="nb">norsk (bokmål)</span>' in _language_on_page(client, tokens, "nb")
