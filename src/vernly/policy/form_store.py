"""The columns vernly writes beside a form's fields, and finding a form's table.

A form's table holds one row per submission: the declared fields plus what proves the
submission was lawful (basis, notice version, consent record) and starts its retention
clock (`submitted_at`). Kiosk forms also keep the visit date and when the visitor left.
"""

from __future__ import annotations

from vernly.policy.models import Form, Policy, System, Table

ID = "id"
SUBMITTED_AT = "submitted_at"
"""When the submission arrived: the start of its retention clock."""
LEGAL_BASIS = "legal_basis"
NOTICE_VERSION = "notice_version"
CONSENT_RECORD = "consent_record_id"
"""The consent ledger record of the consent given with the submission."""
CONSENT_WITHDRAWN_AT = "consent_withdrawn_at"
VISIT_DATE = "visit_date"
SIGNED_OUT_AT = "signed_out_at"
SCHOOL = "school"
"""Kiosk forms: the school a pre-registered pupil or teacher comes with."""

BASE = (ID, SUBMITTED_AT, LEGAL_BASIS, NOTICE_VERSION)
CONSENT = (CONSENT_RECORD,)
KIOSK = (VISIT_DATE, SIGNED_OUT_AT)


def consent_based(policy: Policy, form: Form) -> bool:
    basis = policy.activity(form.activity).legal_basis
    return not isinstance(basis, str) and basis.article == "6(1)(a)"


def bookkeeping_columns(policy: Policy, form: Form) -> tuple[str, ...]:
    """Columns the form's table needs besides its fields."""
    extra = CONSENT if consent_based(policy, form) or form.consent else ()
    return BASE + extra + (KIOSK if form.kiosk else ())


def store_of(policy: Policy, form: Form) -> tuple[System, Table] | None:
    """The system and table a form stores into; None when `store` does not resolve."""
    system_id, _, table_name = form.store.partition(".")
    system = next((s for s in policy.systems if s.id == system_id), None)
    table = next((t for t in system.tables if t.name == table_name), None) if system else None
    return (system, table) if system and table else None
