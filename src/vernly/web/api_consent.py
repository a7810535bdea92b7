"""The public consent API the banner talks to: record a browser's choice, read its record,
its receipt, and withdraw in one call.

The record id returned by the first choice is the browser's only key to its record.
A request carrying `Sec-GPC: 1` is never recorded as consent to a sale-like category.
Consent tied to a verified e-mail identity, and the decision endpoint, live in
`api_decision` behind an operator token.
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool
from pydantic_core import to_json

from vernly.engine.consent import receipt, service
from vernly.engine.consent.catalogue import Catalogue
from vernly.engine.consent.writer import ChoiceWriter
from vernly.errors import PermissionDenied
from vernly.ledger.consent import ConsentRecord
from vernly.ledger.db import Ledger
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings
from vernly.web.consent_assets import catalogue_of
from vernly.web.deps import get_ledger, get_policy, get_settings
from vernly.web.input_limits import ENTRIES, Name, Word
from vernly.web.json_body_route import JsonBodyRoute

router = APIRouter(prefix="/api/v1", tags=["consent"])


class ChoiceIn(BaseModel):
    """A choice as the banner (or a form) sends it."""

    model_config = ConfigDict(extra="forbid")

    decisions: dict[Name, StrictBool] = Field(description="Category or activity id -> given.",
                                        max_length=ENTRIES)
    services: dict[Name, StrictBool] = Field(default_factory=dict, max_length=ENTRIES,
                                       description="Service id -> allowed (inside a category).")
    method: Word = Field("banner", description="banner, form, email, dnt, gpc or api.")
    record_id: Name | None = Field(None, description="The record to update, if any.")
    language: Word = "nb"
    notice_version: Word | None = Field(None, description="The notice version shown: the "
                                        "policy's current one.")


def gpc_header(request: Request) -> bool:
    """The browser sent the Global Privacy Control signal."""
    return request.headers.get("sec-gpc", "").strip() == "1"


def choice_result(result: service.ChoiceResult, gpc: bool) -> dict[str, Any]:
    return {
        "record_id": result.record.id,
        "changed": result.changed,
        "decisions": dict(result.record.decisions),
        "services": dict(result.record.services),
        "notice_version": result.record.notice_version,
        "gpc": gpc,
        "events": [receipt.event_view(e) for e in result.events],
    }


def record(ledger: Ledger, settings: Settings, catalogue: Catalogue, choice: service.Choice,
           actor: str | None = None) -> service.ChoiceResult:
    with ledger.session() as session:
        return service.record_choice(session, catalogue, choice, now=settings.now(),
                                     ua_key=settings.secret_key, actor=actor)


_writer_made = threading.Lock()


def writer_of(request: Request) -> ChoiceWriter:
    """The app's consent writer (group commit), made with the first choice."""
    state = request.app.state
    with _writer_made:
        writer: ChoiceWriter | None = getattr(state, "consent_writer", None)
        if writer is None:
            writer = ChoiceWriter(state.ledger, state.settings.secret_key)
            state.consent_writer = writer
    return writer


async def record_consent(body: ChoiceIn, request: Request) -> Response:
    """Record a browser's choice; returns the record id the banner keeps. Answered once the
    choice is committed (with the others that arrived at the same time)."""
    # The event loop awaits the writer's commit instead of parking a threadpool thread on
    # it: the hop to and from a worker thread cost more than the rest of the handler. The
    # writer stores the choices of every waiting request in one transaction.
    settings: Settings = request.app.state.settings
    gpc = gpc_header(request)
    choice = service.Choice(
        decisions=body.decisions, services=body.services, method=body.method,
        record_id=body.record_id, language=body.language, notice_version=body.notice_version,
        user_agent=request.headers.get("user-agent"), gpc=gpc)
    result = await writer_of(request).store(catalogue_of(request), choice, settings.now())
    # Serialised here, once: the dict holds only JSON types, so FastAPI's validation of
    # the return value against `dict[str, Any]` would check nothing and cost as much again.
    # pydantic-core writes the same bytes as compact `json.dumps` in a sixth of the time.
    return Response(to_json(choice_result(result, gpc)),
                    status_code=200 if body.record_id == result.record.id else 201,
                    media_type="application/json")


# A JSON body is validated from its bytes, without FastAPI's parsing and dependency solving
# (`JsonBodyRoute`); the OpenAPI document and every error answer stay FastAPI's.
router.add_api_route("/consent", record_consent, methods=["POST"], status_code=201,
                     response_model=dict[str, Any], route_class_override=JsonBodyRoute)


def _browser_only(item: ConsentRecord) -> None:
    if item.subject_type != "browser":
        raise PermissionDenied("this record belongs to a verified identity; operators read it "
                               "at /api/v1/consent/verified/{record_id}")


@router.get("/consent/{record_id}")
def read_consent(record_id: str, request: Request, ledger: Ledger = Depends(get_ledger),
                 settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    """The record's current state per purpose and its full history."""
    with ledger.session() as session:
        item = service.get_record(session, record_id)
        _browser_only(item)
        return receipt.record_view(item, service.history(session, item.id),
                                   catalogue_of(request), settings.now())


@router.post("/consent/{record_id}/withdraw")
def withdraw_consent(record_id: str, request: Request, ledger: Ledger = Depends(get_ledger),
                     settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    """Withdraw everything the record gives, in one step."""
    with ledger.session() as session:
        item = service.get_record(session, record_id)
        _browser_only(item)
        result = service.withdraw(session, catalogue_of(request), item.id, method="banner",
                                  now=settings.now(), ua_key=settings.secret_key,
                                  user_agent=request.headers.get("user-agent"))
        return choice_result(result, gpc_header(request))


@router.get("/consent/{record_id}/receipt")
def consent_receipt(record_id: str, request: Request, ledger: Ledger = Depends(get_ledger),
                    loaded: LoadedPolicy = Depends(get_policy),
                    settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    """The record as an ISO/IEC TS 27560 receipt, signed by this workspace."""
    with ledger.session() as session:
        item = service.get_record(session, record_id)
        _browser_only(item)
        return receipt.receipt(item, service.history(session, item.id), loaded.policy,
                               catalogue_of(request), now=settings.now(),
                               key=settings.secret_key)
