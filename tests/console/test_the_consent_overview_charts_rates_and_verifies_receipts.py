"""The consent overview counts, per week and category, the choices that gave and refused
consent and the share of refusals made by Do Not Track and GPC, drawn as SVG charts with the
numbers in tables; a record looked up by id shows its receipt with the signature verified,
and a pasted receipt is checked against the signature and the ledger."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.console.conftest import HTML, csrf_of, sign_in
from vernly.engine.consent.service import Choice, record_choice
from vernly.web.consent_assets import catalogue_of

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)  # a Wednesday
THIS_WEEK = "2026-11-23"
LAST_WEEK = "2026-11-16"


def _choose(client: TestClient, at: datetime, statistics: bool, marketing: bool,
            method: str = "banner", gpc: bool = False) -> str:
    app = client.app
    catalogue = catalogue_of(type("R", (), {"app": app})())  # type: ignore[arg-type]
    with app.state.ledger.session() as session:  # type: ignore[attr-defined]
        result = record_choice(session, catalogue, Choice(
            decisions={"statistics": statistics, "marketing": marketing}, method=method,
            gpc=gpc), now=at, ua_key="k")
        return result.record.id


def _cell(page: str, table: str, week: str, attr: str) -> str:
    body = page[page.index(f'id="{table}"'):]
    row = re.search(rf'<tr data-week="{week}">(.*?)</tr>', body, re.S)
    assert row, f"no row for {week}"
    cell = re.search(rf'<td class="num" {attr}>(.*?)</td>', row.group(1), re.S)
    assert cell, f"no {attr} cell"
    return re.sub(r"<[^>]+>", "", cell.group(1)).strip()


def test_rates_and_signal_shares_per_week(client: TestClient, tokens: dict[str, str]) -> None:
    app = client.app
    app.state.settings = replace(app.state.settings, now_override=NOW)  # type: ignore[attr-defined]
    monday = datetime(2026, 11, 23, 9, tzinfo=UTC)
    _choose(client, monday, True, True)
    _choose(client, monday, True, False)
    _choose(client, monday + timedelta(days=1), False, False, method="dnt")
    _choose(client, monday + timedelta(days=1), True, True, gpc=True)
    _choose(client, monday - timedelta(days=5), False, False, method="dnt")
    sign_in(client, tokens["viewer"])
    page = client.get("/console/consent", headers=HTML).text
    # This week: statistics given in 3 of 4 choices, marketing in 1 of 4 (GPC overrules one).
    assert _cell(page, "rates-table", THIS_WEEK, 'data-category="statistics"') == "75 % (3/4)"
    assert _cell(page, "rates-table", THIS_WEEK, 'data-category="marketing"') == "25 % (1/4)"
    assert _cell(page, "rates-table", LAST_WEEK, 'data-category="statistics"') == "0 % (0/1)"
    # This week's 4 refusals: marketing by the banner, both categories by DNT, marketing by GPC.
    assert _cell(page, "signals-table", THIS_WEEK, 'data-method="dnt"') == "50 %"
    assert _cell(page, "signals-table", THIS_WEEK, 'data-method="gpc"') == "25 %"
    assert _cell(page, "signals-table", LAST_WEEK, 'data-method="dnt"') == "100 %"
    assert page.count('role="img"') == 2
    assert 'class="series" data-series="' in page and 'class="bar" data-series="' in page


def test_a_record_is_looked_up_and_a_pasted_receipt_checked(client: TestClient,
                                                           tokens: dict[str, str]) -> None:
    record_id = _choose(client, datetime.now(UTC), True, False)
    sign_in(client, tokens["viewer"])
    page = client.get("/console/consent", params={"record": record_id}, headers=HTML)
    assert page.status_code == 200 and 'id="receipt-verified"' in page.text
    missing = client.get("/console/consent", params={"record": str(uuid.uuid4())}, headers=HTML)
    assert missing.status_code == 404 and 'role="alert"' in missing.text

    receipt = client.get(f"/api/v1/consent/{record_id}/receipt").json()
    token = csrf_of(page.text)
    genuine = client.post("/console/consent/verify", data={
        "csrf_token": token, "receipt_json": json.dumps(receipt)})
    assert "The receipt is genuine and the ledger agrees" in genuine.text
    forged = dict(receipt, purposes=[])
    changed = client.post("/console/consent/verify", data={
        "csrf_token": token, "receipt_json": json.dumps(forged)})
    assert "the signature does not match" in changed.text
    broken = client.post("/console/consent/verify", data={
        "csrf_token": token, "receipt_json": "{not json"})
    assert "receipt: not JSON" in broken.text
