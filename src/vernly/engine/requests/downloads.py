"""Handing out access packages, and removing them once their link has expired.

A package can be downloaded for `package_link_days` (default 30, `VERNLY_PACKAGE_LINK_DAYS`)
after it was written; every download is audited (who, which request; never what), and
`remove_expired` deletes packages past that time from the store, with an audit entry each.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select

from vernly.engine.requests.access import PHASE, remove_parts
from vernly.engine.requests.package_store import store_for
from vernly.engine.requests.views import RequestView
from vernly.errors import NotFound
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.ledger.requests import DsrRequest, RequestStep
from vernly.settings import Settings

log = logging.getLogger("vernly.requests")
BATCH = 500


def expires_at(result: dict[str, object], settings: Settings) -> datetime | None:
    """When the package's link stops working (None: no package time recorded)."""
    written = result.get("package_at")
    if not isinstance(written, str):
        return None
    return datetime.fromisoformat(written) + timedelta(days=settings.package_link_days)


def download(ledger: Ledger, settings: Settings, view: RequestView, actor: str) -> bytes:
    """The decrypted package for a verified request, audited; NotFound once expired."""
    if view.verified_at is None or not view.package_path:
        raise NotFound(f"request {view.id} has no package")
    until = expires_at(view.result, settings)
    if until is not None and settings.now() > until:
        raise NotFound(f"request {view.id}: the package link expired on {until:%Y-%m-%d}")
    data = store_for(settings).get(view.package_path)
    with ledger.session() as session:
        audit.append(session, at=settings.now(), actor=actor, action="request.package.downloaded",
                     target=view.id, counts={"bytes": len(data)})
    return data


def remove_expired(ledger: Ledger, settings: Settings) -> int:
    """Delete every package whose link has expired; the request keeps its record."""
    now, store, removed = settings.now(), store_for(settings), 0
    with ledger.session() as session:
        held = session.execute(select(DsrRequest.id, DsrRequest.package_path, DsrRequest.result)
                               .where(DsrRequest.package_path.is_not(None))
                               .order_by(DsrRequest.id).limit(BATCH)).all()
    for request_id, location, result in held:
        until = expires_at(dict(result or {}), settings)
        if until is None or now <= until:
            continue
        store.delete(location)  # first: a crash here leaves a path to a missing file, retried
        _remove_parts(ledger, settings, request_id)
        with ledger.session() as session:
            request = session.get(DsrRequest, request_id, with_for_update=True)
            if request is None or request.package_path != location:
                continue
            request.package_path = None
            audit.append(session, at=now, actor="scheduler", action="request.package.removed",
                         target=request_id, detail={"expired": until.isoformat()})
        removed += 1
    if removed:
        log.info("%d expired package(s) removed", removed)
    return removed


def _remove_parts(ledger: Ledger, settings: Settings, request_id: str) -> None:
    """What the collection jobs found, kept for rebuilding the package: gone with it."""
    with ledger.session() as session:
        systems = list(session.execute(
            select(RequestStep.system_id).where(RequestStep.request_id == request_id,
                                                RequestStep.phase == PHASE)).scalars())
    remove_parts(settings, request_id, systems)
