"""Retention rules vernly must be able to carry out, or see who carries them out.

A rule that names a dataset becomes a sweep: rows older than the period are deleted,
files removed, log lines cut. If the sweep cannot be built (no column to measure age
by, an action the system cannot do) the promise in the notice is not kept.
"""

from __future__ import annotations

from collections.abc import Iterator

from vernly.policy.lint.context import Context
from vernly.policy.lint.findings import Finding, Rule, Severity
from vernly.policy.models import (
    RetentionAction,
    RetentionRule,
    RetentionTrigger,
    System,
    SystemKind,
    Table,
)

NO_AGE_COLUMN = Rule("VL211", Severity.error, "Art. 5(1)(e), 5(2)",
                     "retention rule on a table with no column to measure age by")
ACTION_UNFIT = Rule("VL212", Severity.error, "Art. 5(1)(e), 5(2)",
                    "retention action the system cannot carry out")
NOTHING_ENFORCES = Rule("VL213", Severity.warning, "Art. 5(1)(e), 5(2)",
                        "retention rule that nothing enforces")
EXTERNAL_UNREACHABLE = Rule("VL214", Severity.warning, "Art. 5(1)(e), 28(3)(g)",
                            "retention rule on an external system with no one to enforce it")

RULES = (NO_AGE_COLUMN, ACTION_UNFIT, NOTHING_ENFORCES, EXTERNAL_UNREACHABLE)

_ACTIONS: dict[SystemKind, frozenset[RetentionAction]] = {
    SystemKind.sql: frozenset({RetentionAction.delete, RetentionAction.null,
                               RetentionAction.mask, RetentionAction.anonymise,
                               RetentionAction.truncate_ip}),
    SystemKind.files: frozenset({RetentionAction.delete, RetentionAction.delete_files}),
    SystemKind.log: frozenset({RetentionAction.delete, RetentionAction.truncate_ip}),
}
"""What each kind of system can do itself; manual systems turn any action into a task."""

_IP = "user.device.ip_address"


def check(ctx: Context) -> Iterator[Finding]:
    systems = {s.id: s for s in ctx.policy.systems}
    for i, act in enumerate(ctx.policy.activities):
        if act.retention == "not_stated":
            continue
        for r, rule in enumerate(act.retention.rules):
            at = ("activities", i, "retention", "rules", r)
            if rule.enforced_by or rule.trigger == RetentionTrigger.per_agreement:
                continue  # someone else keeps this promise; vernly records it
            if not rule.datasets:
                if rule.action != RetentionAction.manual:
                    yield ctx.finding(
                        NOTHING_ENFORCES, at,
                        f"activity '{act.id}' promises to {rule.action} after "
                        f"{rule.duration} but names no dataset, expected 'datasets' to sweep, "
                        "'enforced_by' (the recipient that does it) or action 'manual'",
                        activity=act.id)
                continue
            for d, dataset in enumerate(rule.datasets):
                system_id, _, table_name = dataset.partition(".")
                system = systems.get(system_id)
                if system is not None:
                    yield from _check_dataset(ctx, (*at, "datasets", d), act.id, rule, system,
                                              table_name)


def _check_dataset(ctx: Context, at: tuple[str | int, ...], activity: str, rule: RetentionRule,
                   system: System, table_name: str) -> Iterator[Finding]:
    dataset = f"{system.id}.{table_name}" if table_name else system.id
    if rule.action == RetentionAction.manual or system.kind == SystemKind.manual:
        return  # becomes a task for a person; nothing to compile
    if system.kind == SystemKind.external:
        yield ctx.finding(
            EXTERNAL_UNREACHABLE, at,
            f"'{dataset}' is an external system vernly cannot reach, expected 'enforced_by' "
            "naming the recipient that deletes, or action 'manual'",
            activity=activity, system=system.id)
        return
    allowed = _ACTIONS[system.kind]
    if rule.action not in allowed:
        yield ctx.finding(
            ACTION_UNFIT, (*at[:-2], "action"),
            f"action '{rule.action}' cannot be carried out on {system.kind} system "
            f"'{system.id}', expected one of: {', '.join(sorted(allowed))}",
            activity=activity, system=system.id)
        return
    if system.kind != SystemKind.sql:
        return
    tables = [t for t in system.tables if not table_name or t.name == table_name]
    if not tables:
        yield ctx.finding(
            NO_AGE_COLUMN, at,
            f"sql system '{system.id}' declares no tables, expected 'tables' with a "
            "'timestamp_field' so the rule can find old rows", activity=activity,
            system=system.id)
    by_name = {t.name: t for t in system.tables}
    for table in tables:
        if rule.timestamp_field is None and not _has_age(table, by_name, set()):
            yield ctx.finding(
                NO_AGE_COLUMN, at,
                f"table '{system.id}.{table.name}' has no column to measure age by, expected "
                "'timestamp_field' on the table or the rule", activity=activity,
                system=system.id)
        if rule.action == RetentionAction.truncate_ip and not any(
            c.category == _IP for c in table.columns
        ):
            yield ctx.finding(
                ACTION_UNFIT, (*at[:-2], "action"),
                f"action 'truncate_ip' on table '{system.id}.{table.name}', which has no "
                f"column of category '{_IP}', expected such a column or another action",
                activity=activity, system=system.id)


def _has_age(table: Table, tables: dict[str, Table], seen: set[str]) -> bool:
    """A table's rows have an age of their own, or inherit one from the row they belong to."""
    if table.timestamp_field or (table.keep and table.keep.timestamp_field):
        return True
    seen.add(table.name)
    for ref in table.references:
        parts = ref.to.split(".")
        parent = tables.get(parts[-2]) if len(parts) >= 2 else None
        if parent is not None and parent.name not in seen and _has_age(parent, tables, seen):
            return True
    return False
