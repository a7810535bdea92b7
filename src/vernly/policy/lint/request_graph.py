"""References a request follows, and erasure that would break them (docs/requests.md).

A reference between two tables that both hold people usually only names someone (the
support rep of a customer); following it would put one person's records in another's
access package. The policy must say which it is. And erasure must never rewrite a key or a
reference column into a value that points nowhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from vernly.policy.lint.context import Context
from vernly.policy.lint.findings import Finding, Rule, Severity
from vernly.policy.loader import Path_
from vernly.policy.models import ErasureAction, System, Table, pointed_at

UNDECLARED_DIRECTION = Rule(
    "VL901", Severity.error, "Art. 5(1)(f), 15(4)",
    "reference between two tables that both hold people, without 'follow'",
    fields=("Reference.follow",))
KEY_ERASED = Rule(
    "VL902", Severity.error, "Art. 5(1)(d), 17",
    "erasure that would rewrite a key or reference column into a dangling value",
    fields=("Column.erasure",))

RULES = (UNDECLARED_DIRECTION, KEY_ERASED)


def check(ctx: Context) -> Iterator[Finding]:
    systems = {s.id: s for s in ctx.policy.systems}
    for si, system in enumerate(ctx.policy.systems):
        tables = {t.name: t for t in system.tables}
        for ti, table in enumerate(system.tables):
            base = ("systems", si, "tables", ti)
            yield from _directions(ctx, systems, system, tables, table, base)
            yield from _erased_keys(ctx, systems, system, table, base)


def _target(systems: dict[str, System], system: System, tables: dict[str, Table],
            target_system: str | None, name: str) -> Table | None:
    if target_system in (None, system.id):
        return tables.get(name)
    other = systems.get(target_system or "")
    return next((t for t in other.tables if t.name == name), None) if other else None


def _directions(ctx: Context, systems: dict[str, System], system: System,
                tables: dict[str, Table], table: Table, base: Path_
                ) -> Iterator[Finding]:
    for ri, ref in enumerate(table.references):
        target_system, name, _ = ref.target()
        parent = _target(systems, system, tables, target_system, name)
        if ref.follow is not None or parent is None:
            continue
        if table.holds_people() and parent.holds_people():
            yield ctx.finding(
                UNDECLARED_DIRECTION, (*base, "references", ri),
                f"'{table.name}.{'/'.join(ref.fields)}' points at '{name}', and both tables "
                "hold people; expected 'follow: down' (the rows belong to the person they "
                "point at) or 'follow: none' (they only name them)", system=system.id)


def _erased_keys(ctx: Context, systems: dict[str, System], system: System, table: Table,
                 base: Path_) -> Iterator[Finding]:
    keys = set(table.key_columns)
    referencing = {f for ref in table.references for f in ref.fields}
    referenced = pointed_at(system, list(systems.values())).get(table.name, set())
    for ci, column in enumerate(table.columns):
        action = column.erasure
        if action is None or action == ErasureAction.keep:
            continue
        nulls = action in (ErasureAction.null, ErasureAction.delete)
        if column.name in keys or column.name in referenced:
            role = "the key" if column.name in keys else "pointed at by a reference"
        elif column.name in referencing and not nulls:
            role = "a reference column"
        else:
            continue
        yield ctx.finding(
            KEY_ERASED, (*base, "columns", ci, "erasure"),
            f"'{table.name}.{column.name}' is {role}; erasure '{action.value}' would leave "
            "references pointing nowhere, expected no erasure on it"
            + (" or 'null'" if role == "a reference column" else ""), system=system.id)
