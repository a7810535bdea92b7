"""On a first visit the banner asks, nothing optional runs or is stored, and accept all and
reject all are equally prominent on the first layer."""

from __future__ import annotations

from playwright.sync_api import BrowserContext

from tests.consent.browser.helpers import STATISTICS_COOKIES, cookie_names


def test_first_visit(site: str, context: BrowserContext) -> None:
    page = context.new_page()
    page.goto(f"{site}/test/page")

    dialog = page.get_by_role("dialog", name="Informasjonskapsler")
    dialog.wait_for()
    assert dialog.get_attribute("aria-modal") == "true"
    assert page.evaluate("() => window.statisticsRan") is None
    assert page.evaluate("() => window.marketingRan") is None
    assert not cookie_names(context) & (STATISTICS_COOKIES | {"vernly_consent"})

    accept = dialog.get_by_role("button", name="Godta alle")
    reject = dialog.get_by_role("button", name="Avvis alle")
    style = ("b => { const s = getComputedStyle(b); return [s.backgroundColor, s.color, "
             "s.fontSize, s.fontWeight, s.padding, s.borderWidth]; }")
    assert accept.evaluate(style) == reject.evaluate(style)
    a, r = accept.bounding_box(), reject.bounding_box()
    assert a and r and abs(a["width"] - r["width"]) < 1 and abs(a["height"] - r["height"]) < 1

    page.mouse.wheel(0, 2000)  # scrolling is not consent
    page.wait_for_timeout(200)
    assert dialog.is_visible()
    assert page.evaluate("() => window.statisticsRan") is None


def test_english_page_gets_the_english_banner(site: str, context: BrowserContext) -> None:
    page = context.new_page()
    page.goto(f"{site}/test/page?lang=en")
    dialog = page.get_by_role("dialog", name="Cookies")
    dialog.get_by_role("button", name="Reject all").wait_for()
    assert dialog.get_by_role("button", name="Accept all").is_visible()
