"""In a real browser: a visitor registers on the kiosk (nb), the SMS reaches the local
gateway and the host's e-mail the local SMTP server; a pupil gives consent on the school
visit form (en) and the confirmation e-mail arrives. Every page axe-clean at 1280 and
390 px, with no sideways scrolling and nothing loaded from another host."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.forms.conftest import KARI, SIRI_PHONE, make_app, stored
from tests.support.browser import checked_at_both_widths, in_chromium, serving
from tests.support.mailbox import Mailbox
from tests.support.sms_gateway import SmsGateway

LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _csp_violations(browser: Any, base: str, paths: list[str]) -> list[str]:
    """Violations of the real Content-Security-Policy on each page, as the page reports them."""
    page = browser.new_page()
    page.add_init_script(LISTEN)
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text)
            if "Content Security Policy" in m.text else None)
    for path in paths:
        page.goto(base + path, wait_until="networkidle")
        found += [f"{path}: {v}" for v in page.evaluate("() => window.__violations")]
    return found


def _wait(found: Any, what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not arrive")


@pytest.fixture
def browser_env(env: dict[str, str]) -> dict[str, str]:
    return {**env, "VERNLY_SWEEP_INTERVAL": "0", "VERNLY_REQUEST_RETRY_INTERVAL": "0"}


def test_a_visitor_registers_on_the_kiosk(workspace: Path, browser_env: dict[str, str],
                                          gateway: SmsGateway, mailbox: Mailbox) -> None:
    app = make_app(workspace, browser_env)
    with serving(app) as base:
        def check(browser: Any) -> None:
            assert _csp_violations(browser, base, ["/kiosk", "/en/kiosk"]) == []
            page = browser.new_page()
            foreign: list[str] = []
            page.on("request", lambda r: foreign.append(r.url)
                    if not r.url.startswith(base) else None)
            page.goto(f"{base}/kiosk")
            assert page.locator("h1").inner_text() == "Registrer besøket ditt"
            assert checked_at_both_widths(page, "forms-kiosk") == []
            page.get_by_role("button", name="Registrer").click()
            assert page.locator("#errors").is_visible()
            assert checked_at_both_widths(page, "forms-kiosk-errors") == []
            page.get_by_label("Fullt navn").fill("Siri Dahl")
            page.get_by_label("Mobilnummer").fill("412 34 567")
            page.get_by_label("Hvem skal du møte?").select_option("kari")
            box = page.get_by_role("button", name="Registrer").bounding_box()
            assert box["height"] >= 48  # a touch target
            page.get_by_role("button", name="Registrer").click()
            assert "Takk!" in page.get_by_role("status").inner_text()
            assert checked_at_both_widths(page, "forms-kiosk-done") == []
            page.goto(f"{base}/en/kiosk")
            assert page.locator("h1").inner_text() == "Register your visit"
            assert checked_at_both_widths(page, "forms-kiosk-en") == []
            assert foreign == []
        in_chromium(check)
    _wait(lambda: gateway.to(SIRI_PHONE), "the SMS")
    _wait(lambda: mailbox.to(KARI), "the host's e-mail")
    assert "Siri" in gateway.to(SIRI_PHONE)[0].text
    assert [r["full_name"] for r in stored(workspace, "visits")] == ["Siri Dahl"]


def test_a_pupil_gives_consent_on_the_school_visit_form(workspace: Path,
                                                        browser_env: dict[str, str],
                                                        mailbox: Mailbox) -> None:
    app = make_app(workspace, browser_env)
    with serving(app) as base:
        def check(browser: Any) -> None:
            assert _csp_violations(browser, base, ["/en/forms/school_visit",
                                                   "/skjema/course"]) == []
            page = browser.new_page()
            page.goto(f"{base}/en/forms/school_visit")
            assert checked_at_both_widths(page, "forms-school-visit") == []
            page.get_by_role("textbox", name="Name", exact=True).fill("Jonas Lie")
            page.get_by_role("textbox", name="E-mail address").fill("jonas.lie@example.no")
            page.get_by_role("textbox", name="School").fill("Kuben videregående skole")
            page.get_by_role("button", name="Send").click()
            assert page.locator("#e-consent").is_visible()  # consent is not assumed
            assert checked_at_both_widths(page, "forms-school-visit-errors") == []
            page.get_by_role("checkbox", name="I consent").check()
            page.get_by_role("button", name="Send").click()
            assert "Thank you" in page.get_by_role("status").inner_text()
        in_chromium(check)
    _wait(lambda: mailbox.to("jonas.lie@example.no"), "the confirmation e-mail")
    [row] = stored(workspace, "school_visits")
    assert row["consent_record_id"] and row["legal_basis"] == "6(1)(a)"
