"""In headless Chromium: the DPO opens the inbox, finds Kari's access request by her e-mail,
takes it, reads her message, verifies her, runs it, records the processor's answer (it holds
nothing) through its confirmation step and sees the request completed with its package;
screenshots and axe-core at 1280 and 390 px of every step."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.console.browser.conftest import KARI, Site, sign_in
from tests.support.browser import checked_at_both_widths, in_chromium

pytestmark = pytest.mark.browser


def test_inbox_to_completed_package(site: Site) -> None:
    in_chromium(lambda browser: _handle(browser, site))


def _click_and_wait(page: Page, button: str) -> None:
    """Click a form's button and wait for the page it leads to (often the same URL)."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def _step(page: Page, name: str, problems: list[str]) -> None:
    problems += [f"{name}: {p}" for p in checked_at_both_widths(page, f"console-flow-{name}")]


def _handle(browser: Browser, site: Site) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    sign_in(page, site.base, site.token, "/console/requests")
    row = page.locator("#inbox tbody tr").first
    assert KARI in row.inner_text() and "days left" in row.inner_text()
    _step(page, "inbox", problems)

    page.get_by_label("E-mail, phone, name or request id").fill("kari.nordmann")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/console/requests?q=kari.nordmann*")
    page.locator("#inbox tbody tr").first.get_by_role("link").click()
    page.wait_for_url("**/console/requests/dsr-*")
    request_url = page.url
    assert "Jeg vil se alt dere har om meg." in page.locator("#person-message").inner_text()

    _click_and_wait(page, "Take it")
    assert page.locator("#assignee").inner_text() == "Kari Dahl"
    _click_and_wait(page, "I have verified the person's identity")
    assert page.locator("#state").get_attribute("data-state") == "verified"
    _step(page, "request-verified", problems)

    _click_and_wait(page, "Run now")
    # Questback (a processor without a connection) answers by hand: it holds nothing.
    page.get_by_label("The processor holds nothing about the person").check()
    _click_and_wait(page, "Attach and review")
    _step(page, "confirm-processor-answer", problems)
    _click_and_wait(page, "Confirm and rebuild the package")
    page.goto(request_url)
    assert page.locator("#state").get_attribute("data-state") == "completed"
    assert page.get_by_role("link", name="download the package").is_visible()
    actions = page.locator("#timeline li").evaluate_all(
        "items => items.map(i => i.dataset.action)")
    assert actions[:3] == ["request.received", "request.assign", "request.verified"]
    assert actions[-1] == "request.completed"
    _step(page, "request-completed", problems)
    assert not problems, "\n".join(problems)
    page.close()
