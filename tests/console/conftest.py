"""A workspace, its app with operators of each role, and a signed-in console client."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.operators.conftest import client, settings, tokens, workspace
from vernly.engine.requests import service

__all__ = ["client", "settings", "tokens", "workspace"]

HTML = {"Accept": "text/html"}


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the page has no form token"
    return match.group(1)


def sign_in(client: TestClient, token: str) -> None:
    form = client.get("/console/login")
    client.post("/console/login/token", data={"token": token, "csrf_token": csrf_of(form.text),
                                        "next": "/console"})


def submit(client: TestClient, kind: str, email: str, phone: str | None = None,
           details: dict[str, object] | None = None) -> str:
    app = client.app
    view = service.submit(app.state.ledger, app.state.settings, app.state.policy,  # type: ignore[attr-defined]
                          kind, email, phone, details, channel="web")
    return view.id
