"""Kari Nordmann asks for access through the centre's form in a real browser, reads the code
from the local SMTP server, enters it, and sees the request confirmed; the centre page
carries the banner too."""

from __future__ import annotations

from playwright.sync_api import BrowserContext

from tests.consent.support import Mailbox

KARI = "kari.nordmann@example.no"


def test_access_request_verified_with_the_mailed_code(site: str, context: BrowserContext,
                                                      mailbox: Mailbox) -> None:
    page = context.new_page()
    page.goto(f"{site}/personvern/rettigheter")
    page.get_by_role("button", name="Avvis alle").click()  # the centre has the banner
    page.get_by_role("link", name="Send forespørsel: innsyn").click()
    page.get_by_label("E-postadresse").fill(KARI)
    page.get_by_label("Melding (valgfritt)").fill("Jeg vil se hva dere har om meg.")
    page.get_by_role("button", name="Send forespørsel").click()

    page.wait_for_url(f"{site}/personvern/status/**")
    assert page.locator("#state").get_attribute("data-state") == "received"
    code = mailbox.code_for(KARI)
    page.get_by_label("Kode fra e-posten").fill(code)
    page.get_by_role("button", name="Bekreft").click()

    page.wait_for_load_state()
    assert page.locator("#state").get_attribute("data-state") == "verified"
    assert KARI not in page.content()
    status_url = page.url
    again = context.new_page()
    again.goto(status_url)  # the unguessable link keeps working for its holder
    assert again.locator("#state").get_attribute("data-state") == "verified"
