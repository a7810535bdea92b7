"""Consent: withdrawing must be as easy as giving (Art. 7(3))."""

from __future__ import annotations

from collections.abc import Iterator

from vernly.policy.lint.context import Context, consent_based
from vernly.policy.lint.findings import Finding, Rule, Severity

NO_WITHDRAWAL_CHANNEL = Rule("VL401", Severity.error, "Art. 7(3), 13(2)(c)",
                             "consent-based activity without a way to withdraw consent",
                             fields=("Activity.consent_withdrawal",))

RULES = (NO_WITHDRAWAL_CHANNEL,)


def check(ctx: Context) -> Iterator[Finding]:
    for i, act in ctx.controller_activities():
        if consent_based(act) and act.consent_withdrawal is None:
            yield ctx.finding(
                NO_WITHDRAWAL_CHANNEL, ("activities", i, "legal_basis"),
                f"activity '{act.id}' relies on consent but gives no way to withdraw it, "
                "expected 'consent_withdrawal' with a channel and address",
                activity=act.id)
