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
from vernly.ledger.requests import DsrRequest
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
    event = f"request:{request_id}:lift:{','.join(map(str, sorted(flag_ids)))}"
    with ledger.session() as session:
        request = session.get(DsrRequest, request_id)
        first = mail.language_of(policy, request) if request else None
        subject, body = mail.lift_message(policy, request_id, first=first)
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


WITHDRAW = "withdraw"


def _tables_of(policy: Policy, activities: list[str]) -> list[tuple[str, list[Any]]]:
    """(system, its tables used by the activities) for every system holding any."""
    found = []
    for system in policy.systems:
        tables = [t for t in system.tables if (t.activity or system.activity) in activities]
        if tables:
            found.append((system.id, tables))
    return found


def withdrawal_systems(job: Job) -> list[str]:
    """The systems whose rows get the withdrawal mark (a `consent_withdrawn_at` column)."""
    activities = consent_activities(job.loaded.policy, job.details)
    return [system_id for system_id, tables in _tables_of(job.loaded.policy, activities)
            if any(c.name == CONSENT_COLUMN for t in tables for c in t.columns)]


def set_withdrawal_flag(job: Job) -> int:
    """The standing withdrawal flag (set once, whatever the number of runs)."""
    activities = consent_activities(job.loaded.policy, job.details)
    with job.ledger.session() as session:
        flag, _ = _set(session, job, flags.WITHDRAWAL, activities)
        return flag.id


def run_withdrawal(job: Job) -> Outcome:
    flag_id = set_withdrawal_flag(job)
    for system_id in withdrawal_systems(job):
        done = steps.plan(job.ledger, job.request_id, WITHDRAW, [system_id])
        if done[0].status != steps.DONE:
            mark_system(job, system_id)
    return withdrawal_outcome(job, flag_id)


def withdrawal_outcome(job: Job, flag_id: int | None = None) -> Outcome:
    """What the withdrawal did, from its steps in the ledger."""
    from vernly.engine.requests.store import step_rows

    if flag_id is None:
        flag_id = set_withdrawal_flag(job)  # finds the flag the run set
    policy = job.loaded.policy
    activities = consent_activities(policy, job.details)
    marking = set(withdrawal_systems(job))
    with job.ledger.session() as session:
        rows = {s.system_id: s for s in step_rows(session, job.request_id, WITHDRAW)}
    marked = {sid: dict(rows[sid].counts) for sid in marking
              if sid in rows and rows[sid].status == steps.DONE}
    failed = {sid: rows[sid].error or "" for sid in marking
              if sid in rows and rows[sid].status == steps.FAILED}
    unmarked = [f"{system_id}.{t.name}" for system_id, tables in _tables_of(policy, activities)
                for t in tables if not any(c.name == CONSENT_COLUMN for c in t.columns)]
    return Outcome(result={"flag": flag_id, "activities": activities, "marked": marked,
                           # No column to mark: the rows stay until their own retention
                           # rule or an erasure request removes them.
                           "no_withdrawal_column": unmarked, "failed": failed},
                   complete=all(sid in rows and rows[sid].status == steps.DONE
                                for sid in marking))


def mark_system(job: Job, system_id: str, *, retrying: bool = False) -> str | None:
    """Mark the person's rows in one system as withdrawn, as one checkpointed step; the
    error line when the system failed (recorded on the step), else None."""
    now = job.settings.now()
    outcome = steps.attempt(
        job, WITHDRAW, system_id, "marking the withdrawal",
        lambda: job.data_map.rectify(job.identity, system_id, {CONSENT_COLUMN: now}, now),
        retrying=retrying)
    if isinstance(outcome, steps.Failed):
        return outcome.error
    with job.ledger.session() as session:
        steps.finish(session, job.request_id, WITHDRAW, system_id, now, dict(outcome.updated),
                     {})
        audit.append(session, at=now, actor=job.actor, action="request.withdraw",
                     target=job.request_id, system=system_id, counts=dict(outcome.updated))
    return None
