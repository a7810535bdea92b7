"""Every console page the app serves, found from its routes, passes axe-core with no
violations and fits the screen at 1280 and 390 px, in English and in Norwegian. A route with
a path parameter needs an example here, so a new page cannot slip past unchecked."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from playwright.sync_api import Browser

from tests.console.browser.conftest import Site, sign_in
from tests.support.browser import checked_at_both_widths, in_chromium

pytestmark = pytest.mark.browser

NOT_PAGES = {"/console/assets/{name}", "/console/requests/export.csv",
             "/console/datamap/ropa.{fmt}"}
"""GET routes under /console that answer a file, not a page."""
SIGN_IN_STEPS = {"/console/login/new-password", "/console/login/oidc",
                 "/console/login/oidc/callback", "/console/login/totp"}
"""Steps inside a sign-in (they need one under way); console-auth's sign-in browser tests
check them. The login form itself is checked here."""


def _examples(site: Site) -> dict[str, list[dict[str, str]]]:
    app = site.app
    policy = app.state.policy.policy  # type: ignore[attr-defined]
    from vernly.engine.requests import service

    requests = service.list_requests(app.state.ledger, app.state.settings,  # type: ignore[attr-defined]
                                     app.state.policy)  # type: ignore[attr-defined]
    return {
        "request_id": [{"request_id": requests[0].id}],
        "kind": [{"kind": "activity", "item_id": policy.activities[0].id},
                 {"kind": "system", "item_id": policy.systems[0].id},
                 {"kind": "recipient", "item_id": next(
                     r.id for r in policy.recipients if r.country == "US")}],
        "lang": [{"lang": "nb"}, {"lang": "en"}],
    }


def get_routes(routes: Iterable[Any], prefix: str = "") -> Iterator[str]:
    """Paths of every GET route, through included routers (FastAPI keeps them nested)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from get_routes(inner.routes, prefix + route.include_context.prefix)
        elif isinstance(route, APIRoute) and "GET" in route.methods:
            yield prefix + route.path


def console_pages(site: Site) -> list[str]:
    """Every GET page under /console, with examples filled in for path parameters."""
    examples = _examples(site)
    paths: list[str] = []
    for found in get_routes(site.app.routes):  # type: ignore[attr-defined]
        if not found.startswith("/console") or found in NOT_PAGES | SIGN_IN_STEPS:
            continue
        params = re.findall(r"{(\w+)}", found)
        if not params:
            paths.append(found)
            continue
        assert params[0] in examples, f"{found}: give an example for {{{params[0]}}}"
        for values in examples[params[0]]:
            path = found
            for name, value in values.items():
                path = path.replace(f"{{{name}}}", value)
            paths.append(path)
    return sorted(set(paths))


def test_every_console_page_is_axe_clean_at_both_widths(site: Site) -> None:
    pages = console_pages(site)
    assert {"/console", "/console/requests", "/console/datamap", "/console/consent",
            "/console/retention", "/console/audit"} <= set(pages)
    in_chromium(lambda browser: _check(browser, site, pages), timeout=600)


def _check(browser: Browser, site: Site, pages: list[str]) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    problems += [f"/console/login: {p}" for p in checked_at_both_widths(
        page.goto(f"{site.base}/console/login") and page, "console-login")]
    sign_in(page, site.base, site.token)
    for lang in ("en", "nb"):
        if lang == "nb":
            page.goto(f"{site.base}/console")
            page.get_by_role("button", name="Norsk").click()
            page.wait_for_url(f"{site.base}/console")
            assert page.locator("html").get_attribute("lang") == "nb"
        for path in pages:
            response = page.goto(f"{site.base}{path}")
            assert response is not None and response.status == 200, f"{path}: {response}"
            name = f"console-{lang}-" + (path.strip("/").replace("/", "-") or "home")
            problems += [f"{lang} {path}: {p}" for p in checked_at_both_widths(page, name)]
    assert not problems, "\n".join(problems)
    page.close()
