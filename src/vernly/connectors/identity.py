"""Who a request is about, normalised so the same person matches in every system.

E-mail addresses are compared lower-cased; phone numbers in E.164 (Norway as the default
region, so '924 12 345' and '+4792412345' are the same person).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from vernly.errors import InvalidInput

DEFAULT_REGION = "NO"


def normalise_email(raw: str) -> str:
    try:
        checked = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(f"email: not a valid e-mail address ({exc})") from None
    return checked.normalized.lower()


def normalise_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise InvalidInput("phone: not a phone number") from None
    if not phonenumbers.is_possible_number(number):
        raise InvalidInput("phone: not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True)
class Identity:
    """The identifiers a person gave; any of them may match a row."""

    email: str | None = None
    phone: str | None = None
    customer_number: str | None = None
    name: str | None = None
    ip_address: str | None = None
    """For web server logs."""
    window: tuple[datetime, datetime] | None = None
    """For recordings (CCTV): the time window the person was there."""
    cameras: tuple[str, ...] = field(default_factory=tuple)
    """For recordings: which cameras; empty means all."""

    @classmethod
    def of(cls, email: str | None = None, phone: str | None = None, **rest: object) -> Identity:
        """Build a normalised identity; raises InvalidInput on malformed values."""
        return cls(
            email=normalise_email(email) if email else None,
            phone=normalise_phone(phone) if phone else None,
            **rest,  # type: ignore[arg-type]
        )

    def is_empty(self) -> bool:
        return not (self.email or self.phone or self.customer_number or self.ip_address
                    or self.window)

    def values_for(self, kind: str) -> list[str]:
        """Values to search an identity column of the given kind by."""
        value = {"email": self.email, "phone": self.phone,
                 "customer_number": self.customer_number, "name": None}.get(kind)
        # Names never identify on their own: too many Ola Hansens.
        return [value] if value else []
