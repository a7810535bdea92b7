"""In headless Chromium, the notice, the privacy centre with its cookie banner, a status
page and the console (signed in) load under the Content-Security-Policy with no violation:
no `securitypolicyviolation` event and no CSP message in the console."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.consent.support import Mailbox
from tests.security.pages import parameter_values
from tests.support.browser import in_chromium, serving

pytestmark = pytest.mark.browser

LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _violations(page: Any, path: str, base: str, console: list[str]) -> list[str]:
    page.goto(base + path, wait_until="networkidle")
    found: list[str] = page.evaluate("() => window.__violations")
    return [f"{path}: {v}" for v in found + console]


def test_pages_load_under_the_csp_without_a_violation(app: FastAPI, client: TestClient,
                                                      mailbox: Mailbox, dpo_token: str) -> None:
    token = parameter_values(client, mailbox)["token"]
    paths = ["/personvern", "/en/privacy", "/personvern/sentrum", "/en/privacy/cookies",
             "/personvern/rettigheter/innsyn", f"/personvern/status/{token}", "/console/login",
             "/docs"]
    problems: list[str] = []

    def check(browser: Any) -> None:
        page = browser.new_page()
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text)
                if "Content Security Policy" in m.text else None)
        page.add_init_script(LISTEN)
        for path in paths:
            problems.extend(_violations(page, path, base, console))
            console.clear()
        page.goto(base + "/personvern/sentrum")
        # The banner's script (from vernly's own origin) ran under the policy: its dialog is up.
        page.wait_for_selector("#vc-t")
        page.goto(base + "/console/login")
        page.fill("input[name=token]", dpo_token)
        page.click("form[action='/console/login/token'] button[type=submit]")
        page.wait_for_url(base + "/console")
        for path in ("/console", "/console/requests", "/console/retention"):
            problems.extend(_violations(page, path, base, console))
            console.clear()
        # A style from elsewhere is refused: the policy really is enforced.
        page.evaluate("""() => { const s = document.createElement('style');
                                 s.textContent = 'body{color:red}';
                                 document.head.appendChild(s); }""")
        page.wait_for_timeout(200)
        refused = page.evaluate("() => window.__violations")
        assert any("style-src" in v for v in refused), refused

    with serving(app) as base:
        in_chromium(check)
    assert problems == []
