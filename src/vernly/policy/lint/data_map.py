"""The data map: what an activity declares must live in the systems it names (Art. 30)."""

from __future__ import annotations

from collections.abc import Iterator

from vernly.policy.lint.context import Context
from vernly.policy.lint.findings import Finding, Rule, Severity
from vernly.policy.models import Activity, System

CATEGORY_NOT_HELD = Rule("VL701", Severity.warning, "Art. 30(1)(c), 15(1)(b)",
                         "declared data category that no system of the activity holds",
                         fields=("Activity.data_categories", "System.categories",
                                 "Column.category"))
NO_SYSTEMS = Rule("VL702", Severity.warning, "Art. 30(1)(c), 5(2)",
                  "activity that names no system holding its data",
                  fields=("Activity.systems",))

RULES = (CATEGORY_NOT_HELD, NO_SYSTEMS)


def check(ctx: Context) -> Iterator[Finding]:
    systems = {s.id: s for s in ctx.policy.systems}
    for i, act in enumerate(ctx.policy.activities):
        if not act.systems:
            yield ctx.finding(
                NO_SYSTEMS, ("activities", i, "id"),
                f"activity '{act.id}' names no system, so requests and retention cannot find "
                "its data; expected 'systems'", activity=act.id)
            continue
        held = set().union(*(_held(systems[s], act) for s in act.systems if s in systems))
        for field in ("data_categories", "special_categories"):
            for j, key in enumerate(getattr(act, field)):
                if not any(_related(key, h) for h in held):
                    yield ctx.finding(
                        CATEGORY_NOT_HELD, ("activities", i, field, j),
                        f"activity '{act.id}' declares '{key}' but none of its systems "
                        f"({', '.join(act.systems)}) holds it; expected a column or system "
                        "category with it, or the category removed", activity=act.id,
                        category=key)


def _held(system: System, act: Activity) -> set[str]:
    """Categories of the system's tables that belong to this activity (or to any)."""
    found = set(system.categories)
    for table in system.tables:
        if table.activity in (None, act.id):
            found.update(c.category for c in table.columns if c.category)
    return found


def _related(declared: str, held: str) -> bool:
    """A column of `user.contact.email` holds `user.contact`, and the other way round."""
    return (declared == held or held.startswith(declared + ".")
            or declared.startswith(held + "."))
