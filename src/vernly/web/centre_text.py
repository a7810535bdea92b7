"""Addresses and the words from code of the public privacy centre, in bokmål and English.

Paths are kept per language so every page links to its twin in the other language. The words
are English msgids translated through the gettext catalogue (`vernly.notices.i18n`).
"""

from __future__ import annotations

from vernly.notices.i18n import N_, tr
from vernly.notices.wording import category_name
from vernly.policy.models import Policy, RightKind

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
# request with `tr`. Nothing here is about one company: what differs per policy (the laws
# that keep data, the consents one can withdraw, the fields one can correct) comes from it.
RIGHTS: dict[RightKind, tuple[str, str]] = {
    RightKind.access: (N_("Access"), N_("See which data we hold about you, why, who receives "
                                        "it and how long we keep it, and get a copy.")),
    RightKind.rectification: (N_("Rectification"), N_("Have incorrect data about you "
                                                       "corrected.")),
    RightKind.erasure: (N_("Erasure"), N_("Have data about you deleted.")),
    RightKind.restriction: (N_("Restriction"), N_("Ask us to keep the data but not use it for "
                                                  "anything else, for example while a "
                                                  "disagreement is settled.")),
    RightKind.objection: (N_("Objection"), N_("Object to processing we base on legitimate "
                                              "interest. An objection to direct marketing "
                                              "always applies.")),
    RightKind.portability: (N_("Portability"), N_("Receive the data you gave us in a "
                                                  "machine-readable format, to take it "
                                                  "elsewhere.")),
    RightKind.withdraw_consent: (N_("Withdraw consent"), N_("Withdraw a consent you have "
                                                            "given. It is as easy as giving "
                                                            "it.")),
}

RECTIFIABLE = ("user.name", "user.contact", "user.workplace")
"""Data categories (and their sub-categories) the correction form offers, when the policy's
systems hold them in columns the person provided."""


def rights_in(lang: str, policy: Policy | None = None) -> dict[RightKind, tuple[str, str]]:
    """Each right's name and what it gives, in `lang`; with the policy, erasure names the
    laws that keep data (the withdrawal form lists the policy's consents itself)."""
    out = {kind: (tr(lang, title), tr(lang, text)) for kind, (title, text) in RIGHTS.items()}
    if policy is None:
        return out
    laws = sorted({t.keep.statute for s in policy.systems for t in s.tables if t.keep})
    if laws:
        title, text = out[RightKind.erasure]
        out[RightKind.erasure] = (title, text + " " + tr(
            lang, "Data we must keep by law (%(laws)s) is deleted when that duty ends.",
            laws=", ".join(laws)))
    return out


def rectify_fields_in(lang: str, policy: Policy) -> list[tuple[str, str]]:
    """(data category, its name in `lang`) for the correction form: the categories of
    `RECTIFIABLE` the policy's systems hold in columns the person provided."""
    seen: dict[str, None] = {}
    for system in policy.systems:
        for table in system.tables:
            for column in table.columns:
                key = column.category
                if key and column.provided_by_subject and any(
                        key == c or key.startswith(c + ".") for c in RECTIFIABLE):
                    seen.setdefault(key)
    return [(key, category_name(policy, key, lang)) for key in seen]
