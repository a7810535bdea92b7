"""Security headers on every response: CSP, frame-ancestors, nosniff, referrer, HSTS.

The Content-Security-Policy allows scripts, styles, images, fonts and fetches from vernly's
own origin only, so a page that one day loads a CDN fails in the browser instead of leaking
visitors to a third party. No inline script is allowed at all; an inline `<style>` is
allowed when it carries the response's nonce (`request.state.csp_nonce`, which templates
write as `<style nonce="...">`) or when the route lists the hash of its text in
`request.state.csp_hashes` (pages rendered once and cached, like the notice). A response
that carries a policy of its own keeps it (the routes test asserts none of vernly's does).

HSTS is sent only when the request arrived over https: directly, or through a proxy whose
address uvicorn trusts (`vernly serve --forwarded-allow-ips`), which sets the scheme from
`X-Forwarded-Proto`. A plain-http request never gets it, so a local `vernly serve` is not
locked out of http.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HSTS = "max-age=31536000; includeSubDomains"
FIXED = {
    "X-Content-Type-Options": "nosniff",
    # Status links carry the person's token: no other site may learn them from a Referer.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def style_hash(text: str) -> str:
    """The CSP source that allows one inline `<style>` whose content is exactly `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


_INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def inline_style_hashes(html: str) -> list[str]:
    """The CSP sources for the nonce-less `<style>` elements of a page rendered ahead."""
    return [style_hash(text) for text in _INLINE_STYLE.findall(html)]


def content_security_policy(nonce: str, hashes: list[str]) -> str:
    styles = " ".join(["'self'", f"'nonce-{nonce}'", *hashes])
    return "; ".join((
        "default-src 'self'",
        "script-src 'self'",
        f"style-src {styles}",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


class SecurityHeaders:
    """ASGI middleware adding the headers above to every HTTP response of the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        nonce = secrets.token_urlsafe(18)
        state["csp_nonce"] = nonce
        state["csp_hashes"] = []

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in FIXED.items():
                    headers[name] = value
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = content_security_policy(
                        nonce, list(state.get("csp_hashes", [])))
                if scope.get("scheme") == "https":
                    headers["Strict-Transport-Security"] = HSTS
            await send(message)

        await self.app(scope, receive, send_with_headers)
