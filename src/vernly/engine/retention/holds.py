"""Legal holds, and what holds and Art. 18 restrictions keep out of a sweep.

A hold on a system or dataset stops every rule there (and every rule whose deletions
would cascade into a held table). A hold on a person keeps the rows that identify them,
the rows hanging off those (their orders' lines), and the parent rows of any of them
(an order is kept while one of its shipments is). Restricted persons are kept the same
way and counted apart, because Art. 18 is a different reason to keep.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vernly.connectors.identity import Identity
from vernly.connectors.sql import SqlSystem
from vernly.engine.requests.flags import active_restrictions
from vernly.errors import InvalidInput, NotFound
from vernly.ledger import audit
from vernly.ledger.retention import LegalHold
from vernly.policy.models import Policy
from vernly.policy.retention_rules import CompiledRule

PERSON, SYSTEM, DATASET = "person", "system", "dataset"


def _in_force(now: datetime) -> Any:
    return (LegalHold.lifted_at.is_(None)) & or_(LegalHold.until.is_(None), LegalHold.until > now)


def active_holds(session: Session, now: datetime) -> list[LegalHold]:
    """Holds in force at `now` (not lifted, not past their end)."""
    return list(session.execute(select(LegalHold).where(_in_force(now))
                                .order_by(LegalHold.set_at, LegalHold.id)).scalars())


def list_holds(session: Session, now: datetime, *, include_ended: bool = False
               ) -> list[LegalHold]:
    query = select(LegalHold).order_by(LegalHold.set_at, LegalHold.id)
    if not include_ended:
        query = query.where(_in_force(now))
    return list(session.execute(query).scalars())


def add_hold(session: Session, policy: Policy, *, reason: str, set_by: str, now: datetime,
             email: str | None = None, phone: str | None = None, system: str | None = None,
             dataset: str | None = None, until: datetime | None = None) -> LegalHold:
    """Place a hold; exactly one of person (e-mail and/or phone), system or dataset."""
    person = bool(email or phone)
    if sum((person, bool(system), bool(dataset))) != 1:
        raise InvalidInput("hold: give a person (--email/--phone), a --system or a --dataset, "
                           "exactly one of them")
    if not reason.strip():
        raise InvalidInput("hold: --reason is required (a case number, an authority's order)")
    if not set_by.strip():
        raise InvalidInput("hold: who places it is required (--by)")
    if until is not None and until <= now:
        raise InvalidInput(f"hold: --until {until.isoformat()} is not in the future")
    systems = {s.id: s for s in policy.systems}
    if system and system not in systems:
        raise InvalidInput(f"hold: unknown system '{system}', expected one of: "
                           f"{', '.join(sorted(systems))}")
    if dataset:
        known = {f"{s.id}.{t.name}" for s in policy.systems for t in s.tables} | set(systems)
        if dataset not in known:
            raise InvalidInput(f"hold: unknown dataset '{dataset}', expected 'system.table' "
                               "of the policy")
    identity = Identity.of(email=email, phone=phone) if person else Identity()
    hold = LegalHold(
        id=f"hold-{secrets.token_hex(4)}", scope=PERSON if person else SYSTEM if system
        else DATASET, target=system or dataset, email=identity.email, phone=identity.phone,
        reason=reason.strip(), set_by=set_by.strip(), set_at=now, until=until)
    session.add(hold)
    session.flush()
    audit.append(session, at=now, actor=hold.set_by, action="retention.hold.add",
                 target=hold.id, system=(system or dataset or "").split(".")[0] or None,
                 detail={"scope": hold.scope, "dataset": dataset,
                         "until": until.isoformat() if until else None})
    return hold


def lift_hold(session: Session, hold_id: str, *, lifted_by: str, now: datetime,
              reason: str | None = None) -> LegalHold:
    """Lift a hold in force; `reason` is kept on the hold (the audit entry says only that one
    was given, since free text may name people)."""
    hold = session.get(LegalHold, hold_id)
    if hold is None:
        raise NotFound(f"hold '{hold_id}' does not exist")
    if hold.lifted_at is not None:
        raise InvalidInput(f"hold '{hold_id}' was already lifted at {hold.lifted_at.isoformat()}")
    hold.lifted_at, hold.lifted_by = now, lifted_by
    hold.lift_reason = (reason or "").strip() or None
    audit.append(session, at=now, actor=lifted_by, action="retention.hold.lift", target=hold.id,
                 system=(hold.target or "").split(".")[0] or None,
                 detail={"scope": hold.scope, "reason_given": hold.lift_reason is not None})
    return hold


def hold_dict(hold: LegalHold) -> dict[str, Any]:
    """For operators (the console and `vernly hold list`): includes the held identifiers."""
    return {"id": hold.id, "scope": hold.scope, "target": hold.target, "email": hold.email,
            "phone": hold.phone, "reason": hold.reason, "set_by": hold.set_by,
            "set_at": hold.set_at.isoformat(),
            "until": hold.until.isoformat() if hold.until else None,
            "lifted_at": hold.lifted_at.isoformat() if hold.lifted_at else None,
            "lifted_by": hold.lifted_by, "lift_reason": hold.lift_reason}


@dataclass
class Exemptions:
    """What the sweep must leave alone, gathered once per run."""

    targets: dict[str, list[str]] = field(default_factory=dict)
    """System id or `system.table` -> ids of the holds on it."""
    persons: list[tuple[str, Identity]] = field(default_factory=list)
    """(hold id, identity) of persons under hold."""
    restricted: list[Identity] = field(default_factory=list)
    """Persons whose processing is restricted (Art. 18)."""

    def blocking(self, rule: CompiledRule) -> list[str]:
        """Holds that stop a rule: on its system, its table, or a table it cascades into."""
        names = [rule.system, rule.dataset]
        names += [f"{rule.system}.{c.table}" for c in _walk(rule.cascade)]
        return sorted({h for name in names for h in self.targets.get(name, [])})


def _walk(cascades: Iterable[Any]) -> Iterable[Any]:
    for link in cascades:
        yield link
        yield from _walk(link.children)


def gather(session: Session, now: datetime) -> Exemptions:
    out = Exemptions()
    for hold in active_holds(session, now):
        if hold.scope == PERSON:
            out.persons.append((hold.id, Identity(email=hold.email, phone=hold.phone)))
        elif hold.target:
            out.targets.setdefault(hold.target, []).append(hold.id)
    out.restricted = [Identity(email=e, phone=p) for e, p in active_restrictions(session)]
    return out


def person_rows(sql: SqlSystem, identities: Iterable[Identity]) -> dict[str, set[Any]]:
    """Keys of the given persons' rows per table of one system (references followed)."""
    found: dict[str, set[Any]] = {}
    for identity in identities:
        if identity.is_empty():
            continue
        for table, keys in sql.rows_for(identity).items():
            found.setdefault(table, set()).update(keys)
    return found
