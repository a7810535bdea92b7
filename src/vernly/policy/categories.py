"""The built-in data category taxonomy: fideslang's default data categories plus vernly's own.

A policy may use any key below or its own keys declared under `custom_categories`.
`FIDESLANG` is every default data category of fideslang (copyright Ethyca, Inc.; see the
NOTICE in `data/fideslang_data_categories.yaml`), read from that file with fideslang's name
and description. `VERNLY_CATEGORIES` are the keys vernly adds that fideslang does not have.
`LABELS` words fideslang's keys the way a notice says them; those words, and those of vernly's
own keys, are what `describe` returns and what the translation catalogues carry.
Special categories (Art. 9) and pseudonymous identifiers are marked because the linter
reasons about them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import yaml

FIDESLANG_FILE = Path(__file__).parent / "data" / "fideslang_data_categories.yaml"


class FideslangCategory(NamedTuple):
    name: str
    description: str


def _read_fideslang() -> tuple[str, dict[str, FideslangCategory]]:
    # libyaml when PyYAML has it: the pure-Python parser took 10 ms of every command here.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(FIDESLANG_FILE.read_text(encoding="utf-8"), Loader=loader)
    return str(data["fideslang_version"]), {
        key: FideslangCategory(str(entry["name"]), str(entry["description"]))
        for key, entry in data["categories"].items()}


FIDESLANG_VERSION, FIDESLANG = _read_fideslang()
"""The fideslang release the data file mirrors, and its data categories by key."""

LABELS: dict[str, str] = {
    "system": "System data",
    "system.authentication": "Authentication data",
    "system.operations": "Operations data",
    "user": "Data about a person",
    "user.account": "Account data",
    "user.account.settings": "Account settings",
    "user.account.username": "User name",
    "user.authorization": "Access control and credentials",
    "user.authorization.biometric": "Biometric credentials (Art. 9)",
    "user.authorization.credentials": "Login credentials",
    "user.authorization.password": "Password",
    "user.behavior": "Behaviour",
    "user.behavior.browsing_history": "Pages viewed, referrer, navigation",
    "user.behavior.media_consumption": "Media consumption",
    "user.behavior.purchase_history": "Orders and purchases",
    "user.behavior.search_history": "Search history",
    "user.biometric": "Biometric data (Art. 9)",
    "user.biometric.fingerprint": "Fingerprints (Art. 9)",
    "user.biometric.health": "Biometric health data (Art. 9)",
    "user.biometric.retinal": "Retina scans (Art. 9)",
    "user.biometric.voice": "Voice recordings (Art. 9)",
    "user.childrens": "Data about children",
    "user.contact": "Contact details",
    "user.contact.address": "Postal or street address",
    "user.contact.address.city": "City",
    "user.contact.address.country": "Country",
    "user.contact.address.postal_code": "Postal code",
    "user.contact.address.state": "County, state or region",
    "user.contact.address.street": "Street address",
    "user.contact.email": "E-mail address",
    "user.contact.fax_number": "Fax number",
    "user.contact.organization": "Company or organisation name",
    "user.contact.phone_number": "Phone number",
    "user.contact.url": "Website or profile link",
    "user.content": "Content the person writes",
    "user.content.private": "Messages and free text",
    "user.content.public": "Published content",
    "user.content.self_image": "Photos of the person",
    "user.criminal_history": "Criminal convictions and offences (Art. 10)",
    "user.demographic": "Demographics",
    "user.demographic.age_range": "Age group",
    "user.demographic.date_of_birth": "Date of birth",
    "user.demographic.gender": "Gender",
    "user.demographic.language": "Language",
    "user.demographic.marital_status": "Marital status",
    "user.demographic.political_opinion": "Political opinions (Art. 9)",
    "user.demographic.profile": "Profile and preferences",
    "user.demographic.race_ethnicity": "Racial or ethnic origin (Art. 9)",
    "user.demographic.religious_belief": "Religious or philosophical beliefs (Art. 9)",
    "user.demographic.sexual_orientation": "Sex life or sexual orientation (Art. 9)",
    "user.device": "Device data",
    "user.device.cookie": "Data stored in cookies",
    "user.device.cookie_id": "Cookie identifier",
    "user.device.device_id": "Device identifier",
    "user.device.ip_address": "IP address",
    "user.financial": "Financial data",
    "user.financial.bank_account": "Bank account details",
    "user.financial.credit_card": "Payment card details",
    "user.government_id": "Government-issued identifiers",
    "user.government_id.birth_certificate": "Birth certificate",
    "user.government_id.drivers_license_number": "Driving licence number",
    "user.government_id.immigration": "Immigration or residence data",
    "user.government_id.national_identification_number": "National identity number",
    "user.government_id.passport_number": "Passport number",
    "user.government_id.vehicle_registration": "Vehicle registration number",
    "user.health_and_medical": "Health data (Art. 9)",
    "user.health_and_medical.genetic": "Genetic data (Art. 9)",
    "user.health_and_medical.insurance_beneficiary_id": "Health insurance number (Art. 9)",
    "user.health_and_medical.record_id": "Medical record number (Art. 9)",
    "user.job_title": "Job title",
    "user.location": "Location",
    "user.location.imprecise": "Approximate location",
    "user.location.precise": "Precise location",
    "user.name": "Name",
    "user.name.first": "First name",
    "user.name.last": "Last name",
    "user.payment": "Payment data",
    "user.privacy_preferences": "Consent and privacy choices",
    "user.sensor": "Sensor recordings",
    "user.social": "Social activity and interactions",
    "user.telemetry": "Telemetry",
    "user.unique_id": "Unique identifier",
    "user.unique_id.pseudonymous": "Pseudonymous identifier",
    "user.user_sensor": "Sensor data about the person's surroundings",
    "user.workplace": "Employment",
}
"""vernly's wording of fideslang's keys (fideslang's own name is the fallback)."""

VERNLY_CATEGORIES: dict[str, str] = {
    "user.behavior.visit": "Physical visits",
    "user.contact.email.hashed": "Hashed e-mail address",
    "user.contact.organization.address": "Company address",
    "user.content.survey_response": "Survey answers",
    "user.criminal_offense": "Criminal convictions and offences (Art. 10)",
    "user.demographic.trade_union": "Trade union membership (Art. 9)",
    "user.device.browser": "Browser and version",
    "user.device.isp": "Internet service provider",
    "user.device.operating_system": "Operating system",
    "user.education": "Education",
    "user.education.school": "School attended",
    "user.financial.order": "Order amounts and invoices",
    "user.genetic": "Genetic data (Art. 9)",
    "user.location.delivery": "Delivery address",
    "user.sensor.timestamp": "Time of an event",
    "user.sensor.video": "Video recordings (CCTV)",
    "user.unique_id.customer_number": "Customer number",
    "user.workplace.employer": "Employer",
    "user.workplace.industry": "Industry",
    "user.workplace.position": "Position or title",
}
"""Keys vernly adds to fideslang's taxonomy, with their labels."""

CATEGORIES: dict[str, str] = dict(sorted(
    ({key: LABELS.get(key, entry.name) for key, entry in FIDESLANG.items()}
     | VERNLY_CATEGORIES).items()))
"""Every built-in key and the words a notice uses for it, in key order."""

SPECIAL_PREFIXES = (
    "user.authorization.biometric",
    "user.biometric",
    "user.health_and_medical",
    "user.genetic",
    "user.demographic.race_ethnicity",
    "user.demographic.political_opinion",
    "user.demographic.religious_belief",
    "user.demographic.trade_union",
    "user.demographic.sexual_orientation",
)
"""Art. 9(1) special categories."""

PSEUDONYMOUS_PREFIXES = (
    "user.device.cookie_id",
    "user.device.device_id",
    "user.device.ip_address",
    "user.contact.email.hashed",
    "user.unique_id",
)
"""Identifiers that single a person out: pseudonymous, never anonymous (Recital 26, 30)."""


def _under(key: str, prefixes: tuple[str, ...]) -> bool:
    return any(key == p or key.startswith(p + ".") for p in prefixes)


def is_special(key: str) -> bool:
    return _under(key, SPECIAL_PREFIXES)


def is_pseudonymous(key: str) -> bool:
    return _under(key, PSEUDONYMOUS_PREFIXES)


def is_known(key: str, custom: set[str] | frozenset[str] = frozenset()) -> bool:
    return key in CATEGORIES or key in custom


def describe(key: str, custom: dict[str, str] | None = None) -> str:
    if custom and key in custom:
        return custom[key]
    return CATEGORIES.get(key, key)


def closest(key: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The `n` known keys nearest to a mistyped one, nearest first (ties alphabetically).

    Nearness is difflib's ratio over the whole key, plus half the ratio of the last segments
    (`user.email` finds `user.contact.email`), plus a little for the leading segments shared
    (`user.contact.emial` prefers `user.contact.*` keys).
    """
    segments = key.split(".")
    leaf = segments[-1]

    def nearness(candidate: str) -> float:
        other = candidate.split(".")
        shared = 0
        for mine, theirs in zip(segments, other, strict=False):
            if mine != theirs:
                break
            shared += 1
        whole = difflib.SequenceMatcher(None, key, candidate).ratio()
        end = difflib.SequenceMatcher(None, leaf, other[-1]).ratio()
        return whole + end / 2 + shared / max(1, len(segments) - 1) / 4

    return sorted(set(known) - {key}, key=lambda c: (-nearness(c), c))[:n]
