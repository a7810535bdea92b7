"""Restriction (Art. 18), its lifting, objection (Art. 21) and consent withdrawal
(Art. 7(3)): standing flags other engines honour, plus the marks written in the
customer's systems (`consent_withdrawn_at`) that the retention rules act on."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from vernly.engine.requests import flags, mail, steps
from vernly.engine.requests.job import Job, Outcome
from vernly.errors import ConfigurationError, InvalidInput
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.ledger.messages import OutboxMessage
from vernly.ledger.subjects import SubjectFlag
from vernly.policy.loader import LoadedPolicy
from vernly.policy.models import NOT_STATED, Policy
from vernly.settings import Settings

CONSENT_COLUMN = "consent_withdrawn_at"


def _set(session: Session, job: Job, kind: str, scope: list[str]) -> tuple[SubjectFlag, bool]:
    """Set a flag unless one of the same kind already covers the scope."""
    now = job.settings.now()
    for flag in flags.active_flags(session, job.identity, kind):
        if set(scope) <= set(flag.scope) and flag.email == job.identity.email:
            return flag, False
    flag = flags.set_flag(session, kind=kind, identity=job.identity, scope=scope, at=now,
                          request_id=job.request_id)
    audit.append(session, at=now, actor=job.actor, action=f"request.flag_{kind}",
                 target=job.request_id, counts={"scope": len(scope)}, detail={"flag": flag.id})
    return flag, True


def run_restriction(job: Job) -> Outcome:
    with job.ledger.session() as session:
        flag, created = _set(session, job, flags.RESTRICTION, [])
        return Outcome(result={"flag": flag.id, "already_in_force": not created})


def lift_flags(ledger: Ledger, settings: Settings, loaded: LoadedPolicy,
               active: list[SubjectFlag], to: str | None, request_id: str, actor: str
               ) -> list[int]:
    """Tell the person, record that they were told, then lift (Art. 18(3))."""
    if not active:
        return []
    ids = [f.id for f in active]
    if to:
        _tell_before_lift(ledger, settings, loaded.policy, to, request_id, ids)
    told = settings.now()
    with ledger.session() as session:
        for flag_id in ids:
            flag = session.get(SubjectFlag, flag_id, with_for_update=True)
            assert flag is not None
            flag.notified_before_lift_at = told if to else None
        audit.append(session, at=told, actor=actor, action="request.lift_notified",
                     target=request_id, counts={"flags": len(ids)},
                     detail={"person_told": bool(to)})
    lifted = settings.now()
    with ledger.session() as session:
        for flag_id in ids:
            flag = session.get(SubjectFlag, flag_id, with_for_update=True)
            assert flag is not None
            flag.lifted_at, flag.lifted_by_request_id = lifted, request_id
        audit.append(session, at=lifted, actor=actor, action="request.restriction_lifted",
                     target=request_id, counts={"flags": len(ids)})
    return ids


def _tell_before_lift(ledger: Ledger, settings: Settings, policy: Policy, to: str,
                      request_id: str, flag_ids: list[int]) -> None:
    """The person must have been told before the restriction goes: the message is queued
    (and kept, to be retried) but nothing is lifted until it is delivered."""
    subject, body = mail.lift_message(policy, request_id)
    event = f"request:{request_id}:lift:{','.join(map(str, sorted(flag_ids)))}"
    with ledger.session() as session:
        message_id = mail.queue(session, settings, policy, event=event, to=to, subject=subject,
                                body=body, request_id=request_id, purpose="request.lift")
    mail.deliver(ledger, settings, message_id)
    with ledger.session() as session:
        message = session.get(OutboxMessage, message_id)
        if message is None or message.state != "sent":
            reason = message.last_error if message else "not written"
            raise ConfigurationError(f"request {request_id}: the restriction is not lifted "
                                     f"because the person could not be told yet ({reason}); "
                                     "the message is retried, lift again once it is sent")


def run_lift(job: Job) -> Outcome:
    with job.ledger.session() as session:
        active = list(flags.active_flags(session, job.identity, flags.RESTRICTION))
        for flag in active:
            session.expunge(flag)
    lifted = lift_flags(job.ledger, job.settings, job.loaded, active, job.identity.email,
                        job.request_id, job.actor)
    return Outcome(result={"lifted": lifted})


def objection_scope(policy: Policy, details: dict[str, Any]) -> list[str]:
    """Activities objected to, plus 'marketing' when direct marketing is among them or
    nothing narrower was given (Art. 21(2)-(3))."""
    asked = details.get("activities") or []
    if not isinstance(asked, list):
        raise InvalidInput("activities: a list of activity ids")
    known = {a.id: a for a in policy.activities}
    for activity_id in asked:
        if activity_id not in known:
            raise InvalidInput(f"activities: unknown activity '{activity_id}', expected one of: "
                               f"{', '.join(known)}")
    scope = list(dict.fromkeys(asked))
    if not scope or any(known[a].marketing for a in scope):
        scope.append(flags.MARKETING)
    return scope


def run_objection(job: Job) -> Outcome:
    policy = job.loaded.policy
    scope = objection_scope(policy, job.details)
    marketing = [a.id for a in policy.activities if a.marketing]
    review = [a for a in scope if a != flags.MARKETING and a not in marketing]
    with job.ledger.session() as session:
        flag, created = _set(session, job, flags.OBJECTION, scope)
    return Outcome(result={
        "flag": flag.id, "already_in_force": not created, "scope": scope,
        "marketing_activities_stopped": marketing if flags.MARKETING in scope else [],
        # Art. 21(1): outside direct marketing the controller may show compelling grounds.
        "needs_review": review,
    })


def consent_activities(policy: Policy, details: dict[str, Any]) -> list[str]:
    based_on_consent = [a.id for a in policy.activities
                        if a.legal_basis != NOT_STATED and not isinstance(a.legal_basis, str)
                        and a.legal_basis.article == "6(1)(a)"]
    asked = details.get("activities") or based_on_consent
    wrong = [a for a in asked if a not in based_on_consent]
    if wrong:
        raise InvalidInput(f"activities: {', '.join(wrong)} is not based on consent; "
                           f"expected one of: {', '.join(based_on_consent)}")
    return list(dict.fromkeys(asked))


def run_withdrawal(job: Job) -> Outcome:
    policy = job.loaded.policy
    activities = consent_activities(policy, job.details)
    with job.ledger.session() as session:
        flag, _ = _set(session, job, flags.WITHDRAWAL, activities)
    marked: dict[str, dict[str, int]] = {}
    failed: dict[str, str] = {}
    unmarked: list[str] = []
    for system in policy.systems:
        tables = [t for t in system.tables if (t.activity or system.activity) in activities]
        if not tables:
            continue
        if any(c.name == CONSENT_COLUMN for t in tables for c in t.columns):
            try:
                outcome = _mark(job, system.id)
            except _StepFailed as exc:
                failed[system.id] = exc.error
                continue
            if outcome is not None:
                marked[system.id] = outcome
        unmarked += [f"{system.id}.{t.name}" for t in tables
                     if not any(c.name == CONSENT_COLUMN for c in t.columns)]
    return Outcome(result={"flag": flag.id, "activities": activities, "marked": marked,
                           # No column to mark: the rows stay until their own retention
                           # rule or an erasure request removes them.
                           "no_withdrawal_column": unmarked, "failed": failed},
                   complete=not failed)


class _StepFailed(Exception):
    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def _mark(job: Job, system_id: str) -> dict[str, int] | None:
    done = {s.system_id: s for s in steps.plan(job.ledger, job.request_id, "withdraw",
                                               [system_id])}
    if done[system_id].status == steps.DONE:
        return None
    now = job.settings.now()
    steps.start(job.ledger, job.request_id, "withdraw", system_id, now, job.owner)
    try:
        outcome = job.data_map.rectify(job.identity, system_id, {CONSENT_COLUMN: now}, now)
    except Exception as exc:  # an unreachable system must not stop the others
        error = steps.error_line(exc, "marking the withdrawal")
        steps.fail(job.ledger, job.request_id, "withdraw", system_id, job.settings.now(),
                   error, job.actor)
        raise _StepFailed(error) from None
    with job.ledger.session() as session:
        steps.finish(session, job.request_id, "withdraw", system_id, now, dict(outcome.updated),
                     {})
        audit.append(session, at=now, actor=job.actor, action="request.withdraw",
                     target=job.request_id, system=system_id, counts=dict(outcome.updated))
    return dict(outcome.updated)
