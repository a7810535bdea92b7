"""Reading the centre's HTML forms the way a browser without JavaScript would."""

from __future__ import annotations

import re

import httpx
from fastapi.testclient import TestClient


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def open_form(client: TestClient, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    return csrf_token(page.text)


def submit_form(client: TestClient, path: str, fields: dict[str, str]) -> httpx.Response:
    """Open the form at `path` and send it with `fields` and its CSRF token; the answer,
    redirects not followed."""
    token = open_form(client, path)
    return client.post(path, data={"csrf_token": token, **fields}, follow_redirects=False)
