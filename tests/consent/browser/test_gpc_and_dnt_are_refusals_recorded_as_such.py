"""With Global Privacy Control or Do Not Track on, the banner records a refusal of every
non-necessary category with method gpc / dnt and runs nothing optional."""

from __future__ import annotations

from playwright.sync_api import Browser

from tests.consent.browser.helpers import STATISTICS_COOKIES, cookie_names, ledger, wait_for_record

GPC = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});"
DNT = "Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1'});"


def test_gpc_is_a_refusal_recorded_as_gpc(site: str, browser: Browser) -> None:
    context = browser.new_context(extra_http_headers={"Sec-GPC": "1"})
    context.add_init_script(GPC)
    try:
        page = context.new_page()
        page.goto(f"{site}/test/page")
        record_id = wait_for_record(page)
        assert page.get_by_role("dialog").count() == 0
        assert page.evaluate("() => window.statisticsRan") is None
        assert not cookie_names(context) & STATISTICS_COOKIES

        record = ledger(site, record_id)
        assert record["method"] == "gpc"
        assert {p: s["status"] for p, s in record["state"].items()} == {
            "statistics": "refused", "marketing": "refused"}
        assert {e["method"] for e in record["history"]} == {"gpc"}

        # The person may still open the settings and choose; marketing stays refused.
        page.locator("#reopen").click()
        dialog = page.get_by_role("dialog")
        assert "Global Privacy Control" in dialog.inner_text()
        dialog.get_by_role("button", name="Godta alle").click()
        page.wait_for_function("() => window.statisticsRan === 1")
        page.wait_for_function(
            f"() => fetch('/api/v1/consent/{record_id}').then(r => r.json())"
            ".then(j => j.state.statistics.status === 'given')")
        after = ledger(site, record_id)
        assert after["decisions"]["marketing"] is False
        assert after["state"]["marketing"]["method"] == "gpc"
    finally:
        context.close()


def test_dnt_is_a_refusal_recorded_as_dnt(site: str, browser: Browser) -> None:
    context = browser.new_context()
    context.add_init_script(DNT)
    try:
        page = context.new_page()
        page.goto(f"{site}/test/page")
        record_id = wait_for_record(page)
        assert page.get_by_role("dialog").count() == 0
        assert page.evaluate("() => window.statisticsRan") is None
        record = ledger(site, record_id)
        assert record["method"] == "dnt"
        assert [(e["event"], e["purpose"], e["method"]) for e in record["history"]] == [
            ("refused", "marketing", "dnt"), ("refused", "statistics", "dnt")]
    finally:
        context.close()
