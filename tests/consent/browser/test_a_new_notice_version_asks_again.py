"""A choice made under an older notice version does not count: the banner asks again."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

from playwright.sync_api import BrowserContext


def test_old_version_choice_shows_the_banner(site: str, context: BrowserContext) -> None:
    old = {"r": None, "v": "2018-05-25", "c": {"statistics": True, "marketing": True},
           "s": {}, "m": "banner", "t": int(time.time() * 1000)}
    context.add_cookies([{"name": "vernly_consent", "value": quote(json.dumps(old)),
                          "url": site}])
    page = context.new_page()
    page.goto(f"{site}/test/page")
    page.get_by_role("dialog").wait_for()
    assert page.evaluate("() => window.statisticsRan") is None

    current = dict(old, v="2019-09-12")
    context.add_cookies([{"name": "vernly_consent", "value": quote(json.dumps(current)),
                          "url": site}])
    page.reload()
    page.wait_for_function("() => window.statisticsRan === 1")  # same choice, current notice
    assert page.get_by_role("dialog").count() == 0
