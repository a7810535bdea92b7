"""On a site using Google's dataLayer the banner sends Consent Mode v2: everything denied by
default, then an update that grants exactly what the person chose."""

from __future__ import annotations

from playwright.sync_api import BrowserContext


def test_default_denied_then_update(site: str, context: BrowserContext) -> None:
    page = context.new_page()
    page.goto(f"{site}/test/page?gtag=1")
    page.get_by_role("dialog").wait_for()
    consent = ("() => window.dataLayer.filter(a => a[0] === 'consent')"
               ".map(a => [a[1], a[2]])")
    first = page.evaluate(consent)
    assert first[0] == ["default", {"analytics_storage": "denied", "ad_storage": "denied",
                                    "ad_user_data": "denied", "ad_personalization": "denied"}]

    page.get_by_role("button", name="Tilpass").click()
    page.get_by_role("checkbox", name="Statistikk").check()
    page.get_by_role("button", name="Lagre valgene").click()
    page.wait_for_function("() => window.statisticsRan === 1")
    last = page.evaluate(consent)[-1]
    assert last == ["update", {"analytics_storage": "granted", "ad_storage": "denied",
                               "ad_user_data": "denied", "ad_personalization": "denied"}]
