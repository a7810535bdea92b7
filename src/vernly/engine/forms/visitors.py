"""The front desk: today's visitors, signing them out, and a school's name list.

A name list (CSV with a `name` column and an optional `phone` column; `navn`/`telefon`
work too) pre-registers pupils and teachers for a visit date. Every line is checked
first and the list is stored whole or not at all, with each bad line reported as
`line N: what`; a list sent twice adds no one twice (a pupil's row id is derived from the
visit date, school, name and phone).
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from vernly.connectors.form_store import FormStore
from vernly.connectors.records import as_utc
from vernly.engine.forms.service import LOCAL_TIME, local_date
from vernly.engine.forms.validation import normal_phone
from vernly.errors import InvalidInput, NotFound
from vernly.ledger import audit
from vernly.ledger.db import Ledger
from vernly.policy import form_store as names
from vernly.policy.models import Form, Policy
from vernly.settings import Settings

NAME_COLUMNS = ("name", "navn")
PHONE_COLUMNS = ("phone", "telefon", "mobil")
MAX_LINES = 2000
_IDS = uuid.UUID("6f1f3d2e-3c51-4a55-9a57-8d0c1f6b6a11")


@dataclass
class NameList:
    """What a name list did: rows added, rows already there, and bad lines."""

    added: int = 0
    already: int = 0
    errors: list[str] = field(default_factory=list)


def kiosk_form(policy: Policy) -> Form:
    form = next((f for f in policy.forms if f.kiosk), None)
    if form is None:
        raise NotFound("no kiosk form is declared in the policy")
    return form


def today(store: FormStore, policy: Policy, settings: Settings) -> list[dict[str, Any]]:
    """Today's visits (local date), registered and pre-registered; times in local time."""
    visits = store.visits_on(kiosk_form(policy), local_date(settings.now()))
    for visit in visits:
        for key in (names.SUBMITTED_AT, names.SIGNED_OUT_AT):
            if isinstance(visit.get(key), datetime):
                visit[key] = as_utc(visit[key]).astimezone(LOCAL_TIME)
    return visits


def sign_out(ledger: Ledger, store: FormStore, policy: Policy, settings: Settings,
             visit_id: str, actor: str) -> bool:
    now = settings.now()
    done = store.sign_out(kiosk_form(policy), visit_id, now)
    if done:
        with ledger.session() as session:
            audit.append(session, at=now, actor=actor, action="visit.sign_out",
                         target=visit_id)
    return done


def _cell(row: dict[str, str | None], columns: tuple[str, ...]) -> str:
    return next(((row.get(c) or "").strip() for c in columns if row.get(c)), "")


def parse_name_list(text: str, form: Form, visit_date: date, school: str
                    ) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows to store and `line N: what` for each line that cannot be."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")),
                            dialect=_dialect(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    reader.fieldnames = header
    if not any(c in header for c in NAME_COLUMNS):
        return [], [f"line 1: no name column, expected a header with 'name' (or 'navn'), "
                    f"found {', '.join(header) or 'nothing'}"]
    known = {*NAME_COLUMNS, *PHONE_COLUMNS, "role", "rolle"}
    unknown = [h for h in header if h and h not in known]
    if unknown:
        return [], [f"line 1: columns {', '.join(unknown)} are not collected, expected only "
                    "name, phone and role"]
    limit = _limit(form)
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        if line > MAX_LINES + 1:
            errors.append(f"line {line}: more than {MAX_LINES} people in one list")
            break
        name = _cell(row, NAME_COLUMNS)
        phone = _cell(row, PHONE_COLUMNS)
        if not name and not phone:
            continue  # a blank line
        if not name:
            errors.append(f"line {line}: no name")
            continue
        if len(name) > limit:
            errors.append(f"line {line}: name longer than {limit} characters")
            continue
        if phone:
            try:
                phone = normal_phone(phone, "NO")
            except ValueError as exc:
                errors.append(f"line {line}: phone: {exc}")
                continue
        key = f"{visit_date.isoformat()}|{school.lower()}|{name.lower()}|{phone}"
        row_id = str(uuid.uuid5(_IDS, key))
        if row_id in seen:
            continue  # the same person twice in one list
        seen.add(row_id)
        rows.append({names.ID: row_id, "full_name": name,
                     "phone": phone or None, names.SCHOOL: school,
                     names.VISIT_DATE: visit_date})
    return rows, errors


def _dialect(text: str) -> type[csv.Dialect]:
    try:
        return csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _limit(form: Form) -> int:
    spec = form.field("full_name")
    return spec.max_length if spec else 200


def preregister(ledger: Ledger, store: FormStore, policy: Policy, settings: Settings, *,
                text: str, visit_date: date, school: str, actor: str) -> NameList:
    """Store a school's name list for a visit date: all of it, or nothing and the errors."""
    form = kiosk_form(policy)
    school = school.strip()
    if not school or len(school) > 200:
        raise InvalidInput("school: required, at most 200 characters")
    rows, errors = parse_name_list(text, form, visit_date, school)
    if errors:
        return NameList(errors=errors)
    now = settings.now()
    existing = {str(v[names.ID]) for v in store.visits_on(form, visit_date)}
    new = [r for r in rows if r[names.ID] not in existing]
    basis = policy.activity(form.activity).legal_basis
    for row in new:
        row[names.SUBMITTED_AT] = now
        row[names.LEGAL_BASIS] = basis if isinstance(basis, str) else basis.article
        row[names.NOTICE_VERSION] = policy.notice.version
    if new:
        store.insert(form, new)
    with ledger.session() as session:
        audit.append(session, at=now, actor=actor, action="visit.name_list",
                     target=visit_date.isoformat(), system=form.store.partition(".")[0],
                     counts={"added": len(new), "already": len(rows) - len(new)})
    return NameList(added=len(new), already=len(rows) - len(new))
