"""Storage limitation: every activity of ours says how long it keeps data (Art. 13(2)(a))."""

from __future__ import annotations

from collections.abc import Iterator

from vernly.policy.lint.context import Context
from vernly.policy.lint.findings import Finding, Rule, Severity
from vernly.policy.models import RetentionTrigger

RETENTION_NOT_STATED = Rule("VL201", Severity.error, "Art. 5(1)(e), 13(2)(a)",
                            "retention period not stated",
                            fields=("Activity.retention",))
RETENTION_EMPTY = Rule("VL202", Severity.error, "Art. 13(2)(a)",
                       "retention with neither rules nor criteria",
                       fields=("Retention.rules", "Retention.criteria"))
AGREEMENT_TRIGGER_ON_OWN_ACTIVITY = Rule(
    "VL203", Severity.warning, "Art. 13(2)(a)",
    "retention 'per agreement' on an activity we control",
    fields=("RetentionRule.trigger",))

RULES = (RETENTION_NOT_STATED, RETENTION_EMPTY, AGREEMENT_TRIGGER_ON_OWN_ACTIVITY)


def check(ctx: Context) -> Iterator[Finding]:
    for i, act in ctx.controller_activities():
        at = ("activities", i, "retention")
        if act.retention == "not_stated":
            yield ctx.finding(
                RETENTION_NOT_STATED, at,
                f"activity '{act.id}' ({act.name.get('en')}) does not say how long data is kept, "
                "expected retention rules (period, trigger, action) or the criteria used",
                activity=act.id)
            continue
        if not act.retention.rules and act.retention.criteria is None:
            yield ctx.finding(
                RETENTION_EMPTY, at,
                f"activity '{act.id}' has an empty retention section, expected 'rules' or "
                "'criteria'", activity=act.id)
        for r, rule in enumerate(act.retention.rules):
            if rule.trigger == RetentionTrigger.per_agreement:
                yield ctx.finding(
                    AGREEMENT_TRIGGER_ON_OWN_ACTIVITY, (*at, "rules", r, "trigger"),
                    f"activity '{act.id}' is ours, yet its retention is 'per_agreement' (a "
                    "processor's term), expected a period and trigger we decide",
                    activity=act.id)
