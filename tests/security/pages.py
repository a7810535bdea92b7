"""Every route of the app, found by walking its routes, with real values for its parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from tests.consent.centre_forms import csrf_token
from tests.consent.support import Mailbox


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    """The route's path with its parameters filled in."""
    template: str
    """The route's path as declared, `{token}` and all."""


def sign_in(client: TestClient, token: str) -> None:
    form = client.get("/console/login")
    answer = client.post("/console/login/token", data={
        "token": token, "csrf_token": csrf_token(form.text), "next": "/console"},
        follow_redirects=False)
    assert answer.status_code == 303, answer.text


def parameter_values(client: TestClient, mailbox: Mailbox) -> dict[str, str]:
    """Values that reach the page itself, not its 404: a real request, token, hold, task."""
    made = client.post("/api/v1/requests", json={"kind": "access",
                                                  "email": "kari.nordmann@example.no"})
    assert made.status_code == 202, made.text
    mailbox.code_for("kari.nordmann@example.no")
    return {"token": made.json()["status_token"], "request_id": made.json()["id"],
            "slug": "innsyn", "en_slug": "access", "record_id": "1", "name": "kari", "hold_id": "1",
            "task_id": "1", "action": "run"}


def _value(values: dict[str, str], template: str, name: str) -> str:
    prefix = "en_" if template.startswith("/en/") else ""
    return values.get(prefix + name, values.get(name, "x"))


def every_route(app: FastAPI, values: dict[str, str]) -> list[Route]:
    """Every route and method: reads first, then the writes (one disables an operator)."""
    routes = []
    for context in iter_route_contexts(app.routes):
        path = re.sub(r"\{(\w+)(?::\w+)?\}",
                      lambda m, p=context.path: _value(values, p, m.group(1)), context.path)
        for method in sorted(context.methods or {"GET"}):
            if method != "HEAD":
                routes.append(Route(method, path, context.path))
    return sorted(routes, key=lambda r: r.method != "GET")
