"""`/personvern` and `/en/privacy` serve the rendered notice with the cookie table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from vernly.cli.main import app as cli
from vernly.settings import load_settings
from vernly.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    ws = tmp_path_factory.mktemp("ws")
    assert CliRunner().invoke(cli, ["init", str(ws)]).exit_code == 0
    settings = load_settings(ws, env={"VERNLY_DATABASE_URL": f"sqlite:///{ws / 'l.sqlite'}"})
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_the_norwegian_notice_is_at_personvern(client: TestClient) -> None:
    response = client.get("/personvern")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["content-language"] == "nb"
    for fact in ("981 967 070", "Informasjonskapsler (cookies)", "<code>_ga</code>", "2 år",
                 "<code>.wmx</code>", "14 dager", "Questback AS", "fem år"):
        assert fact in response.text
    assert '<a href="/en/privacy" hreflang="en" lang="en">English</a>' in response.text
    assert response.headers["link"] == '</en/privacy>; rel="alternate"; hreflang="en"'


def test_the_english_notice_is_at_en_privacy(client: TestClient) -> None:
    response = client.get("/en/privacy")
    assert response.status_code == 200
    assert response.headers["content-language"] == "en"
    assert '<html lang="en">' in response.text and "24 hours" in response.text
    assert '<a href="/personvern" hreflang="nb" lang="nb">Norsk (bokmål)</a>' in response.text


def test_an_unchanged_notice_is_not_sent_again(client: TestClient) -> None:
    etag = client.get("/personvern").headers["etag"]
    again = client.get("/personvern", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/en/privacy").headers["etag"] != etag


def test_the_notice_is_also_available_as_markdown(client: TestClient) -> None:
    response = client.get("/personvern.md")
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert response.text.startswith("# Personvernerklæring\n")


def test_the_notice_needs_no_sign_in(client: TestClient, tmp_path: Path) -> None:
    assert client.get("/personvern", headers={"Authorization": "Bearer nonsense"}).status_code \
        == 200
