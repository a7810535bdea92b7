"""Retention rules the sweep engine cannot compile are errors of the policy, not surprises
at sweep time: the same pure compiler the engine runs (`compile_retention`) is asked here.
"""

from __future__ import annotations

from collections.abc import Iterator

from vernly.policy.lint.context import Context
from vernly.policy.lint.findings import Finding, Rule, Severity
from vernly.policy.retention_rules import Severity as IssueSeverity
from vernly.policy.retention_rules import compile_retention

_COMPILED = ("RetentionRule.datasets", "RetentionRule.trigger", "RetentionRule.action",
             "RetentionRule.timestamp_field", "RetentionRule.enforced_by",
             "Table.timestamp_field")

NOT_COMPILABLE = Rule("VL215", Severity.error, "Art. 5(1)(e), 5(2)",
                      "retention rule the sweep cannot carry out", fields=_COMPILED)
SWEEP_CAVEAT = Rule("VL216", Severity.warning, "Art. 5(1)(e), 5(2)",
                    "retention rule the sweep carries out only in part", fields=_COMPILED)

RULES = (NOT_COMPILABLE, SWEEP_CAVEAT)


def check(ctx: Context) -> Iterator[Finding]:
    for issue in compile_retention(ctx.policy).issues:
        rule = NOT_COMPILABLE if issue.severity == IssueSeverity.error else SWEEP_CAVEAT
        activity = issue.path[1] if issue.path[:1] == ("activities",) else None
        yield ctx.finding(rule, issue.path, issue.message,
                          activity=ctx.policy.activities[activity].id
                          if isinstance(activity, int) else None)
