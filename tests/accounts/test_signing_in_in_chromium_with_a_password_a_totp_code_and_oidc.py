"""In headless Chromium: Kari (DPO) signs in with her one-time password and chooses her own,
turns on an authenticator app from the server-drawn QR code and signs in with a code; Ola
(engineer) signs in through the company's OIDC provider. Every sign-in and account page is
axe-clean at 1280 and 390 px, fits a phone, and is saved as screenshots."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import pyotp
import pytest

from tests.accounts.conftest import CAST, PASSWORD
from tests.operators.conftest import FAST_HASHER
from tests.support.browser import checked_at_both_widths, in_chromium, serving
from tests.support.oidc_provider import CLIENT_ID, CLIENT_SECRET, Person, Provider
from vernly.engine.accounts.users import Users
from vernly.engine.operators import Operators
from vernly.settings import Settings
from vernly.web.app import create_app

pytestmark = pytest.mark.browser


@dataclass
class Site:
    base: str
    one_time: str
    clock: list[datetime]


@pytest.fixture
def site(settings: Settings) -> Iterator[Site]:
    provider = Provider(person=Person("ola-0002", CAST["engineer"]))
    with serving(provider.app()) as issuer:
        provider.issuer = issuer
        env = {**settings.env, "VERNLY_OIDC_ISSUER": issuer, "VERNLY_OIDC_CLIENT_ID": CLIENT_ID,
               "VERNLY_OIDC_CLIENT_SECRET": CLIENT_SECRET, "VERNLY_OIDC_NAME": "Intility ID"}
        app = create_app(replace(settings, env=env))
        clock = [settings.now()]
        app.state.operators = Operators(app.state.ledger, settings.now, FAST_HASHER)
        app.state.users = Users(app.state.ledger, lambda: clock[0], FAST_HASHER)
        _, one_time = app.state.users.add(CAST["dpo"], "dpo", actor="operator:root")
        app.state.users.add(CAST["engineer"], "engineer", actor="operator:root")
        with serving(app) as base:
            yield Site(base, one_time, clock)
        app.state.ledger.dispose()


def _problems(page: Any, name: str) -> list[str]:
    return checked_at_both_widths(page, name)


def _password_then_totp(browser: Any, site: Site) -> None:
    page = browser.new_page()
    page.goto(f"{site.base}/console")
    assert page.url == f"{site.base}/console/login?next=/console"
    assert _problems(page, "sign-in") == []
    page.get_by_label("E-mail address").fill(CAST["dpo"])
    page.get_by_label("Password", exact=True).fill(site.one_time)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r".*/console/login/new-password.*"))
    assert _problems(page, "sign-in-new-password") == []
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password again").fill(PASSWORD)
    page.get_by_role("button", name="Save the password").click()
    page.wait_for_url(f"{site.base}/console")
    assert page.get_by_text(f"{CAST['dpo']} (dpo)").is_visible()

    page.get_by_role("link", name="Account").click()
    page.wait_for_url(f"{site.base}/console/account")
    assert _problems(page, "account") == []
    page.get_by_role("button", name="Set up an authenticator app").click()
    assert page.get_by_role("img", name="QR code with the key for your authenticator app"
                            ).is_visible()
    assert _problems(page, "account-totp-set-up") == []
    totp = pyotp.TOTP(page.locator("code.secret").inner_text())
    page.get_by_label("Code from the app").fill(totp.at(site.clock[0]))
    page.get_by_role("button", name="Turn on the second factor").click()
    page.wait_for_url(f"{site.base}/console/account?changed=totp")
    assert page.get_by_text("Signing in asks for a code from your authenticator app.").is_visible()
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url(f"{site.base}/console/login")

    site.clock[0] += timedelta(seconds=60)
    page.get_by_label("E-mail address").fill(CAST["dpo"])
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(re.compile(r".*/console/login/totp.*"))
    assert _problems(page, "sign-in-totp") == []
    page.get_by_label("Code from your authenticator app").fill(totp.at(site.clock[0]))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{site.base}/console")
    assert page.get_by_text(f"{CAST['dpo']} (dpo)").is_visible()

    page.goto(f"{site.base}/console/users")
    assert page.get_by_role("cell", name=CAST["engineer"], exact=True).is_visible()
    assert _problems(page, "users") == []
    page.close()


def _oidc(browser: Any, site: Site) -> None:
    page = browser.new_page()
    page.goto(f"{site.base}/console/login")
    page.get_by_role("link", name="Sign in with Intility ID").click()
    page.wait_for_url(f"{site.base}/console")
    assert page.get_by_text(f"{CAST['engineer']} (engineer)").is_visible()
    page.close()


def test_signing_in_with_a_password_and_a_totp_code(site: Site) -> None:
    in_chromium(lambda browser: _password_then_totp(browser, site))


def test_signing_in_through_the_oidc_provider(site: Site) -> None:
    in_chromium(lambda browser: _oidc(browser, site))
