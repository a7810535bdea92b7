"""The access report, opened in Chromium: axe-core finds nothing at 1280 and 390 px, and the
widest table reflows into cards on a phone instead of making the page scroll sideways."""

from __future__ import annotations

from typing import Any

import pytest

from tests.person.reports import NOW, access_package
from tests.support.browser import checked_at_both_widths, in_chromium
from vernly.connectors.demo.build import DemoSummary, build_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return build_demo(tmp_path_factory.mktemp("demo") / "d", 80, NOW, env={})


def test_both_reports_are_axe_clean_and_fit_a_phone(demo: DemoSummary) -> None:
    assert demo.sample_window and demo.sample_ips
    start, end = demo.sample_window
    package = access_package(demo, "--from", start.isoformat(), "--to", end.isoformat(),
                             "--ip", demo.sample_ips[0])
    reports = {lang: package.read(f"report.{lang}.html").decode() for lang in ("nb", "en")}
    problems: list[str] = []

    def check(browser: Any) -> None:
        page = browser.new_page()
        for lang, html in reports.items():
            page.set_content(html)
            problems.extend(f"{lang}: {p}" for p in
                            checked_at_both_widths(page, f"access-report-{lang}"))

    in_chromium(check)
    assert problems == []
