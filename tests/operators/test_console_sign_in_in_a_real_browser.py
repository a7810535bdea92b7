"""In headless Chromium: the console sends you to sign in, a token opens it, signing out closes
it; the public notice switches language by its link."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from typer.testing import CliRunner

from tests.operators.conftest import FAST_HASHER
from tests.support.browser import in_chromium, serving
from vernly.cli.main import app as cli
from vernly.engine.operators import Operators
from vernly.settings import load_settings
from vernly.web.app import create_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """Base URL of the app on a free loopback port, and a viewer's token (Nora Berg)."""
    ws: Path = tmp_path_factory.mktemp("console") / "ws"
    assert CliRunner().invoke(cli, ["init", str(ws)]).exit_code == 0
    settings = load_settings(ws, env={"VERNLY_DATABASE_URL": f"sqlite:///{ws / 'l.sqlite'}",
                                      "VERNLY_SECRET_KEY": "browser-test-key"})
    app = create_app(settings)
    app.state.operators = Operators(app.state.ledger, settings.now, FAST_HASHER)
    _, token = app.state.operators.create("Nora Berg", "viewer", actor="test")
    with serving(app) as base:
        yield base, token
    app.state.ledger.dispose()


def test_signing_in_and_out_of_the_console(site: tuple[str, str]) -> None:
    base, token = site

    def check(browser: Browser) -> None:
        page = browser.new_page()
        page.goto(f"{base}/console")
        assert page.url == f"{base}/console/login?next=/console"
        page.get_by_label("Operator token").fill(token)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/console")
        assert page.get_by_text("Nora Berg (viewer)").is_visible()
        assert page.get_by_role("heading", name="Intility AS").is_visible()
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{base}/console/login")
        page.goto(f"{base}/console")
        assert page.url.startswith(f"{base}/console/login")
        page.close()

    in_chromium(check)


def test_a_wrong_token_keeps_the_console_closed(site: tuple[str, str]) -> None:
    base, _ = site

    def check(browser: Browser) -> None:
        page = browser.new_page()
        page.goto(f"{base}/console/login")
        page.get_by_label("Operator token").fill("vly_000000000000_" + "x" * 43)
        page.get_by_role("button", name="Sign in with the token").click()
        assert page.get_by_role("alert").inner_text() == "Not signed in: the token is not valid."
        assert not any(c["name"] == "vernly_session" for c in page.context.cookies())
        page.close()

    in_chromium(check)


def test_the_notice_links_to_the_other_language(site: tuple[str, str]) -> None:
    base, _ = site

    def check(browser: Browser) -> None:
        page = browser.new_page()
        page.goto(f"{base}/personvern")
        assert page.get_by_role("heading", level=1).inner_text() == "Personvernerklæring"
        # The notice runs the cookie banner: a visitor answers it before reading on.
        page.get_by_role("button", name="Avvis alle").click()
        page.get_by_role("link", name="English").click()
        page.wait_for_url(f"{base}/en/privacy")
        assert page.get_by_role("heading", level=1).inner_text() == "Privacy notice"
        assert page.locator("html").get_attribute("lang") == "en"
        page.get_by_role("link", name="Cookies", exact=True).first.click()
        assert page.url.endswith("#cookies")
        page.close()

    in_chromium(check)


def test_the_notice_fits_a_phone_and_shows_the_whole_cookie_table_on_a_desktop(
        site: tuple[str, str]) -> None:
    base, _ = site

    def check(browser: Browser) -> None:
        page = browser.new_page(viewport={"width": 390, "height": 800})
        page.goto(f"{base}/personvern")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.set_viewport_size({"width": 1280, "height": 800})
        table = page.locator("table.cookies").bounding_box()
        assert table is not None and table["x"] >= 0 and table["x"] + table["width"] <= 1280
        assert page.locator("table.cookies").get_by_text("14 dager").is_visible()
        page.close()

    in_chromium(check)
