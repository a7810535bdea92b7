"""Consent withdrawn in the consent ledger reaches the form's rows.

However a person withdraws (the privacy centre, the banner API, an e-mailed link, a
withdrawal request), the consent record changes; the sign-ups made under that record get
`consent_withdrawn_at` (the time of the withdrawal), and the retention rule on that column
removes them at the next sweep. Idempotent: marked rows are not touched again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from vernly.connectors.form_store import FormStore
from vernly.ledger import audit
from vernly.ledger.consent import ConsentEvent, ConsentRecord
from vernly.ledger.db import Ledger
from vernly.policy.models import Policy


def mark_withdrawn(ledger: Ledger, store: FormStore, policy: Policy, now: datetime,
                   actor: str = "sweep") -> int:
    """Mark every sign-up whose consent is no longer given; returns the rows marked."""
    marked = 0
    for form in policy.forms:
        if form.consent is None:
            continue
        in_force = store.consents_in_force(form)
        if not in_force:
            continue
        withdrawn = _withdrawn_at(ledger, set(in_force.values()), form.activity)
        due = {sid: withdrawn[rid] for sid, rid in in_force.items() if rid in withdrawn}
        if not due:
            continue
        count = store.mark_withdrawn(form, due)
        marked += count
        with ledger.session() as session:
            audit.append(session, at=now, actor=actor, action="form.consent_withdrawn",
                         target=form.id, system=form.store.partition(".")[0],
                         counts={"rows": count})
    return marked


def _withdrawn_at(ledger: Ledger, record_ids: set[str], activity: str) -> dict[str, datetime]:
    """Record id -> when its consent to `activity` was withdrawn, for records where it is
    no longer given."""
    found: dict[str, datetime] = {}
    with ledger.session() as session:
        records = session.execute(select(ConsentRecord).where(
            ConsentRecord.id.in_(sorted(record_ids)))).scalars().all()
        gone = [r.id for r in records if r.decisions.get(activity) is not True]
        if not gone:
            return found
        events = session.execute(select(ConsentEvent.record_id, ConsentEvent.at).where(
            ConsentEvent.record_id.in_(gone), ConsentEvent.purpose == activity,
            ConsentEvent.event == "withdrawn")).all()
        for record_id, at in events:
            found[record_id] = max(found.get(record_id, at), at)
        for record in records:
            if record.id in gone and record.id not in found:
                found[record.id] = record.expired_at or record.updated_at
    return found
