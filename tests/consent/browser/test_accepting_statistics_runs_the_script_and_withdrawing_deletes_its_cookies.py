"""Accepting statistics in the second layer runs the statistics script (and only it) and
its cookies appear; withdrawing through the reopen link deletes `_ga`, `_gid` and `_ga_*`."""

from __future__ import annotations

from playwright.sync_api import BrowserContext

from tests.consent.browser.helpers import STATISTICS_COOKIES, cookie_names, ledger, wait_for_record


def test_accept_statistics_then_withdraw(site: str, context: BrowserContext) -> None:
    page = context.new_page()
    page.goto(f"{site}/test/page")
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Tilpass").click()
    statistics = dialog.get_by_role("checkbox", name="Statistikk")
    marketing = dialog.get_by_role("checkbox", name="Markedsføring")
    assert not statistics.is_checked() and not marketing.is_checked()  # nothing pre-ticked
    assert dialog.get_by_role("checkbox", name="Nødvendige").is_disabled()
    statistics.check()
    dialog.get_by_role("button", name="Lagre valgene").click()

    page.wait_for_function("() => window.statisticsRan === 1")
    assert page.evaluate("() => window.marketingRan") is None
    assert cookie_names(context) >= STATISTICS_COOKIES
    record_id = wait_for_record(page)
    assert ledger(site, record_id)["state"]["statistics"]["status"] == "given"

    page.reload()
    page.wait_for_function("() => window.statisticsRan === 1")
    assert page.get_by_role("dialog").count() == 0

    page.locator("#reopen").click()
    dialog = page.get_by_role("dialog")
    statistics = dialog.get_by_role("checkbox", name="Statistikk")
    assert statistics.is_checked()
    statistics.uncheck()
    dialog.get_by_role("button", name="Lagre valgene").click()

    page.wait_for_function(
        "() => !document.cookie.split('; ').some(c => /^_ga|^_gid/.test(c))")
    assert not cookie_names(context) & STATISTICS_COOKIES
    page.wait_for_function(
        f"() => fetch('/api/v1/consent/{record_id}').then(r => r.json())"
        ".then(j => j.state.statistics.status === 'withdrawn')")
    history = ledger(site, record_id)["history"]
    assert [(e["event"], e["purpose"]) for e in history if e["purpose"] == "statistics"] == [
        ("given", "statistics"), ("withdrawn", "statistics")]
