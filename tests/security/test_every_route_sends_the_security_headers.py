"""Every response of every route (found from the app's routes) carries the security headers,
and every HTML page keeps to its own Content-Security-Policy: no inline script or handler,
every inline style allowed by the response's nonce or a listed hash."""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from tests.consent.support import Mailbox
from tests.security.pages import Route, every_route, parameter_values, sign_in

NOSNIFF = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def _directives(response: Response) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";"))}


def _assert_headers(route: Route, response: Response) -> None:
    where = f"{route.method} {route.template} ({response.status_code})"
    for name, value in NOSNIFF.items():
        assert response.headers.get(name) == value, f"{where}: {name}"
    csp = _directives(response)
    assert csp["default-src"] == ["'self'"], where
    assert csp["script-src"] == ["'self'"], where
    assert csp["frame-ancestors"] == ["'none'"], where
    assert all("unsafe" not in v and "*" not in v and "http" not in v
               for values in csp.values() for v in values), where
    assert "strict-transport-security" not in response.headers, f"{where}: HSTS over http"


def _assert_page_keeps_its_policy(route: Route, response: Response) -> None:
    where = f"{route.method} {route.template}"
    page, styles = response.text, _directives(response)["style-src"]
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    for attributes, body in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes, where
        assert "src=" not in attributes or not body.strip(), where
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", page), f"{where}: inline event handler"
    assert not re.search(r"<[^>]+\sstyle\s*=", page), f"{where}: style attribute"
    assert not re.search(r"<(script|img|iframe|link|source)\b[^>]*\s(src|href)=\"(https?:)?//",
                         page), f"{where}: loads from another site"
    for attributes, body in re.findall(r"<style\b([^>]*)>(.*?)</style>", page, re.S):
        nonce = re.search(r'nonce="([^"]+)"', attributes)
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert (nonce and f"'nonce-{nonce.group(1)}'" in styles) or \
            f"'sha256-{digest}'" in styles, f"{where}: inline style the CSP does not allow"


def test_every_response_of_every_route_carries_the_headers(
        app: FastAPI, client: TestClient, mailbox: Mailbox, dpo_token: str) -> None:
    routes = every_route(app, parameter_values(client, mailbox))
    sign_in(client, dpo_token)
    pages = []
    for route in routes:
        response = client.request(route.method, route.path, follow_redirects=False,
                                  headers={"Accept": "text/html"})
        _assert_headers(route, response)
        if response.headers.get("content-type", "").startswith("text/html"):
            _assert_page_keeps_its_policy(route, response)
            pages.append(route.template)
    # Whatever else answers (redirects of sign-in steps, features a workspace has not turned
    # on), these pages were rendered and checked in full.
    assert {"/personvern", "/en/privacy", "/personvern/sentrum", "/personvern/status/{token}",
            "/personvern/rettigheter/{slug}", "/en/privacy/rights/{slug}", "/console/login",
            "/console", "/console/requests/{request_id}", "/console/retention",
            "/docs"} <= set(pages)


def test_answers_outside_any_route_carry_them_too(client: TestClient) -> None:
    for response in (client.get("/no/such/page"), client.put("/personvern"),
                     client.post("/api/v1/requests", content=b"{"),
                     client.post("/api/v1/requests", content=b"x" * 300_000)):
        _assert_headers(Route(response.request.method, str(response.url), "-"), response)


def test_hsts_is_sent_only_over_https(app: FastAPI) -> None:
    over_https = TestClient(app, base_url="https://personvern.example.no")
    assert over_https.get("/personvern").headers["strict-transport-security"].startswith(
        "max-age=31536000")
    assert "strict-transport-security" not in TestClient(app).get("/personvern").headers


def test_each_response_has_a_nonce_of_its_own(client: TestClient) -> None:
    first, second = (_directives(client.get("/personvern/sentrum"))["style-src"]
                     for _ in range(2))
    assert first != second
