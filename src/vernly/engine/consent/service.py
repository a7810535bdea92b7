"""Recording consent choices and reading them back.

A choice names, per category (or consent-based activity), whether it is given. The record
keeps the current decisions; every change becomes an event (given, refused, withdrawn), so
the history proves what the person chose, when, how and under which notice. A choice that
changes nothing on a current record writes nothing: a retried POST is harmless.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from operator import attrgetter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vernly.connectors.identity import normalise_email
from vernly.engine.consent.catalogue import NECESSARY, Catalogue
from vernly.engine.consent.expiry import stale_reason
from vernly.errors import Conflict, InvalidInput, NotFound, VernlyError
from vernly.ledger import audit
from vernly.ledger import consent as consent_rows
from vernly.ledger.consent import ConsentEvent, ConsentRecord

METHODS = ("banner", "form", "email", "dnt", "gpc", "api")
"""How a choice can reach the ledger (TS 27560 'collection method')."""
SIGNAL_METHODS = ("dnt", "gpc")
"""Methods that are a browser signal: they can only refuse."""
LANGUAGES = ("nb", "en")


@dataclass(frozen=True)
class Choice:
    """One choice as it arrives from the banner, a form or another system."""

    decisions: Mapping[str, bool]
    """Category or activity id -> given."""
    services: Mapping[str, bool] = field(default_factory=dict)
    """Service id -> allowed, inside a given category."""
    method: str = "banner"
    record_id: str | None = None
    """The record to update (the banner sends the id it kept); None starts a new one."""
    email: str | None = None
    """A verified identity; None for a pseudonymous browser."""
    language: str = "nb"
    notice_version: str | None = None
    """The notice version the person was shown; None means the current one."""
    user_agent: str | None = None
    gpc: bool = False
    """The request carried `Sec-GPC: 1`."""
    subject: tuple[str, str] | None = None
    """(type, id) of a subject known by neither e-mail nor browser, such as a form
    submission (`form`, its id); for consent to an activity collected without an address."""


@dataclass(slots=True)
class NewRecord:
    """A record a first choice makes, as plain values until it is inserted (cheaper to build
    than a mapped object); fields as `ConsentRecord`'s."""

    id: str
    subject_type: str
    subject_id: str
    controller: str
    jurisdiction: str
    notice_version: str
    language: str
    method: str
    decisions: dict[str, bool]
    services: dict[str, bool]
    created_at: datetime
    updated_at: datetime
    user_agent_hash: str | None = None
    expired_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class EventRow:
    """An event a choice writes, as plain values; fields as `ConsentEvent`'s."""

    record_id: str
    at: datetime
    event: str
    purpose: str
    service: str | None
    method: str
    notice_version: str
    detail: dict[str, Any]


EVENTS = consent_rows.EVENTS


def _columns(cls: type[NewRecord | EventRow]) -> tuple[tuple[str, ...], attrgetter[Any]]:
    names = tuple(f.name for f in fields(cls))
    return names, attrgetter(*names)


_COLUMNS = {NewRecord: _columns(NewRecord), EventRow: _columns(EventRow)}
"""Per row class, its field names and a getter of all of them: `dataclasses.fields` per row
was a tenth of the consent writer's Python time."""


def values(row: NewRecord | EventRow) -> dict[str, Any]:
    """The row's fields as the insert's values (shallow, unlike `dataclasses.asdict`)."""
    names, get = _COLUMNS[type(row)]
    return dict(zip(names, get(row), strict=True))


@dataclass(frozen=True)
class ChoiceResult:
    record: ConsentRecord | NewRecord
    events: list[EventRow]
    changed: bool


def ua_hash(user_agent: str | None, key: str) -> str | None:
    """Keyed hash of the user agent, so the raw string (a fingerprint) is never stored."""
    if not user_agent:
        return None
    return hmac.new(key.encode(), user_agent.encode(), hashlib.sha256).hexdigest()


def validate(choice: Choice, catalogue: Catalogue) -> None:
    """Refuse a choice this policy cannot record (InvalidInput), before it reaches a session."""
    if choice.method not in METHODS:
        raise InvalidInput(f"method: must be one of {', '.join(METHODS)}, not {choice.method!r}")
    if choice.language not in LANGUAGES:
        raise InvalidInput(f"language: must be nb or en, not {choice.language!r}")
    for purpose, given in choice.decisions.items():
        category = catalogue.category(purpose)
        is_activity = purpose in catalogue.consent_activities
        if category is None and not is_activity:
            raise InvalidInput(f"decisions.{purpose}: not a consent category or consent-based "
                               "activity of this policy")
        if is_activity and not (choice.email or choice.subject):
            raise InvalidInput(f"decisions.{purpose}: consent to an activity needs a verified "
                               "e-mail subject")
        if given and choice.method in SIGNAL_METHODS:
            raise InvalidInput(f"decisions.{purpose}: a {choice.method} signal can only refuse")
    for sid in choice.services:
        if catalogue.service_category(sid) is None:
            raise InvalidInput(f"services.{sid}: not a service of this policy")
    if choice.notice_version and choice.notice_version != catalogue.notice_version:
        # The policy knows one notice version: a choice cannot claim to answer another one.
        raise InvalidInput(f"notice_version: not a version of this notice (the notice is "
                           f"version {catalogue.notice_version})")


def _effective(choice: Choice, catalogue: Catalogue) -> tuple[dict[str, bool], dict[str, bool],
                                                               dict[str, str]]:
    """Decisions after the browser signals are applied; and which ones a signal forced."""
    decisions = {p: bool(v) for p, v in choice.decisions.items() if p != NECESSARY}
    services = {s: bool(v) for s, v in choice.services.items()}
    forced: dict[str, str] = {}
    if choice.gpc:
        # GPC is an opt-out of sale and cross-context advertising: never recorded as consent.
        for category in catalogue.optional:
            if category.sale_like:
                if decisions.get(category.id) is not False:
                    forced[category.id] = "Sec-GPC"
                decisions[category.id] = False
                for svc in category.services:
                    services.pop(svc.id, None)
    return decisions, services, forced


def _category_of(catalogue: Catalogue, sid: str) -> str:
    category = catalogue.service_category(sid)
    return category.id if category else ""


def record_choice(session: Session, catalogue: Catalogue, choice: Choice, *, now: datetime,
                  ua_key: str, actor: str | None = None) -> ChoiceResult:
    """Store a choice; returns the record, the events written and whether anything changed."""
    validate(choice, catalogue)
    record = session.get(ConsentRecord, choice.record_id) if choice.record_id else None
    result = apply_choice(catalogue, choice, record, now=now, ua_key=ua_key)
    if record is None:
        assert isinstance(result.record, NewRecord)
        record = ConsentRecord(**values(result.record))
        session.add(record)
        session.flush()  # the events' foreign key needs the row first
        result = replace(result, record=record)
    if result.changed:
        if result.events:
            session.connection().execute(EVENTS.insert(), [values(e) for e in result.events])
        if actor:
            audit.append(session, at=now, actor=actor, action="consent.record",
                         target=result.record.id, counts={"events": len(result.events)},
                         detail={"method": choice.method})
    session.flush()
    return result


@dataclass(frozen=True)
class Arrival:
    """A validated choice waiting to be written with others (`record_choices`)."""

    catalogue: Catalogue
    choice: Choice
    now: datetime


def record_choices(session: Session, arrivals: Sequence[Arrival], *, ua_key: str
                   ) -> list[ChoiceResult | VernlyError]:
    """Store many validated choices in the caller's transaction with a few statements (one
    read of the records they update, one multi-row insert per table); the outcome of each,
    in order: its result, or the error that refused it alone."""
    wanted = {a.choice.record_id for a in arrivals if a.choice.record_id}
    known = {r.id: r for r in session.scalars(
        select(ConsentRecord).where(ConsentRecord.id.in_(wanted)))} if wanted else {}
    outcomes: list[ChoiceResult | VernlyError] = []
    created: list[NewRecord] = []
    events: list[EventRow] = []
    for arrival in arrivals:
        record = known.get(arrival.choice.record_id or "")
        try:
            result = apply_choice(arrival.catalogue, arrival.choice, record, now=arrival.now,
                                  ua_key=ua_key)
        except VernlyError as exc:
            outcomes.append(exc)
            continue
        if isinstance(result.record, NewRecord):
            created.append(result.record)
        if result.changed:
            events.extend(result.events)
        outcomes.append(result)
    # Updated records are the session's own and flush; new records and the events go in
    # as plain rows (`insert_choices`): the unit of work costs more per row than
    # everything else a choice does. The insert stays the last statement: on PostgreSQL a
    # batch of first choices is that statement alone, committed by itself (the consent
    # writer runs such batches in autocommit), so nothing that could fail may follow it.
    session.flush()
    consent_rows.insert_choices(session.connection(), [values(r) for r in created],
                                [values(e) for e in events])
    return outcomes


def apply_choice(catalogue: Catalogue, choice: Choice, record: ConsentRecord | None, *,
                 now: datetime, ua_key: str) -> ChoiceResult:
    """A validated choice applied to its record (None: a new one) in memory; the caller adds
    a new record and the events to its session."""
    decisions, services, forced = _effective(choice, catalogue)
    email = normalise_email(choice.email) if choice.email else None
    if record is not None and email and (record.subject_type, record.subject_id) != ("email",
                                                                                        email):
        raise Conflict("record_id: the record belongs to another subject")
    version = choice.notice_version or catalogue.notice_version
    stale = record is not None and stale_reason(record, catalogue.notice_version, now) is not None
    current: ConsentRecord | NewRecord
    if record is None:
        rid = str(uuid.uuid4())
        kind, subject = ("email", email) if email else choice.subject or ("browser", rid)
        current = NewRecord(
            id=rid, subject_type=kind, subject_id=subject,
            controller=catalogue.controller, jurisdiction=catalogue.jurisdiction,
            notice_version=version, language=choice.language, method=choice.method,
            decisions={}, services={}, created_at=now, updated_at=now)
        old: dict[str, bool] = {}
        old_services: dict[str, bool] = {}
    else:
        current = record
        old = {} if stale else dict(record.decisions)
        old_services = {} if stale else dict(record.services)
    events: list[EventRow] = []
    rid = current.id

    def event(kind: str, purpose: str, service: str | None = None) -> None:
        method = "gpc" if purpose in forced else choice.method
        detail = {"signal": forced[purpose]} if purpose in forced and service is None else {}
        events.append(EventRow(record_id=rid, at=now, event=kind, purpose=purpose,
                               service=service, method=method, notice_version=version,
                               detail=detail))

    for purpose, given in sorted(decisions.items()):
        before = old.get(purpose)
        if given and before is not True:
            event("given", purpose)
        elif not given and before is True:
            event("withdrawn", purpose)
        elif not given and before is None:
            event("refused", purpose)
    merged = {**old, **decisions}
    for sid, allowed in sorted(services.items()):
        cid = _category_of(catalogue, sid)
        if not merged.get(cid):
            continue
        before_on = bool(old.get(cid)) and old_services.get(sid, True)
        if allowed and not before_on and old.get(cid):
            event("given", cid, sid)
        elif not allowed and before_on:
            event("withdrawn", cid, sid)
        elif not allowed and not old.get(cid):
            event("refused", cid, sid)
    merged_services = {s: v for s, v in {**old_services, **services}.items()
                       if merged.get(_category_of(catalogue, s))}
    changed = bool(events) or current.notice_version != version or stale
    if changed:
        current.decisions = merged
        current.services = merged_services
        current.notice_version = version
        current.language = choice.language
        current.method = choice.method
        current.user_agent_hash = ua_hash(choice.user_agent, ua_key)
        current.updated_at = now
        current.expired_at = None
    return ChoiceResult(record=current, events=events, changed=changed)


def withdraw(session: Session, catalogue: Catalogue, record_id: str, *, method: str,
             now: datetime, ua_key: str, user_agent: str | None = None,
             actor: str | None = None) -> ChoiceResult:
    """Withdraw every consent given in a record: one step, as easy as giving it (Art. 7(3))."""
    record = get_record(session, record_id)
    refuse = {p: False for p, given in record.decisions.items() if given}
    if not refuse:
        return ChoiceResult(record=record, events=[], changed=False)
    return record_choice(session, catalogue, Choice(
        decisions=refuse, method=method, record_id=record.id,
        email=record.subject_id if record.subject_type == "email" else None,
        language=record.language, notice_version=record.notice_version, user_agent=user_agent,
    ), now=now, ua_key=ua_key, actor=actor)


def withdraw_for_email(session: Session, catalogue: Catalogue, email: str, *, now: datetime,
                       ua_key: str, purposes: Sequence[str] | None = None,
                       method: str = "email", actor: str | None = None) -> int:
    """Withdraw a verified person's consents (all, or the purposes named); returns events."""
    written = 0
    for record in records_for(session, "email", normalise_email(email)):
        refuse = {p: False for p, given in record.decisions.items()
                  if given and (purposes is None or p in purposes)}
        if refuse:
            result = record_choice(session, catalogue, Choice(
                decisions=refuse, method=method, record_id=record.id, email=record.subject_id,
                language=record.language, notice_version=record.notice_version,
            ), now=now, ua_key=ua_key, actor=actor)
            written += len(result.events)
    return written


def get_record(session: Session, record_id: str) -> ConsentRecord:
    try:
        uuid.UUID(record_id)
    except ValueError:
        raise InvalidInput("record_id: not a consent record id (a UUID)") from None
    record = session.get(ConsentRecord, record_id)
    if record is None:
        raise NotFound(f"consent record {record_id} not found")
    return record


def history(session: Session, record_id: str) -> list[ConsentEvent]:
    """The record's events, oldest first."""
    return list(session.execute(
        select(ConsentEvent).where(ConsentEvent.record_id == record_id).order_by(ConsentEvent.id)
    ).scalars().all())


def records_for(session: Session, subject_type: str, subject_id: str) -> list[ConsentRecord]:
    """A subject's records, newest choice first."""
    return list(session.execute(
        select(ConsentRecord).where(ConsentRecord.subject_type == subject_type,
                                    ConsentRecord.subject_id == subject_id)
        .order_by(ConsentRecord.updated_at.desc())
    ).scalars().all())
