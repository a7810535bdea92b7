"""Claims that data is anonymous while it still singles a person out."""

from __future__ import annotations

from collections.abc import Iterator

from vernly.policy.categories import describe, is_pseudonymous
from vernly.policy.lint.context import Context
from vernly.policy.lint.findings import Finding, Rule, Severity

PSEUDONYMOUS_CALLED_ANONYMOUS = Rule(
    "VL501", Severity.error, "Art. 4(1), 4(5), Recital 26",
    "pseudonymous identifier described as anonymised",
    fields=("Activity.anonymised_claims",))

RULES = (PSEUDONYMOUS_CALLED_ANONYMOUS,)


def check(ctx: Context) -> Iterator[Finding]:
    for i, act in enumerate(ctx.policy.activities):
        for j, key in enumerate(act.anonymised_claims):
            if is_pseudonymous(key):
                what = describe(key)
                yield ctx.finding(
                    PSEUDONYMOUS_CALLED_ANONYMOUS, ("activities", i, "anonymised_claims", j),
                    f"activity '{act.id}' calls '{key}' ({what}) anonymised, but it singles a "
                    "person out and stays personal data; expected it described as "
                    "pseudonymised personal data with the notice's other duties applied",
                    activity=act.id, category=key)
