"""What the browser tests read back: cookies by name, the banner's own cookie, the ledger."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import httpx
from playwright.sync_api import BrowserContext, Page

STATISTICS_COOKIES = {"_ga", "_gid", "_ga_ABC123"}


def cookie_names(context: BrowserContext) -> set[str]:
    return {c["name"] for c in context.cookies()}


def banner_state(context: BrowserContext) -> dict[str, Any]:
    raw = next(c["value"] for c in context.cookies() if c["name"] == "vernly_consent")
    value: dict[str, Any] = json.loads(unquote(raw))
    return value


def wait_for_record(page: Page) -> str:
    """The record id the banner keeps once the ledger has answered."""
    page.wait_for_function("() => window.vernlyConsent && (window.vernlyConsent.state() || {}).r")
    record_id: str = page.evaluate("() => window.vernlyConsent.state().r")
    return record_id


def ledger(site: str, record_id: str) -> dict[str, Any]:
    value: dict[str, Any] = httpx.get(f"{site}/api/v1/consent/{record_id}").json()
    return value
