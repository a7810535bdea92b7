"""The operator side of consent: the decision other systems ask, consent recorded for a
verified e-mail identity, and reading or withdrawing any record.

Every route needs an operator token (`Authorization: Bearer ...`): the decision answers
for a named person, so it is not for the public.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import Field

from vernly.engine.consent import decision, receipt, service
from vernly.engine.operators import OperatorInfo
from vernly.ledger.db import Ledger
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings
from vernly.web.api_consent import ChoiceIn, choice_result, gpc_header, record
from vernly.web.auth import require_operator
from vernly.web.consent_assets import catalogue_of
from vernly.web.deps import get_ledger, get_policy, get_settings
from vernly.web.input_limits import EMAIL, NAME, Email, Word

router = APIRouter(prefix="/api/v1", tags=["consent"])
READ = require_operator("dpo", "engineer", "viewer", "auditor")
ACT = require_operator("dpo", "engineer")


class VerifiedChoiceIn(ChoiceIn):
    """A choice made by a person whose e-mail address the controller has verified."""

    email: Email = Field(description="The person's verified e-mail address.")
    method: Word = Field("form", description="form, email or api.")


@router.get("/decision")
def consent_decision(request: Request,
                     subject: str = Query(max_length=EMAIL,
                                          description="E-mail address or browser record id."),
                     purpose: str = Query(max_length=NAME,
                                          description="Cookie category or activity id."),
                     _operator: OperatorInfo = Depends(READ),
                     ledger: Ledger = Depends(get_ledger),
                     loaded: LoadedPolicy = Depends(get_policy),
                     settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    """May this purpose be used for this person now? Answered from the ledger and from
    restrictions and objections in force."""
    with ledger.session() as session:
        return decision.decide(session, loaded.policy, catalogue_of(request), subject=subject,
                               purpose=purpose, now=settings.now()).as_dict()


@router.post("/consent/verified", status_code=201)
def record_verified_consent(body: VerifiedChoiceIn, request: Request, response: Response,
                            operator: OperatorInfo = Depends(ACT),
                            ledger: Ledger = Depends(get_ledger),
                            settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    """Record consent a person gave for a verified identity (e.g. a course sign-up form)."""
    gpc = gpc_header(request)
    result = record(ledger, settings, catalogue_of(request), service.Choice(
        decisions=body.decisions, services=body.services, method=body.method,
        record_id=body.record_id, email=body.email, language=body.language,
        notice_version=body.notice_version, user_agent=request.headers.get("user-agent"),
        gpc=gpc), actor=operator.actor)
    if body.record_id == result.record.id:
        response.status_code = 200
    return choice_result(result, gpc)


@router.get("/consent/verified/{record_id}")
def read_any_consent(record_id: str, request: Request,
                     _operator: OperatorInfo = Depends(READ),
                     ledger: Ledger = Depends(get_ledger),
                     settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    """Any record's state and history, including the subject, for operators."""
    with ledger.session() as session:
        item = service.get_record(session, record_id)
        view = receipt.record_view(item, service.history(session, item.id),
                                   catalogue_of(request), settings.now())
        view["subject_id"] = item.subject_id
        return view


@router.get("/consent/verified/{record_id}/receipt")
def any_receipt(record_id: str, request: Request, _operator: OperatorInfo = Depends(READ),
                ledger: Ledger = Depends(get_ledger),
                loaded: LoadedPolicy = Depends(get_policy),
                settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    """Any record's TS 27560 receipt (to hand to the person after verifying them)."""
    with ledger.session() as session:
        item = service.get_record(session, record_id)
        return receipt.receipt(item, service.history(session, item.id), loaded.policy,
                               catalogue_of(request), now=settings.now(),
                               key=settings.secret_key)


@router.post("/consent/verified/{record_id}/withdraw")
def withdraw_any(record_id: str, request: Request, operator: OperatorInfo = Depends(ACT),
                 ledger: Ledger = Depends(get_ledger),
                 settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    """Withdraw everything a record gives (e.g. the person asked by e-mail)."""
    with ledger.session() as session:
        result = service.withdraw(session, catalogue_of(request), record_id, method="email",
                                  now=settings.now(), ua_key=settings.secret_key,
                                  actor=operator.actor)
        return choice_result(result, gpc_header(request))
