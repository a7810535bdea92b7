"""Real headless Chromium against the real app served by uvicorn on a free loopback port.

A test-only route serves a page with scripts blocked by category, like a customer site
would mark its Google Analytics tag; the privacy centre pages are served as they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

from tests.consent.support import Mailbox, app_for, live_server, make_workspace, smtp_server
from tests.support.services import CHROMIUM_ARGS, chromium_path
from vernly.connectors.demo.build import DemoSummary, build_demo

TEST_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Kundeside</title>
<link rel="stylesheet" href="/consent/banner.css">{head}</head>
<body><h1>Intility</h1>
<p><a href="/personvern" id="notice">Personvern</a></p>
<p><a href="/personvern/informasjonskapsler" data-vernly-consent-open id="reopen">
Innstillinger for informasjonskapsler</a></p>
<script type="text/plain" data-category="statistics" data-service="google_analytics">
document.cookie = "_ga=GA1.1.42.1700000000; path=/; max-age=63072000";
document.cookie = "_gid=GA1.1.43.1700000000; path=/; max-age=86400";
document.cookie = "_ga_ABC123=GS1.1.1700000000.1.0; path=/; max-age=63072000";
window.statisticsRan = (window.statisticsRan || 0) + 1;
</script>
<script type="text/plain" data-category="marketing" data-service="facebook_piksel">
window.marketingRan = true;
</script>
<script src="/consent/banner.js"></script>
</body></html>"""

GTAG_HEAD = "<script>window.dataLayer = [];</script>"


def _with_test_pages(app: FastAPI) -> FastAPI:
    @app.get("/test/page", include_in_schema=False)
    def page(lang: str = "nb", gtag: int = 0) -> HTMLResponse:
        # A customer's own page, with the inline scripts the banner unblocks: not vernly's
        # strict policy, which is for vernly's pages.
        return HTMLResponse(TEST_PAGE.format(lang=lang, head=GTAG_HEAD if gtag else ""),
                            headers={"Content-Security-Policy": "script-src 'self' "
                                     "'unsafe-inline'"})

    return app


@pytest.fixture(scope="module")
def mailbox() -> Iterator[Mailbox]:
    with smtp_server() as box:
        yield box


@pytest.fixture(scope="module")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    """A small demo workspace: the example policy with synthetic people in every system."""
    ws: Path = make_workspace(tmp_path_factory.mktemp("browser"))
    return build_demo(ws, subjects=60, now=datetime.now(UTC), force=True)


@pytest.fixture(scope="module")
def site(demo_workspace: DemoSummary, mailbox: Mailbox) -> Iterator[str]:
    """Base URL of vernly serving the demo workspace (and the test page)."""
    ws = Path(demo_workspace.workspace)
    app = _with_test_pages(app_for(ws, f"sqlite:///{ws / 'ledger.sqlite'}",
                                   VERNLY_SMTP_HOST="127.0.0.1",
                                   VERNLY_SMTP_PORT=str(mailbox.port)))
    with live_server(app) as url:
        yield url
    app.state.ledger.dispose()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context()
    yield ctx
    ctx.close()
