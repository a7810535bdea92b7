"""Reject all: the blocked scripts never run, no statistics cookie exists, the choice is in
the ledger, and the banner does not ask again on the next page."""

from __future__ import annotations

from playwright.sync_api import BrowserContext

from tests.consent.browser.helpers import (
    STATISTICS_COOKIES,
    banner_state,
    cookie_names,
    ledger,
    wait_for_record,
)


def test_reject_all(site: str, context: BrowserContext) -> None:
    page = context.new_page()
    page.goto(f"{site}/test/page")
    page.get_by_role("button", name="Avvis alle").click()
    record_id = wait_for_record(page)

    page.reload()
    page.wait_for_function("() => window.vernlyConsent")
    assert page.get_by_role("dialog").count() == 0
    assert page.evaluate("() => window.statisticsRan") is None
    assert page.evaluate("() => window.marketingRan") is None
    assert not cookie_names(context) & STATISTICS_COOKIES
    assert banner_state(context)["c"] == {"statistics": False, "marketing": False}

    record = ledger(site, record_id)
    assert record["state"]["statistics"]["status"] == "refused"
    assert record["state"]["marketing"]["status"] == "refused"
    assert record["method"] == "banner"
