"""The front desk's page in Chromium: today's visitors with their sign-out buttons and the
name list form, axe-clean at 1280 and 390 px and under the real CSP."""

from __future__ import annotations

from typing import Any

from tests.forms.conftest import SIRI, Site
from tests.forms.test_the_front_desk_sees_todays_visitors_signs_them_out_and_loads_name_lists import (  # noqa: E501
    GOOD_LIST,
    _desk,
    _upload,
)
from tests.forms.test_the_kiosk_and_a_consent_form_work_in_chromium import _csp_violations
from tests.support.browser import checked_at_both_widths, in_chromium, serving


def test_the_visitors_page_is_axe_clean_with_visitors_on_it(site: Site) -> None:
    site.client.post("/api/v1/forms/visitor", json=SIRI)
    desk = _desk(site, "dpo")
    _upload(desk, GOOD_LIST)
    with serving(site.app) as base:
        cookies = [{"name": c.name, "value": c.value or "", "url": base}
                   for c in desk.cookies.jar]

        def check(browser: Any) -> None:
            strict = browser.new_context()
            strict.add_cookies(cookies)
            assert _csp_violations(strict, base, ["/console/visitors"]) == []
            context = browser.new_context()
            context.add_cookies(cookies)
            page = context.new_page()
            page.goto(f"{base}/console/visitors")
            assert page.get_by_role("button", name="Sign out Siri Dahl").is_visible()
            assert checked_at_both_widths(page, "forms-console-visitors") == []
        in_chromium(check)
