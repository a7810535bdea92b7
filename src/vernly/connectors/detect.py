"""Does a column look like it holds personal data? By its name, and by sampled values.

Used by `vernly policy check --connect` (columns and tables the policy does not declare)
and `vernly policy draft` (guessed categories and identities). The values themselves are
never returned or logged: a detection carries only the kind and the counts.

Values are matched whole: e-mail addresses with `email-validator`, phone numbers with
`phonenumbers` (Norway as the default region), Norwegian national identity numbers
(fødselsnummer, D-nummer) with `python-stdnum`, IP addresses with `ipaddress`. Names and
postal addresses cannot be told from their values, so only column names are read for them.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.no import fodselsnummer

DEFAULT_REGION = "NO"
SAMPLE_ROWS = 200
"""How many rows are read from a table to look at its values."""
SHARE = 0.05
"""A column looks like a kind when at least this share of its sampled values do."""


@dataclass(frozen=True)
class Kind:
    """A kind of personal data a column may hold."""

    key: str
    label: str
    """Plural, as in '12 of 200 sampled values look like {label}'."""
    category: str
    """The data category (policy/categories.py) a draft proposes."""
    identity: str | None
    """The identity kind a draft proposes (docs/requests.md)."""


EMAIL = Kind("email", "e-mail addresses", "user.contact.email", "email")
PHONE = Kind("phone", "phone numbers", "user.contact.phone_number", "phone")
NATIONAL_ID = Kind("national_id", "Norwegian national identity numbers",
                   "user.government_id.national_identification_number",
                   "national_id")
IP_ADDRESS = Kind("ip_address", "IP addresses", "user.device.ip_address", None)
ADDRESS = Kind("address", "postal addresses", "user.contact.address", None)
NAME = Kind("name", "person names", "user.name", "name")

PEOPLE_KINDS = frozenset({"email", "phone", "national_id", "name"})
"""Kinds that make a table look like it holds people (docs/requests.md)."""


@dataclass(frozen=True)
class Detection:
    """What a column looks like, and the evidence: its name, or counts of sampled values."""

    kind: Kind
    matched: int = 0
    """Sampled values that look like the kind; 0 when the name alone gave it away."""
    sampled: int = 0
    """Non-empty values sampled."""

    @property
    def from_values(self) -> bool:
        return self.matched > 0

    def evidence(self) -> str:
        """'12 of 200 sampled values look like e-mail addresses' (never a value)."""
        if self.from_values:
            verb = "looks" if self.matched == 1 else "look"
            return (f"{self.matched} of {self.sampled} sampled "
                    f"value{'' if self.sampled == 1 else 's'} {verb} like {self.kind.label}")
        return f"its name suggests {self.kind.label}"

    def source(self) -> str:
        """For a draft's '# guessed from ...' comment."""
        if self.from_values:
            return f"{self.matched} of {self.sampled} sampled values"
        return "the column name"


# -- names ------------------------------------------------------------------------------

_EMAIL_WORDS = ("email", "emailaddress", "epost", "epostadresse", "mail", "mailadresse",
                "mailaddress")
_EMAIL_ENDINGS = ("email", "epost", "epostadresse", "mailadresse")
_PHONE_WORDS = ("phone", "phonenumber", "mobile", "mobilephone", "cellphone", "cell",
                "telephone", "telefon", "telefonnummer", "tlf", "tlfnr", "mobil",
                "mobilnummer", "mobilnr", "msisdn", "fax")
_PHONE_ENDINGS = ("telefon", "telefonnummer", "mobilnummer", "phonenumber", "phone")
_NATIONAL_ID_WORDS = ("fodselsnummer", "fødselsnummer", "fnr", "fodselsnr", "fødselsnr",
                      "personnummer", "personnr", "ssn", "nationalid", "nationalidnumber",
                      "dnummer")
_IP_WORDS = ("ip", "ipaddress", "ipaddr", "ipv4", "ipv6", "remoteaddr", "remoteaddress",
             "clientip", "ipadresse")
_ADDRESS_WORDS = ("address", "addr", "adresse", "street", "streetaddress", "gate",
                  "gateadresse", "postadresse", "postaddress", "postcode", "postalcode",
                  "zip", "zipcode", "postnummer", "postnr", "poststed")
_ADDRESS_ENDINGS = ("adresse", "address")
_NAME_WORDS = ("name", "navn", "firstname", "lastname", "fullname", "surname",
               "familyname", "givenname", "middlename", "fornavn", "etternavn",
               "mellomnavn", "fulltnavn", "kontaktperson", "contactperson")
_NAME_ENDINGS = ("navn",)
_NOT_A_PERSON = frozenset((
    "company", "firma", "bedrift", "org", "organisation", "organization", "product",
    "produkt", "vare", "item", "article", "artikkel", "event", "arrangement", "file", "fil",
    "table", "column", "domain", "host", "server", "school", "skole", "brand", "merke",
    "category", "kategori", "group", "gruppe", "role", "rolle", "tag", "country", "land",
    "city", "department", "avdeling", "team", "project", "prosjekt", "campaign",
    "kampanje", "display", "user", "bruker", "account", "konto", "tenant", "shop", "store",
    "butikk", "course", "kurs", "service", "tjeneste", "app", "device", "carrier", "place",
    "sted", "site", "web", "url", "queue", "job", "key", "field", "type", "model", "class",
    "status", "plan", "package", "pakke", "region", "street", "gate", "vei"))
"""A word before `name` that makes it not a person's (`company_name`), or a table whose
bare `name` column names a thing (`products.name`)."""
_NOT_A_POSTAL_ADDRESS = frozenset(("ip", "mac", "email", "epost", "mail", "web", "url",
                                   "wallet", "memory", "bit", "e", "company", "firma",
                                   "organization", "organisation", "org"))
_ABOUT_THE_DATA = frozenset((
    "at", "date", "dato", "time", "tid", "ts", "on", "count", "antall", "verified", "sent",
    "status", "flag", "type", "hash", "hashed", "id", "domain", "format", "length", "valid",
    "confirmed", "bekreftet", "opt", "optin", "consent", "key", "template", "subject"))
"""A last word that makes the column about the data rather than the data (`email_sent_at`)."""

_SPLIT = re.compile(r"[^0-9a-zæøå]+")
_CAMEL = re.compile(r"(?<=[a-zæøå0-9])(?=[A-ZÆØÅ])")


def words(name: str) -> list[str]:
    """`buyerEmail`, `buyer_email`, `Buyer-Email` -> ['buyer', 'email']."""
    return [w for w in _SPLIT.split(_CAMEL.sub("_", name).lower()) if w]


def by_name(column: str, table: str = "") -> Kind | None:
    """The kind a column's name suggests, if any. `table` gives context for a bare `name`."""
    parts = words(column)
    if not parts or parts[-1] in _ABOUT_THE_DATA:
        return None
    compact, last, before = "".join(parts), parts[-1], parts[:-1]
    if compact in _EMAIL_WORDS or last in _EMAIL_WORDS or compact.endswith(_EMAIL_ENDINGS):
        return EMAIL
    if compact in _NATIONAL_ID_WORDS or last in _NATIONAL_ID_WORDS:
        return NATIONAL_ID
    if compact in _PHONE_WORDS or last in _PHONE_WORDS or compact.endswith(_PHONE_ENDINGS):
        return PHONE
    if compact in _IP_WORDS or last in _IP_WORDS or (
            last in ("address", "addr", "adresse") and before[-1:] == ["ip"]):
        return IP_ADDRESS
    if last in _ADDRESS_WORDS or compact.endswith(_ADDRESS_ENDINGS):
        return None if any(w in _NOT_A_POSTAL_ADDRESS for w in before) else ADDRESS
    if last in _NAME_WORDS or compact.endswith(_NAME_ENDINGS):
        if any(w in _NOT_A_PERSON for w in before):
            return None
        if compact in ("name", "navn") and names_things(table):
            return None
        return NAME
    return None


def names_things(table: str) -> bool:
    """A table whose plain `name` column names a thing (`products.name`, `skoler.navn`)."""
    for word in words(table):
        stems = {word, word.removesuffix("s"), word.removesuffix("es"),
                 word.removesuffix("ies") + "y", word.removesuffix("er"),
                 word.removesuffix("r")}
        if stems & _NOT_A_PERSON:
            return True
    return False


# -- values -----------------------------------------------------------------------------

_PHONE_SHAPE = re.compile(r"^\+?[0-9][0-9 ().-]{6,18}$")
_SEPARATORS = re.compile(r"[ .-]")


def is_email(value: str) -> bool:
    if "@" not in value or " " in value:
        return False
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def is_phone(value: str, region: str = DEFAULT_REGION) -> bool:
    if not _PHONE_SHAPE.match(value):
        return False
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


def is_national_id(value: str) -> bool:
    digits = _SEPARATORS.sub("", value)
    return len(digits) == 11 and digits.isdigit() and bool(fodselsnummer.is_valid(digits))


def is_ip_address(value: str) -> bool:
    if not any(ch in value for ch in ".:"):
        return False
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


_TESTS: tuple[tuple[Kind, Callable[[str], bool]], ...] = (
    (EMAIL, is_email), (NATIONAL_ID, is_national_id), (IP_ADDRESS, is_ip_address),
    (PHONE, is_phone))


def _text(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        # A national id stored as a number lost its leading zero (born on the 1st-9th).
        return str(value).zfill(11) if len(str(value)) in (10, 11) else None
    if isinstance(value, str):
        text = value.strip()
        return text if 0 < len(text) <= 320 else None
    return None


def by_values(values: Sequence[object]) -> Detection | None:
    """The kind the most sampled values look like, with counts; None if none does."""
    present = [v for v in values if v is not None and v != ""]
    texts = [t for t in map(_text, present) if t is not None]
    best: Detection | None = None
    for kind, test in _TESTS if texts else ():
        matched = sum(1 for t in texts if test(t))
        if matched and matched >= SHARE * len(present) and (
                best is None or matched > best.matched):
            best = Detection(kind, matched, len(present))
    return best


def detect(column: str, values: Sequence[object] = (), table: str = "") -> Detection | None:
    """What a column looks like: by its sampled values first, else by its name."""
    found = by_values(values)
    if found is not None:
        return found
    kind = by_name(column, table)
    return Detection(kind) if kind is not None else None
