"""In headless Chromium: the DPO reads the retention promises in words, asks for a dry run and
reads its plan as a table, places a legal hold on Kari with a reason and lifts it with
another; screenshots and axe-core at 1280 and 390 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser

from tests.console.browser.conftest import KARI, Site, sign_in
from tests.support.browser import checked_at_both_widths, in_chromium

pytestmark = pytest.mark.browser


def test_hold_set_and_lifted_with_reasons(site: Site) -> None:
    in_chromium(lambda browser: _hold(browser, site))


def _hold(browser: Browser, site: Site) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    sign_in(page, site.base, site.token, "/console/retention")
    promises = page.locator("section[aria-labelledby=promises]").inner_text()
    assert not re.search(r"\bP\d+[YMD]\b", promises)  # durations in words, never ISO
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", promises)

    page.get_by_role("button", name="Plan only (dry run)").click()
    page.wait_for_url("**/console/retention?plan=*")
    plan = page.locator("#plan-table")
    assert plan.is_visible() and plan.locator("tbody tr").count() > 0
    problems += checked_at_both_widths(page, "console-retention-plan")

    page.get_by_label("E-mail, phone, system or dataset").fill(KARI)
    page.get_by_label("Reason", exact=True).fill("Tvistesak 24-101")
    page.get_by_role("button", name="Place hold").click()
    page.wait_for_url(f"{site.base}/console/retention")
    held = page.get_by_role("row").filter(has_text="Tvistesak 24-101")
    assert KARI in held.inner_text()
    problems += checked_at_both_widths(page, "console-retention-hold-set")

    held.get_by_label("Reason for lifting").fill("Saken er forlikt")
    held.get_by_role("button", name="Lift").click()
    page.wait_for_url(f"{site.base}/console/retention")
    assert page.get_by_text("No holds in force.").is_visible()
    lifted = page.locator("section[aria-labelledby=ended]").inner_text()
    assert "Tvistesak 24-101" in lifted and "Saken er forlikt" in lifted
    problems += checked_at_both_widths(page, "console-retention-hold-lifted")
    assert not problems, "\n".join(problems)
    page.close()
