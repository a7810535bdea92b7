"""Recipients and transfers out of the EEA (Art. 13(1)(e)-(f), Chapter V)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vernly.policy.lint.context import Context
from vernly.policy.lint.findings import Finding, Rule, Severity

EEA = frozenset({
    # EU member states
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    # EEA EFTA states
    "IS", "LI", "NO",
})
"""Where the GDPR applies as such; anything else is a third country (Art. 44)."""

_ALPHA2 = re.compile(r"^[A-Z]{2}$")

TRANSFER_WITHOUT_MECHANISM = Rule(
    "VL301", Severity.error, "Art. 13(1)(f), 44-49",
    "recipient in a third country without a transfer mechanism",
    fields=("Recipient.country", "Recipient.transfer_mechanism"))
COUNTRY_NOT_STATED = Rule("VL302", Severity.warning, "Art. 13(1)(f)",
                          "recipient's country not stated",
                          fields=("Recipient.country",))
COUNTRY_NOT_A_CODE = Rule("VL303", Severity.warning, "Art. 13(1)(f)",
                          "recipient's country is not an ISO 3166-1 alpha-2 code",
                          fields=("Recipient.country",))
RECIPIENT_UNUSED = Rule("VL304", Severity.info, "Art. 13(1)(e), 30(1)(d)",
                        "recipient no activity, system or cookie names",
                        fields=("Policy.recipients", "Activity.recipients", "System.recipient",
                                "Cookie.processor"))

RULES = (TRANSFER_WITHOUT_MECHANISM, COUNTRY_NOT_STATED, COUNTRY_NOT_A_CODE, RECIPIENT_UNUSED)


def check(ctx: Context) -> Iterator[Finding]:
    p = ctx.policy
    used = {rid for a in p.activities for rid in a.recipients}
    used |= {s.recipient for s in p.systems if s.recipient}
    used |= {c.processor for c in p.cookies if c.processor}
    used |= {rule.enforced_by for a in p.activities if a.retention != "not_stated"
             for rule in a.retention.rules if rule.enforced_by}
    for i, rec in enumerate(p.recipients):
        at = ("recipients", i)
        # Findings are in English, so they name the recipient in English.
        name = rec.name_in("en")
        if rec.country == "not_stated":
            yield ctx.finding(
                COUNTRY_NOT_STATED, (*at, "country"),
                f"recipient '{rec.id}' ({name}): the country where it processes the data is "
                "not stated, so a transfer outside the EEA cannot be ruled out; expected an "
                "ISO 3166-1 alpha-2 code", recipient=rec.id)
        elif not _ALPHA2.match(rec.country):
            yield ctx.finding(
                COUNTRY_NOT_A_CODE, (*at, "country"),
                f"recipient '{rec.id}': country '{rec.country}' is not an ISO 3166-1 alpha-2 "
                "code, expected e.g. 'NO', 'SE', 'US'", recipient=rec.id)
        elif rec.country not in EEA and rec.transfer_mechanism in (None, "not_stated"):
            yield ctx.finding(
                TRANSFER_WITHOUT_MECHANISM, (*at, "transfer_mechanism"),
                f"recipient '{rec.id}' ({name}) is in {rec.country}, outside the EEA, and "
                "no transfer mechanism is stated; expected an adequacy decision (Art. 45), "
                "safeguards such as standard contractual clauses (Art. 46) or an Art. 49 "
                "derogation", recipient=rec.id)
        if rec.id not in used:
            yield ctx.finding(
                RECIPIENT_UNUSED, (*at, "id"),
                f"recipient '{rec.id}' is declared but no activity, system or cookie names it, "
                "expected it in an activity's 'recipients' or removed", recipient=rec.id)
