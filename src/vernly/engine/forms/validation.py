"""A submission checked against its form: only declared fields, each of its type and size.

Every problem is collected and reported in one line naming the fields, so a person (or a
client) sees all of them at once; nothing of a refused submission is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from vernly.errors import InvalidInput
from vernly.policy.models import FieldType, Form, FormField

CONSENT = "consent"
"""The checkbox of a form that asks for consent."""
HONEYPOT = "website"
"""A field hidden from people; a value in it means a robot filled the form."""
LANG = "lang"
"""The page language sent along; not stored."""
RESERVED = (CONSENT, HONEYPOT, LANG)
MAX_FIELDS = 50
"""More keys than this is not a form submission."""


class FormProblems(InvalidInput):
    """A submission refused; `fields` says which field is wrong and how (for the page)."""

    def __init__(self, message: str, fields: dict[str, str]) -> None:
        super().__init__(message)
        self.fields = fields


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("expected text")
    return str(value).strip()


def normal_phone(value: str, region: str) -> str:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValueError("not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError("not an e-mail address") from None


def _value(form: Form, spec: FormField, raw: str, region: str) -> str | date:
    if len(raw) > spec.max_length:
        raise ValueError(f"longer than {spec.max_length} characters")
    if spec.type == FieldType.phone:
        return normal_phone(raw, region)
    if spec.type == FieldType.email:
        return _email(raw)
    if spec.type == FieldType.date:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError("not a date (YYYY-MM-DD)") from None
    if spec.type == FieldType.choice and raw not in {c.value for c in spec.choices}:
        raise ValueError(f"expected one of {', '.join(c.value for c in spec.choices)}")
    if spec.type == FieldType.host:
        host = next((h for h in form.hosts if h.id == raw), None)
        if host is None:
            raise ValueError("not one of the hosts")
        return host.id
    return raw


def is_robot(raw: Mapping[str, Any]) -> bool:
    return bool(str(raw.get(HONEYPOT) or "").strip())


def clean(form: Form, raw: Mapping[str, Any], *, region: str = "NO") -> dict[str, Any]:
    """The submission's values by field, normalised; raises InvalidInput naming every
    field that is undeclared, missing or wrong."""
    if len(raw) > MAX_FIELDS:
        raise InvalidInput(f"form '{form.id}': {len(raw)} fields, expected at most "
                           f"{MAX_FIELDS}")
    declared = {f.name for f in form.fields}
    undeclared = sorted(k for k in raw if k not in declared and k not in RESERVED)
    if undeclared:
        raise FormProblems(f"form '{form.id}' does not collect {', '.join(undeclared)}: "
                           "only the fields the privacy policy declares are accepted",
                           dict.fromkeys(undeclared, "not collected"))
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    for spec in form.fields:
        given = raw.get(spec.name)
        try:
            text = "" if given is None else _text(given)
            if not text:
                if spec.required:
                    problems[spec.name] = "required"
                continue
            values[spec.name] = _value(form, spec, text, region)
        except ValueError as exc:
            problems[spec.name] = str(exc)
    if form.consent is not None and not _ticked(raw.get(CONSENT)):
        problems[CONSENT] = "required: the form asks for your consent"
    if problems:
        listed = "; ".join(f"{name}: {why}" for name, why in problems.items())
        raise FormProblems(f"form '{form.id}': {listed}", problems)
    return values


def _ticked(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("on", "true", "1",
                                                                           "yes"))
