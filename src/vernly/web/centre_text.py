"""Addresses and the words from code of the public privacy centre, in bokmål and English.

Paths are kept per language so every page links to its twin in the other language. The words
are English msgids translated through the gettext catalogue (`vernly.notices.i18n`).
"""

from __future__ import annotations

from vernly.notices.i18n import N_, tr
from vernly.policy.models import RightKind

PATHS: dict[str, dict[str, str]] = {
    "nb": {"notice": "/personvern", "centre": "/personvern/sentrum",
           "rights": "/personvern/rettigheter", "cookies": "/personvern/informasjonskapsler",
           "consent": "/personvern/samtykke", "status": "/personvern/status"},
    "en": {"notice": "/en/privacy", "centre": "/en/privacy/centre",
           "rights": "/en/privacy/rights", "cookies": "/en/privacy/cookies",
           "consent": "/en/privacy/consent", "status": "/en/privacy/status"},
}

RIGHT_SLUGS: dict[str, dict[RightKind, str]] = {
    "nb": {RightKind.access: "innsyn", RightKind.rectification: "retting",
           RightKind.erasure: "sletting", RightKind.restriction: "begrensning",
           RightKind.objection: "protest", RightKind.portability: "dataportabilitet",
           RightKind.withdraw_consent: "trekk-samtykke"},
    "en": {RightKind.access: "access", RightKind.rectification: "rectification",
           RightKind.erasure: "erasure", RightKind.restriction: "restriction",
           RightKind.objection: "objection", RightKind.portability: "portability",
           RightKind.withdraw_consent: "withdraw-consent"},
}

# Msgids (English) listed literally so the catalogue extractor finds them; translated per
# request with `tr`, the rest of the pages' words are in the templates.
RIGHTS: dict[RightKind, tuple[str, str]] = {
    RightKind.access: (N_("Access"), N_("Find out which data we hold about you, why, who "
                                        "receives it and how long we keep it, and get a copy.")),
    RightKind.rectification: (N_("Rectification"), N_("Have incorrect data about you "
                                                       "corrected.")),
    RightKind.erasure: (N_("Erasure"), N_("Have data about you deleted. Data we must keep by "
                                          "law (for example under the Bookkeeping Act) is "
                                          "deleted when that duty ends.")),
    RightKind.restriction: (N_("Restriction"), N_("Ask us to keep the data but not use it for "
                                                  "anything else, for example while a "
                                                  "disagreement is settled.")),
    RightKind.objection: (N_("Objection"), N_("Object to processing we base on legitimate "
                                              "interest. An objection to direct marketing "
                                              "always applies.")),
    RightKind.portability: (N_("Portability"), N_("Receive the data you gave us in a "
                                                  "machine-readable format, to take it "
                                                  "elsewhere.")),
    RightKind.withdraw_consent: (N_("Withdraw consent"), N_("Withdraw a consent you have given, "
                                                            "for example for courses and "
                                                            "seminars, school visits or user "
                                                            "surveys.")),
}

RECTIFY_FIELDS: list[tuple[str, str]] = [
    ("user.name", N_("Correct name")),
    ("user.contact.phone_number", N_("Correct mobile number")),
    ("user.contact.email", N_("Correct e-mail address")),
    ("user.contact.organization", N_("Correct company name")),
    ("user.contact.organization.address", N_("Correct company address")),
]

def rights_in(lang: str) -> dict[RightKind, tuple[str, str]]:
    """Each right's name and what it gives, in `lang`."""
    return {kind: (tr(lang, title), tr(lang, text)) for kind, (title, text) in RIGHTS.items()}


def rectify_fields_in(lang: str) -> list[tuple[str, str]]:
    """(field, label in `lang`) for the rectification form."""
    return [(field, tr(lang, label)) for field, label in RECTIFY_FIELDS]
