"""Every public page (found from the app's routes), each right's form and a request's status
page, in Chromium with axe-core at 1280 and 390 px: no violation, no sideways scrolling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.consent.support import app_for
from tests.person.pages import public_pages
from tests.person.reports import NOW
from tests.support.browser import checked_at_both_widths, in_chromium, serving
from tests.support.mailbox import smtp_server
from vernly.connectors.demo.build import DemoSummary, build_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    return build_demo(tmp_path_factory.mktemp("demo") / "d", 30, NOW, env={})


def _status_page(base: str, email: str, lang: str) -> str:
    """A request's status page, reached the way the person reaches it (the form)."""
    rights = "/personvern/rettigheter/innsyn" if lang == "nb" else "/en/privacy/rights/access"
    with httpx.Client(base_url=base, follow_redirects=False) as client:
        form = client.get(rights)
        token = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        sent = client.post(rights, data={"csrf_token": token, "email": email})
        assert sent.status_code == 303, sent.text
        return str(sent.headers["location"]).split("?", 1)[0]


def test_no_public_page_has_an_axe_finding_or_scrolls_sideways(demo: DemoSummary) -> None:
    ws = Path(demo.workspace)
    problems: list[str] = []
    with smtp_server() as box:
        app = app_for(ws, f"sqlite:///{ws / 'ledger.sqlite'}", VERNLY_SMTP_HOST="127.0.0.1",
                      VERNLY_SMTP_PORT=str(box.port), VERNLY_DEMO_OUTBOX="1")
        pages = public_pages(app)
        assert {"/personvern", "/en/privacy", "/personvern/sentrum",
                "/personvern/informasjonskapsler", "/demo/utboks"} <= set(pages)
        with serving(app) as base:
            pages += [_status_page(base, demo.sample_emails[0], lang) for lang in ("nb", "en")]

            def check(browser: Any) -> None:
                page = browser.new_page()
                for path in pages:
                    page.goto(base + path)
                    name = "page" + path.replace("/", "-")[:80]
                    problems.extend(f"{path}: {p}" for p in checked_at_both_widths(page, name))

            in_chromium(check, timeout=900)
        app.state.ledger.dispose()
    assert problems == [], "\n".join(problems)
