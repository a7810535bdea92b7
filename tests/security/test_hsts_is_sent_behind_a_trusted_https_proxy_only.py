"""HSTS goes out when the request came over https through a proxy `vernly serve` trusts
(`--forwarded-allow-ips`), and never when an untrusted client merely claims https."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.security.served import vernly_serve

OVER_HTTPS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def test_a_trusted_proxy_saying_https_gets_hsts(workspace: Path) -> None:
    with vernly_serve(workspace, "--forwarded-allow-ips", "127.0.0.1") as served:
        proxied = httpx.get(served.url + "/personvern", headers=OVER_HTTPS)
        direct = httpx.get(served.url + "/personvern")
    assert proxied.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert "strict-transport-security" not in direct.headers


def test_a_client_that_is_not_the_configured_proxy_gets_no_hsts(workspace: Path) -> None:
    with vernly_serve(workspace, "--forwarded-allow-ips", "192.0.2.10") as served:
        claimed = httpx.get(served.url + "/personvern", headers=OVER_HTTPS)
    assert claimed.status_code == 200
    assert "strict-transport-security" not in claimed.headers
    assert claimed.headers["x-content-type-options"] == "nosniff"
