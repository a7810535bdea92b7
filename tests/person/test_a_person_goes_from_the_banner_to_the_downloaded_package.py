"""The whole journey in Chromium, as a visitor of the demo makes it: the notice with its
banner, the privacy centre, the access form, the code read in the demo outbox, the status
link from that e-mail, the code entered, and the package downloaded. A full-page screenshot
at 1280 and 390 px of every step is saved under the test artifacts."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.consent.support import app_for
from tests.person.reports import NOW
from tests.support.browser import in_chromium, screenshots, serving
from tests.support.mailbox import smtp_server
from vernly.connectors.demo.build import DemoSummary, build_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return build_demo(tmp_path_factory.mktemp("demo") / "d", 30, NOW, env={})


def test_banner_to_downloaded_package_without_a_setting_or_a_log(demo: DemoSummary) -> None:
    ws = Path(demo.workspace)
    email = demo.sample_emails[0]
    seen: dict[str, Any] = {}
    with smtp_server() as box:
        app = app_for(ws, f"sqlite:///{ws / 'ledger.sqlite'}", VERNLY_SMTP_HOST="127.0.0.1",
                      VERNLY_SMTP_PORT=str(box.port), VERNLY_DEMO_OUTBOX="1")
        with serving(app) as base:
            app.state.settings = _with_public_url(app.state.settings, base)

            def journey(browser: Any) -> None:
                page = browser.new_context(accept_downloads=True).new_page()
                page.goto(f"{base}/personvern")
                page.get_by_role("button", name="Avvis alle").wait_for()
                screenshots(page, "journey-1-notice-with-banner")
                page.get_by_role("button", name="Avvis alle").click()
                page.get_by_role("link", name="Personvernsenter").first.click()
                page.wait_for_url(f"{base}/personvern/sentrum")
                screenshots(page, "journey-2-centre")
                page.get_by_label("Hva vil du gjøre?").select_option(label="Innsyn")
                page.get_by_role("button", name="Fortsett").click()
                page.wait_for_url(f"{base}/personvern/rettigheter/innsyn")
                page.get_by_label("E-postadresse").fill(email)
                screenshots(page, "journey-3-access-form")
                page.get_by_role("button", name="Send forespørsel").click()
                page.wait_for_url(f"{base}/personvern/status/**")
                seen["waiting"] = page.locator("#state").get_attribute("data-state")
                screenshots(page, "journey-4-confirm-your-address")
                page.get_by_role("link", name="Les e-postene i demoens utboks").click()
                page.wait_for_url(f"{base}/demo/utboks")
                screenshots(page, "journey-5-demo-outbox")
                mail = page.locator("article.mail").first.inner_text()
                code = re.search(r"\b(\d{6})\b", mail)
                link = re.search(r"(http://\S+/personvern/status/\S+)", mail)
                assert code and link, mail
                page.goto(link.group(1))  # the link in the e-mail leads back to the request
                page.get_by_label("Kode fra e-posten").fill(code.group(1))
                page.get_by_role("button", name="Bekreft").click()
                page.locator("#download").wait_for()
                seen["after"] = page.locator("#state").inner_text()
                screenshots(page, "journey-6-data-ready")
                with page.expect_download() as download:
                    page.get_by_role("link", name="Last ned opplysningene dine (zip)").click()
                seen["zip"] = download.value.path().read_bytes()

            in_chromium(journey, timeout=600)
        app.state.ledger.dispose()
    assert seen["waiting"] == "received"
    # The demo's survey processor has been asked; what we found so far is ready.
    assert seen["after"] == "Vi venter på svar fra en databehandler"
    package = zipfile.ZipFile(io.BytesIO(seen["zip"]))
    assert {"data.json", "report.nb.html", "report.en.html"} <= set(package.namelist())
    assert email in package.read("data.json").decode()


def _with_public_url(settings: Any, base: str) -> Any:
    from dataclasses import replace

    return replace(settings, public_url=base)
