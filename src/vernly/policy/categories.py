"""The built-in data category taxonomy (fideslang-style dotted keys).

A policy may use any key below, any prefix of one (e.g. `user.contact`), or its own keys
declared under `custom_categories`. Special categories (Art. 9) and pseudonymous
identifiers are marked because the linter reasons about them.
"""

from __future__ import annotations

CATEGORIES: dict[str, str] = {
    "user": "Data about a person",
    "user.name": "Name",
    "user.contact": "Contact details",
    "user.contact.email": "E-mail address",
    "user.contact.email.hashed": "Hashed e-mail address",
    "user.contact.phone_number": "Phone number",
    "user.contact.address": "Postal or street address",
    "user.contact.organization": "Company or organisation name",
    "user.contact.organization.address": "Company address",
    "user.account": "Account data",
    "user.account.username": "User name",
    "user.authorization": "Access control and credentials",
    "user.behavior": "Behaviour",
    "user.behavior.browsing_history": "Pages viewed, referrer, navigation",
    "user.behavior.purchase_history": "Orders and purchases",
    "user.behavior.visit": "Physical visits",
    "user.content": "Content the person writes",
    "user.content.private": "Messages and free text",
    "user.content.survey_response": "Survey answers",
    "user.device": "Device data",
    "user.device.cookie_id": "Cookie identifier",
    "user.device.device_id": "Device identifier",
    "user.device.ip_address": "IP address",
    "user.device.browser": "Browser and version",
    "user.device.operating_system": "Operating system",
    "user.device.isp": "Internet service provider",
    "user.financial": "Financial data",
    "user.financial.order": "Order amounts and invoices",
    "user.location": "Location",
    "user.location.delivery": "Delivery address",
    "user.unique_id": "Unique identifier",
    "user.unique_id.customer_number": "Customer number",
    "user.unique_id.pseudonymous": "Pseudonymous identifier",
    "user.workplace": "Employment",
    "user.workplace.employer": "Employer",
    "user.workplace.position": "Position or title",
    "user.workplace.industry": "Industry",
    "user.education": "Education",
    "user.education.school": "School attended",
    "user.sensor": "Sensor recordings",
    "user.sensor.video": "Video recordings (CCTV)",
    "user.sensor.timestamp": "Time of an event",
    "user.privacy_preferences": "Consent and privacy choices",
    "user.biometric": "Biometric data (Art. 9)",
    "user.health_and_medical": "Health data (Art. 9)",
    "user.genetic": "Genetic data (Art. 9)",
    "user.demographic": "Demographics",
    "user.demographic.race_ethnicity": "Racial or ethnic origin (Art. 9)",
    "user.demographic.political_opinion": "Political opinions (Art. 9)",
    "user.demographic.religious_belief": "Religious or philosophical beliefs (Art. 9)",
    "user.demographic.trade_union": "Trade union membership (Art. 9)",
    "user.demographic.sexual_orientation": "Sex life or sexual orientation (Art. 9)",
    "user.criminal_offense": "Criminal convictions and offences (Art. 10)",
}

SPECIAL_PREFIXES = (
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
