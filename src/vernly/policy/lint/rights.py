"""The rights a notice must name, each with a channel (Art. 13(2)(b)-(c), 21(4))."""

from __future__ import annotations

from collections.abc import Iterator

from vernly.policy.lint.context import Context, consent_based
from vernly.policy.lint.findings import Finding, Rule, Severity
from vernly.policy.models import RightKind

RIGHT_MISSING = Rule("VL801", Severity.error, "Art. 12(1), 13(2)(b)",
                     "data subject right not offered",
                     fields=("Policy.rights", "Right.right"))
WITHDRAWAL_RIGHT_MISSING = Rule("VL802", Severity.error, "Art. 13(2)(c)",
                                "consent-based processing without the right to withdraw",
                                fields=("Right.right",))

RULES = (RIGHT_MISSING, WITHDRAWAL_RIGHT_MISSING)

_ALWAYS = (RightKind.access, RightKind.rectification, RightKind.erasure, RightKind.restriction,
           RightKind.objection, RightKind.portability)


def check(ctx: Context) -> Iterator[Finding]:
    offered = {r.right for r in ctx.policy.rights}
    at = ("rights",) if "rights" in ctx.loaded.data else ("activities",)
    for kind in _ALWAYS:
        if kind not in offered:
            yield ctx.finding(
                RIGHT_MISSING, at,
                f"the right of {kind} is not offered, expected an entry in 'rights' with "
                "its article and how to use it")
    consent = [a.id for _, a in ctx.controller_activities() if consent_based(a)]
    if consent and RightKind.withdraw_consent not in offered:
        yield ctx.finding(
            WITHDRAWAL_RIGHT_MISSING, at,
            f"activities {', '.join(consent)} rely on consent, but 'rights' does not offer "
            "withdrawing it; expected a 'withdraw_consent' entry", activity=consent[0])
