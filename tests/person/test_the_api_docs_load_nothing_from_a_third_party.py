"""`/docs` shows the API in Swagger UI from vernly's own files: in Chromium the operations
appear, every request the page makes goes to vernly, and no page script is inline."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from tests.consent.support import app_for, make_workspace
from tests.support.browser import in_chromium, serving


def test_the_docs_page_has_no_inline_script_and_no_foreign_address(tmp_path: Path) -> None:
    client = TestClient(app_for(make_workspace(tmp_path)))
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text and "https://" not in page.text
    assert "<script>" not in page.text
    for asset in ("/docs/assets/swagger-ui.css", "/docs/assets/swagger-ui-bundle.js",
                  "/docs/init.js"):
        assert client.get(asset).status_code == 200, asset
    assert client.get("/redoc").status_code == 404


def test_swagger_ui_shows_the_operations_from_loopback_only(tmp_path: Path) -> None:
    app = app_for(make_workspace(tmp_path))
    hosts: set[str] = set()
    shown: list[int] = []

    with serving(app) as base:
        def check(browser: Any) -> None:
            page = browser.new_page()
            page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname or r.url))
            page.goto(f"{base}/docs")
            page.wait_for_selector(".opblock", timeout=30000)
            shown.append(page.locator(".opblock").count())

        in_chromium(check)
    assert hosts == {"127.0.0.1"}
    assert shown and shown[0] > 10
