"""The question other systems ask: may purpose X be used for this person now?

The answer comes from the ledger and from the standing decisions of the request engine:
a restriction (Art. 18) stops everything but storage, an objection to direct marketing
(Art. 21(3)) is absolute, and a consent withdrawn through a request counts as withdrawn.
A purpose whose basis is consent needs a current 'given' decision: twelve months old or
given under an older notice is not enough.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vernly.connectors.identity import Identity, normalise_email
from vernly.engine.consent.catalogue import NECESSARY, Catalogue
from vernly.engine.consent.expiry import expires_at, stale_reason
from vernly.engine.consent.service import history, records_for
from vernly.engine.requests import flags
from vernly.errors import InvalidInput
from vernly.ledger.consent import ConsentRecord
from vernly.policy.models import Policy


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    """consent, strictly_necessary, not_consent_based, no_consent, refused, withdrawn,
    expired, notice_changed, too_old, restricted or objection."""
    purpose: str
    basis: str
    """The legal basis the answer rests on (Art. 6(1) letter, or not_stated)."""
    record_id: str | None = None
    method: str | None = None
    since: str | None = None
    expires_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class _Purpose:
    keys: tuple[str, ...]
    """Ledger keys that can hold consent to it: the activity and/or its cookie category."""
    activities: tuple[str, ...]
    marketing: bool
    needs_consent: bool
    necessary: bool
    basis: str
    service: str | None = None
    """A service id, when the question is about one service inside a category."""


def _resolve(policy: Policy, catalogue: Catalogue, purpose: str) -> _Purpose:
    category = catalogue.category(purpose)
    if category is not None:
        acts = tuple(category.activities)
        return _Purpose(keys=(purpose,), activities=acts,
                        marketing=category.sale_like or any(policy.activity(a).marketing
                                                            for a in acts),
                        needs_consent=not category.necessary, necessary=category.necessary,
                        basis="6(1)(a)" if not category.necessary else "strictly_necessary")
    in_category = catalogue.service_category(purpose)
    if in_category is not None:
        inner = _resolve(policy, catalogue, in_category.id)
        return _Purpose(keys=inner.keys, activities=inner.activities, marketing=inner.marketing,
                        needs_consent=inner.needs_consent, necessary=inner.necessary,
                        basis=inner.basis, service=purpose)
    activity = next((a for a in policy.activities if a.id == purpose), None)
    if activity is None:
        raise InvalidInput(f"purpose: {purpose!r} is neither a cookie category, a service nor "
                           "an activity of the policy")
    basis = activity.legal_basis if isinstance(activity.legal_basis, str) \
        else activity.legal_basis.article
    cookie = activity.cookie_purpose if activity.cookie_purpose != NECESSARY else None
    needs = basis == "6(1)(a)" or cookie is not None
    keys = (activity.id,) + ((cookie,) if cookie else ())
    return _Purpose(keys=keys, activities=(activity.id,), marketing=activity.marketing,
                    needs_consent=needs, necessary=False,
                    basis="6(1)(a)" if cookie else basis)


def _subject(subject: str) -> tuple[str, str]:
    if "@" in subject:
        return "email", normalise_email(subject)
    try:
        return "browser", str(uuid.UUID(subject))
    except ValueError:
        raise InvalidInput("subject: an e-mail address or a browser consent id (UUID)") from None


def _withdrawal_method(session: Session, kind: str, sid: str, keys: Any) -> str:
    """How the person withdrew: the consent ledger's own event if there is one (form, e-mail,
    banner), else 'request' for a withdrawal that came only through a rights request."""
    for record in reversed(records_for(session, kind, sid)):
        withdrawn = [e for e in history(session, record.id)
                     if e.event == "withdrawn" and e.purpose in keys]
        if withdrawn:
            return str(withdrawn[-1].method or record.method)
    return "request"


def decide(session: Session, policy: Policy, catalogue: Catalogue, *, subject: str,
           purpose: str, now: datetime) -> Decision:
    """Answer from the ledger; never raises for an unknown person (the answer is just no)."""
    target = _resolve(policy, catalogue, purpose)
    kind, sid = _subject(subject)
    base = {"purpose": purpose, "basis": target.basis}
    if kind == "email":
        identity = Identity(email=sid)
        if flags.is_restricted(session, identity):
            return Decision(allowed=False, reason="restricted", **base)
        objected = flags.objections(session, identity)
        if (target.marketing and flags.MARKETING in objected) or any(
                a in objected for a in target.activities):
            return Decision(allowed=False, reason="objection", **base)
        if any(a in flags.withdrawals(session, identity) for a in target.activities):
            return Decision(allowed=False, reason="withdrawn",
                            method=_withdrawal_method(session, kind, sid, target.keys), **base)
    if target.necessary:
        return Decision(allowed=True, reason="strictly_necessary", **base)
    if not target.needs_consent:
        return Decision(allowed=True, reason="not_consent_based", **base)
    records: list[ConsentRecord] = records_for(session, kind, sid)
    for record in records:
        key = next((k for k in target.keys if k in record.decisions), None)
        if key is None:
            continue
        every = history(session, record.id)
        events = [e for e in every if e.purpose == key and e.service is None]
        last = events[-1] if events else None
        method = last.method if last else record.method
        since = last.at.isoformat() if last else None
        if not record.decisions[key]:
            return Decision(allowed=False, reason=last.event if last else "refused",
                            purpose=purpose, basis=target.basis, record_id=record.id,
                            method=method, since=since)
        if target.service and record.services.get(target.service) is False:
            own = [e for e in every if e.service == target.service]
            return Decision(allowed=False, reason=own[-1].event if own else "refused",
                            purpose=purpose, basis=target.basis, record_id=record.id,
                            method=own[-1].method if own else method,
                            since=own[-1].at.isoformat() if own else since)
        stale = stale_reason(record, catalogue.notice_version, now)
        return Decision(allowed=stale is None, reason=stale or "consent", purpose=purpose,
                        basis=target.basis, record_id=record.id, method=method, since=since,
                        expires_at=None if stale else expires_at(record).isoformat())
    return Decision(allowed=False, reason="no_consent", **base)
