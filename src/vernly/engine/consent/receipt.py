"""Reading a record back: its current state per purpose, and its receipt.

The receipt uses the field names of ISO/IEC TS 27560 (consent record information structure)
as the W3C DPV guide for 27560 spells them: `schema_version`, `record_id`,
`pii_principal_id`, `pii_controllers`, `jurisdiction`, `notice`, `purposes` (with
`purpose_id`, `lawful_basis`, `pii_categories`, `validity_duration`) and `events` (with
`event_time`, `event_type`, `event_state`, `collection_method`). It is signed with the
workspace key so vernly can later confirm a receipt a person shows is one it issued.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

from vernly.engine.consent.catalogue import Catalogue
from vernly.engine.consent.expiry import VALIDITY, expires_at, stale_reason
from vernly.engine.consent.service import EventRow
from vernly.ledger.consent import ConsentEvent, ConsentRecord
from vernly.policy.models import Policy

SCHEMA = "https://w3id.org/dpv/schema/iso-27560#receipt-full"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def purpose_states(record: ConsentRecord, events: list[ConsentEvent], catalogue: Catalogue,
                   now: datetime) -> dict[str, dict[str, Any]]:
    """Per purpose: given / refused / withdrawn / expired, since when and how."""
    stale = stale_reason(record, catalogue.notice_version, now)
    last: dict[str, ConsentEvent] = {}
    for e in events:
        if e.service is None:
            last[e.purpose] = e
    states: dict[str, dict[str, Any]] = {}
    for purpose, given in sorted(record.decisions.items()):
        ev = last.get(purpose)
        status = ("expired" if stale else "given") if given else (ev.event if ev else "refused")
        states[purpose] = {
            "status": status,
            "since": _iso(record.expired_at if given and record.expired_at else
                          (ev.at if ev else record.updated_at)),
            "method": ev.method if ev else record.method,
        }
        if given:
            states[purpose]["services_refused"] = sorted(
                s for s, on in record.services.items() if not on
                and (c := catalogue.service_category(s)) is not None and c.id == purpose)
    return states


def record_view(record: ConsentRecord, events: list[ConsentEvent], catalogue: Catalogue,
                now: datetime) -> dict[str, Any]:
    """State and history of one record, as the API and the CLI show it."""
    stale = stale_reason(record, catalogue.notice_version, now)
    return {
        "record_id": record.id,
        "subject_type": record.subject_type,
        "controller": record.controller,
        "jurisdiction": record.jurisdiction,
        "notice_version": record.notice_version,
        "current_notice_version": catalogue.notice_version,
        "language": record.language,
        "method": record.method,
        "created_at": _iso(record.created_at),
        "updated_at": _iso(record.updated_at),
        "expires_at": _iso(expires_at(record)),
        "stale": stale,
        "decisions": dict(record.decisions),
        "services": dict(record.services),
        "state": purpose_states(record, events, catalogue, now),
        "history": [event_view(e) for e in events],
    }


def event_view(e: ConsentEvent | EventRow) -> dict[str, Any]:
    return {"at": _iso(e.at), "event": e.event, "purpose": e.purpose, "service": e.service,
            "method": e.method, "notice_version": e.notice_version, "detail": dict(e.detail)}


def _event_type(method: str) -> str:
    return {"dnt": "signal", "gpc": "signal", "system": "system"}.get(method, "expressed")


def _purpose(policy: Policy, catalogue: Catalogue, pid: str, lang: str) -> dict[str, Any]:
    category = catalogue.category(pid)
    if category is not None:
        activities = [policy.activity(a) for a in category.activities]
        text = category.name.get(lang) + ": " + category.description.get(lang)
        services = [s.name for s in category.services]
    else:
        activities = [policy.activity(pid)]
        text = "; ".join(p.get(lang) for p in activities[0].purposes)
        services = []
    recipients = sorted({policy.recipient(r).name_in(lang)
                         for a in activities for r in a.recipients})
    return {
        "purpose_id": pid,
        "purpose": text,
        "purpose_category": "cookie_category" if category else "processing_activity",
        "lawful_basis": "dpv:Consent",
        "pii_categories": sorted({c for a in activities for c in a.data_categories}),
        "services": services,
        "recipients": recipients,
        "validity_duration": VALIDITY.text,
    }


def receipt(record: ConsentRecord, events: list[ConsentEvent], policy: Policy,
            catalogue: Catalogue, *, now: datetime, key: str,
            centre_url: str = "/personvern/samtykke") -> dict[str, Any]:
    """The record as a TS 27560 receipt, signed with the workspace key."""
    controller = policy.controller
    lang = record.language
    body: dict[str, Any] = {
        "schema_version": SCHEMA,
        "record_id": record.id,
        "receipt_timestamp": _iso(now),
        "pii_principal_id": (record.subject_id if record.subject_type == "email"
                             else f"urn:vernly:browser:{record.subject_id}"),
        "pii_principal_id_type": "verified_email" if record.subject_type == "email"
        else "pseudonymous_browser_id",
        "pii_controllers": [{
            "name": controller.name, "org_number": controller.org_number,
            "address": controller.address.one_line(), "email": controller.email,
            "phone": controller.phone, "url": controller.website,
        }],
        "jurisdiction": record.jurisdiction,
        "language": lang,
        "notice": {"notice_id": "privacy-notice", "version": record.notice_version,
                   "url": "/en/privacy" if lang == "en" else "/personvern"},
        "collection_method": record.method,
        "record_created": _iso(record.created_at),
        "record_updated": _iso(record.updated_at),
        "expiry": _iso(expires_at(record)),
        "purposes": [dict(_purpose(policy, catalogue, pid, lang),
                          state=state["status"])
                     for pid, state in purpose_states(record, events, catalogue, now).items()],
        "events": [{
            "event_time": _iso(e.at),
            "event_type": _event_type(e.method),
            "event_state": e.event,
            "purpose_id": e.purpose,
            "service": e.service,
            "collection_method": e.method,
            "notice_version": e.notice_version,
        } for e in events],
        "withdrawal_method": {"url": centre_url, "email": controller.email},
    }
    body["signature"] = {"alg": "HMAC-SHA256", "value": sign(body, key)}
    return body


def sign(body: dict[str, Any], key: str) -> str:
    canonical = json.dumps({k: v for k, v in body.items() if k != "signature"},
                           sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key.encode(), canonical.encode(), hashlib.sha256).hexdigest()


def verify_receipt(body: dict[str, Any], key: str) -> bool:
    value = body.get("signature", {}).get("value", "")
    return isinstance(value, str) and hmac.compare_digest(value, sign(body, key))
