"""A person from the demo's webshop asks for access through the centre's form in a real
browser, reads the code from the local SMTP server, enters it, and downloads the finished
package from the status page; the centre page carries the banner too."""

from __future__ import annotations

import io
import json
import zipfile

from playwright.sync_api import BrowserContext

from tests.consent.support import Mailbox
from vernly.connectors.demo.build import DemoSummary


def test_access_request_verified_with_the_mailed_code_gives_the_package(
        site: str, context: BrowserContext, mailbox: Mailbox,
        demo_workspace: DemoSummary) -> None:
    email = demo_workspace.sample_emails[0]
    page = context.new_page()
    page.goto(f"{site}/personvern/rettigheter")
    page.get_by_role("button", name="Avvis alle").click()  # the centre has the banner
    page.get_by_role("link", name="Send forespørsel: innsyn").click()
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Melding (valgfritt)").fill("Jeg vil se hva dere har om meg.")
    page.get_by_role("button", name="Send forespørsel").click()

    page.wait_for_url(f"{site}/personvern/status/**")
    assert page.locator("#state").get_attribute("data-state") == "received"
    code = mailbox.code_for(email)
    page.get_by_label("Kode fra e-posten").fill(code)
    page.get_by_role("button", name="Bekreft").click()

    page.wait_for_load_state()
    # Our systems are answered at once; the survey processor (a manual system) still has a
    # task open with its owner, so the request stays in progress until that is confirmed.
    assert page.locator("#state").get_attribute("data-state") == "in_progress"
    assert email not in page.content()  # the page itself never shows the person's data
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned opplysningene dine (zip)").click()
    package = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    data = json.loads(package.read("data.json"))
    assert email in json.dumps(data, ensure_ascii=False)
    assert "report.nb.html" in package.namelist()

    status_url = page.url
    again = context.new_page()
    again.goto(status_url)  # the unguessable link keeps working for its holder
    assert again.locator("#state").get_attribute("data-state") == "in_progress"
