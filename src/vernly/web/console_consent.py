"""`/console/consent`: consent and refusal rates per category over the last weeks and the share
of refusals made by Do Not Track and Global Privacy Control, as SVG charts with their numbers;
and any record looked up by id, with its receipt built and its signature verified."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from vernly.engine.consent import receipt, service, stats
from vernly.errors import NotFound, VernlyError
from vernly.notices.charts import Series, line_chart, stacked_bars
from vernly.notices.i18n import tr
from vernly.web import csrf
from vernly.web.auth import OperatorInfo, require_operator
from vernly.web.consent_assets import catalogue_of
from vernly.web.console import render
from vernly.web.console_lang import formatter, lang_of
from vernly.web.deps import get_ledger, get_policy, get_settings

router = APIRouter(prefix="/console/consent", include_in_schema=False)
READ = Depends(require_operator())


def _charts(request: Request, weeks: list[stats.Week]) -> dict[str, Any]:
    lang = lang_of(request)
    fmt = formatter(request, lang)
    labels = [fmt.date(w.start.isoformat())[:-5] for w in weeks]
    categories = [c for c in catalogue_of(request).categories if not c.necessary]
    rates = [Series(c.name.get(lang), [w.rate(c.id) for w in weeks]) for c in categories]
    signals = [Series(tr(lang, "Do Not Track"), [w.signal_share("dnt") for w in weeks]),
               Series(tr(lang, "Global Privacy Control"), [w.signal_share("gpc") for w in weeks])]
    return {
        "labels": labels, "categories": categories, "rates": rates, "signals": signals,
        "rate_chart": Markup(line_chart(  # every text in it is escaped
            "consent-rates", tr(lang, "Consent rate per category, by week"),
            tr(lang, "The share of choices that gave consent, per category; the table below "
                     "has the numbers."), labels, rates)),
        "signal_chart": Markup(stacked_bars(  # every text in it is escaped
            "signal-shares", tr(lang, "Refusals by browser signal, by week"),
            tr(lang, "The share of each week's refusals made by Do Not Track and by Global "
                     "Privacy Control; the table below has the numbers."), labels, signals)),
    }


def _page(request: Request, operator: OperatorInfo, record_id: str = "",
          pasted: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    ledger, settings = get_ledger(request), get_settings(request)
    with ledger.session() as session:
        weeks = stats.weekly(session, settings.now())
    found: dict[str, Any] | None = None
    error = None
    if record_id.strip():
        try:
            found = _lookup(request, record_id.strip())
        except VernlyError as exc:
            error, status_code = str(exc), exc.http_status
    return render(request, "consent.html", operator, status_code=status_code, weeks=weeks,
                  record_id=record_id, found=found, error=error, pasted=pasted,
                  **_charts(request, weeks))


def _lookup(request: Request, record_id: str) -> dict[str, Any]:
    ledger, settings = get_ledger(request), get_settings(request)
    catalogue = catalogue_of(request)
    with ledger.session() as session:
        item = service.get_record(session, record_id)
        events = service.history(session, item.id)
        view = receipt.record_view(item, events, catalogue, settings.now())
        body = receipt.receipt(item, events, get_policy(request).policy, catalogue,
                               now=settings.now(), key=settings.secret_key)
    return {"view": view, "receipt": body,
            "verified": receipt.verify_receipt(body, settings.secret_key),
            "receipt_json": json.dumps(body, indent=2, ensure_ascii=False)}


@router.get("", response_class=HTMLResponse)
def page(request: Request, record: str = "", operator: OperatorInfo = READ) -> HTMLResponse:
    return _page(request, operator, record_id=record[:100])


def _check_pasted(request: Request, text: str) -> dict[str, Any]:
    """Is a receipt someone shows us one this workspace signed, and does the ledger agree?"""
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        return {"ok": False, "why": f"receipt: not JSON ({exc.msg} at line {exc.lineno})"}
    if not isinstance(body, dict):
        return {"ok": False, "why": "receipt: expected a JSON object"}
    if not receipt.verify_receipt(body, get_settings(request).secret_key):
        return {"ok": False, "why": "the signature does not match: this workspace did not "
                                    "sign this receipt, or it was changed"}
    try:
        current = _lookup(request, str(body.get("record_id", "")))
    except NotFound:
        return {"ok": False, "why": "the signature holds but the record is not in the ledger"}
    same = current["receipt"]["events"][:len(body.get("events") or [])]
    agrees = same == body.get("events")
    return {"ok": agrees, "record_id": body.get("record_id"),
            "why": None if agrees else "the signature holds but the ledger's history differs"}


@router.post("/verify", response_class=HTMLResponse)
def verify(request: Request, csrf_token: str = Form(""), receipt_json: str = Form(""),
           operator: OperatorInfo = READ) -> HTMLResponse:
    """Verify a receipt pasted into the page (reading only; nothing changes)."""
    csrf.check(request, csrf_token)
    return _page(request, operator, pasted=_check_pasted(request, receipt_json[:200_000]))
