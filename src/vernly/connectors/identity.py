"""Who a request is about, normalised so the same person matches in every system.

E-mail addresses are compared lower-cased; phone numbers in E.164 (Norway as the default
region, so '924 12 345' and '+4792412345' are the same person). A stored phone number may
be in any of the forms people type; `phone_forms` lists the ones a lookup asks for
(docs/requests.md, "Identities").

email-validator and phonenumbers are imported by the functions that use them: together they
cost about 30 ms at import, which an idle `vernly sweep` (it only names `Identity`) should
not pay.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from vernly.errors import InvalidInput

DEFAULT_REGION = "NO"


def normalise_email(raw: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(f"email: not a valid e-mail address ({exc})") from None
    return checked.normalized.lower()


def normalise_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    import phonenumbers

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
    identifiers: tuple[tuple[str, str], ...] = ()
    """Other identity kinds (national_id, or any kind the policy names): (kind, value)."""
    region: str = DEFAULT_REGION
    """The controller's country: phone numbers stored without a country code are its."""

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
                    or self.window or self.identifiers)

    def values_for(self, kind: str) -> list[str]:
        """Values to search an identity column of the given kind by: for a phone number
        every stored form it may have, for the others the value itself."""
        if kind == "name":
            return []  # Names never identify on their own: too many Ola Hansens.
        if kind == "phone":
            return phone_forms(self.phone, self.region) if self.phone else []
        value = {"email": self.email, "customer_number": self.customer_number}.get(kind)
        if value is None:
            value = next((v for k, v in self.identifiers if k == kind), None)
        return [value] if value else []


_SEPARATORS = (" ", "-")


def country_code(country: str | None) -> str:
    """A region phonenumbers knows for an ISO 3166-1 alpha-2 code; Norway otherwise."""
    import phonenumbers

    code = (country or "").strip().upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else DEFAULT_REGION


def phone_forms(e164: str, region: str = DEFAULT_REGION) -> list[str]:
    """The forms a stored phone number may take, for an `IN` lookup an index serves.

    `+4791234567`, `004791234567`, `+47 91234567`, `+47 912 34 567`, `0047 91 23 45 67`,
    `912 34 567`, `91 23 45 67`, `912-34-567`, `91234567`, ... (groups of the number as
    phonenumbers writes it, in pairs, and 3-2-3 for eight digits; spaces or hyphens).
    Forms without a country code only for numbers of the controller's own country (with
    its trunk prefix where it has one). Each form is one index probe, so the list stays
    short: other forms are counted by `vernly policy check --connect` (VL960).
    """
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return [e164]
    national = phonenumbers.national_significant_number(number)
    code = str(number.country_code)
    international = phonenumbers.format_number(number,
                                               phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    groupings = [international.split(" ")[1:]]
    if len(national) % 2 == 0 and len(national) > 2:
        groupings.append([national[i:i + 2] for i in range(0, len(national), 2)])
    if len(national) == 8:
        groupings.append([national[:3], national[3:5], national[5:]])  # 912 34 567
    grouped = {separator.join(grouping) for grouping in groupings
               if len(grouping) > 1 and "".join(grouping) == national
               for separator in _SEPARATORS}
    forms = {e164, f"00{code}{national}", f"+{code} {national}", f"00{code} {national}"}
    forms.update(f"{prefix} {body}" for body in grouped for prefix in (f"+{code}", f"00{code}"))
    if phonenumbers.region_code_for_number(number) == region.upper():
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region.upper())
        trunk = (metadata.national_prefix or "") if metadata else ""
        local = {national, *grouped}
        forms.update(local)
        if trunk:
            forms.update(trunk + body for body in local)
            forms.add(phonenumbers.format_number(number,
                                                 phonenumbers.PhoneNumberFormat.NATIONAL))
    return sorted(forms)


def findable(stored: str, kind: str, region: str = DEFAULT_REGION) -> bool:
    """Whether a stored e-mail address or phone number is in a form lookups ask for."""
    import phonenumbers

    if kind == "email":
        return stored == stored.strip()
    try:
        number = phonenumbers.parse(stored, region)
    except phonenumbers.NumberParseException:
        return False
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return stored in phone_forms(e164, region)
