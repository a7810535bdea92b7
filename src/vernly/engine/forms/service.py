"""Taking a form submission: checked, stored with its proof, confirmed, the host told.

One submission is one row in the form's store and, in one ledger transaction, its consent
record (where consent is the basis), its messages in the outbox (once per submission and
purpose) and an audit entry (ids only). The row is written inside that transaction and
taken back if the ledger cannot commit, so a submission is stored whole or not at all;
messages are tried after the commit and, if a gateway is down, wait in the outbox.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from vernly.connectors.form_store import FormStore
from vernly.engine import limits, messaging
from vernly.engine.consent import service as consent
from vernly.engine.consent.catalogue import build_catalogue
from vernly.engine.forms.validation import clean, is_robot
from vernly.errors import NotFound, RateLimited
from vernly.i18n import tr
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.policy import form_store as names
from vernly.policy.form_store import consent_based
from vernly.policy.models import FieldType, Form, FormField, MessageChannel, Policy
from vernly.settings import Settings

PUBLIC = limits.Limit("forms.submit", 10, timedelta(minutes=1))
"""Submissions one client may make to one form per minute."""
LOCAL_TIME = ZoneInfo("Europe/Oslo")
"""The front desk's calendar: a visit's date is the local date."""
ACTOR = "form"


@dataclass(frozen=True)
class Accepted:
    """What became of a submission."""

    form: str
    id: str | None
    """The stored submission; None when the honeypot caught a robot (nothing stored)."""
    messages: list[int] = field(default_factory=list)
    """Outbox messages written for it."""


def find_form(policy: Policy, form_id: str) -> Form:
    form = next((f for f in policy.forms if f.id == form_id), None)
    if form is None:
        raise NotFound(f"form '{form_id}' not found")
    return form


def local_date(at: datetime) -> date:
    return at.astimezone(LOCAL_TIME).date()


def check_rate(ledger: Ledger, form: Form, client: str, now: datetime) -> None:
    """Count a submission from `client`; refuses with 429 past the limit (every server
    counts in the ledger, so the limit holds across replicas)."""
    verdict = limits.take(ledger, PUBLIC, f"{form.id}\x00{client}", now)
    if not verdict.allowed:
        raise RateLimited(f"form '{form.id}': too many submissions, try again in "
                          f"{verdict.retry_after_seconds} s", verdict.retry_after_seconds)


def submit(ledger: Ledger, store: FormStore, settings: Settings, policy: Policy, form_id: str,
           raw: Mapping[str, Any], *, client: str, lang: str = "nb") -> Accepted:
    """Check, rate-limit and store one submission; raises InvalidInput naming the fields."""
    form = find_form(policy, form_id)
    now = settings.now()
    check_rate(ledger, form, client, now)
    if is_robot(raw):
        with ledger.session() as session:
            audit.append(session, at=now, actor=ACTOR, action="form.robot", target=form.id)
        return Accepted(form=form.id, id=None)
    values = clean(form, raw)
    sid = str(uuid.uuid4())
    row = _row(policy, form, values, now)
    row[names.ID] = sid
    inserted = False
    try:
        with ledger.session() as session:
            if form.consent is not None:
                row[names.CONSENT_RECORD] = _consent(session, settings, policy, form, values,
                                                     sid, lang)
            ids = queue_messages(session, settings, policy, form, sid, row, lang)
            audit.append(session, at=now, actor=ACTOR, action="form.submit", target=sid,
                         system=form.store.partition(".")[0],
                         counts={"fields": len(values), "messages": len(ids)},
                         detail={"form": form.id})
            store.insert(form, [row])
            inserted = True
    except BaseException:
        if inserted:
            store.remove(form, [sid])
        raise
    messaging.deliver(ledger, settings, ids)
    return Accepted(form=form.id, id=sid, messages=ids)


def _row(policy: Policy, form: Form, values: Mapping[str, Any], now: datetime
         ) -> dict[str, Any]:
    activity = policy.activity(form.activity)
    basis = activity.legal_basis
    row: dict[str, Any] = dict(values)
    for spec in form.fields:
        if spec.type == FieldType.host and spec.name in row:
            row[spec.name] = next(h.name for h in form.hosts if h.id == row[spec.name])
    row[names.SUBMITTED_AT] = now
    row[names.LEGAL_BASIS] = basis if isinstance(basis, str) else basis.article
    row[names.NOTICE_VERSION] = (form.consent.notice_version if form.consent
                                 else policy.notice.version)
    if form.kiosk:
        row[names.VISIT_DATE] = local_date(now)
    return row


def _consent(session: Session, settings: Settings, policy: Policy, form: Form,
             values: Mapping[str, Any], sid: str, lang: str) -> str | None:
    """Record the consent given with the submission; its record id."""
    if form.consent is None or not consent_based(policy, form):
        return None
    email = next((values[f.name] for f in form.fields
                  if f.type == FieldType.email and f.name in values), None)
    result = consent.record_choice(session, build_catalogue(policy), consent.Choice(
        decisions={form.activity: True}, method="form", email=email,
        subject=None if email else ("form", f"{form.id}:{sid}"),
        language=lang if lang in ("nb", "en") else "nb",
        notice_version=form.consent.notice_version,
    ), now=settings.now(), ua_key=settings.secret_key, actor=ACTOR)
    return result.record.id


def _name(form: Form, row: Mapping[str, Any]) -> str:
    spec = next((f for f in form.fields if f.category == "user.name" and row.get(f.name)),
                None)
    return str(row[spec.name]) if spec else ""


def _host_field(form: Form) -> FormField | None:
    return next((f for f in form.fields if f.type == FieldType.host), None)


def queue_messages(session: Session, settings: Settings, policy: Policy, form: Form,
                   sid: str, row: Mapping[str, Any], lang: str) -> list[int]:
    """The confirmation and the host notice, in the outbox once per submission."""
    lang = lang if lang in ("nb", "en") else "nb"
    name = _name(form, row)
    host_spec = _host_field(form)
    host_name = str(row.get(host_spec.name) or "") if host_spec else ""
    ids: list[int] = []
    confirm = form.after.confirm
    if confirm is not None and row.get(confirm.field):
        body = confirm.message.get(lang).format(name=name, host=host_name)
        message = messaging.enqueue(
            session, event=f"form:{sid}:confirm", channel=str(confirm.channel),
            to=str(row[confirm.field]), subject=form.title.get(lang), body=body,
            now=settings.now(), purpose=form.activity, reply_to=policy.controller.email)
        ids.append(message.id)
    notify = form.after.notify_host
    host = next((h for h in form.hosts if h.name == host_name), None)
    if notify is not None and host is not None:
        channel = MessageChannel.email if host.email else MessageChannel.sms
        # The host notice is for the front desk's own people: in Norwegian, like its text.
        body = notify.message.get("nb").format(visitor=name)
        message = messaging.enqueue(
            session, event=f"form:{sid}:host", channel=str(channel),
            to=str(host.email or host.phone),
            subject=tr("nb", "Visit: %(visitor)s", visitor=name), body=body,
            now=settings.now(), purpose=form.activity)
        ids.append(message.id)
    session.flush()
    return ids
