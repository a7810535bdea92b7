"""Restrictions, objections and consent withdrawals in force, for the engines that must
honour them (retention sweeps, exports, the consent decision API).

A flag matches a person when either its e-mail or its phone equals the identity's
(both are stored normalised, like `Identity.of` makes them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.orm import Session

from vernly.connectors.identity import Identity
from vernly.ledger.subjects import SubjectFlag

RESTRICTION = "restriction"
OBJECTION = "objection"
WITHDRAWAL = "withdrawal"
MARKETING = "marketing"
"""Scope entry meaning every activity the policy marks `marketing: true`."""


def _matches(identity: Identity) -> ColumnElement[bool]:
    clauses: list[ColumnElement[bool]] = []
    if identity.email:
        clauses.append(SubjectFlag.email == identity.email)
    if identity.phone:
        clauses.append(SubjectFlag.phone == identity.phone)
    return or_(*clauses) if clauses else false()


def active_flags(session: Session, identity: Identity, kind: str | None = None
                 ) -> Sequence[SubjectFlag]:
    """The flags in force for this person, oldest first."""
    query = select(SubjectFlag).where(SubjectFlag.lifted_at.is_(None), _matches(identity))
    if kind:
        query = query.where(SubjectFlag.kind == kind)
    return session.execute(query.order_by(SubjectFlag.id)).scalars().all()


def active_restrictions(session: Session) -> list[tuple[str | None, str | None]]:
    """(email, phone) of every person whose processing is restricted (Art. 18)."""
    rows = session.execute(
        select(SubjectFlag.email, SubjectFlag.phone)
        .where(SubjectFlag.kind == RESTRICTION, SubjectFlag.lifted_at.is_(None))
        .order_by(SubjectFlag.id)
    ).all()
    return list(dict.fromkeys((email, phone) for email, phone in rows))


def is_restricted(session: Session, identity: Identity) -> bool:
    """Processing of this person is restricted: keep their data, do nothing else with it."""
    return bool(active_flags(session, identity, RESTRICTION))


def objections(session: Session, identity: Identity) -> list[str]:
    """Activity ids (and 'marketing') this person has objected to (Art. 21)."""
    scope: dict[str, None] = {}
    for flag in active_flags(session, identity, OBJECTION):
        scope.update(dict.fromkeys(flag.scope))
    return list(scope)


def has_marketing_objection(session: Session, identity: Identity) -> bool:
    """The person objected to direct marketing, which is absolute (Art. 21(3))."""
    return MARKETING in objections(session, identity)


def withdrawals(session: Session, identity: Identity) -> list[str]:
    """Activity ids whose consent this person has withdrawn through a request (Art. 7(3))."""
    scope: dict[str, None] = {}
    for flag in active_flags(session, identity, WITHDRAWAL):
        scope.update(dict.fromkeys(flag.scope))
    return list(scope)


def set_flag(session: Session, *, kind: str, identity: Identity, scope: list[str],
             at: datetime, request_id: str | None) -> SubjectFlag:
    """Record a flag in the caller's transaction."""
    flag = SubjectFlag(kind=kind, email=identity.email, phone=identity.phone, scope=list(scope),
                       set_at=at, request_id=request_id)
    session.add(flag)
    session.flush()
    return flag
