"""Cross-reference checks that a schema alone cannot express.

Ids must be unique; every id an activity, cookie, system or rule mentions must be
declared; every data category must be known (built in or under `custom_categories`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from vernly.policy.categories import CATEGORIES, closest
from vernly.policy.errors import Problem
from vernly.policy.form_references import check_forms

if TYPE_CHECKING:
    from vernly.policy.loader import LoadedPolicy, Path_


class _Checker:
    def __init__(self, loaded: LoadedPolicy) -> None:
        self.loaded = loaded
        self.problems: list[Problem] = []

    def add(self, path: Path_, message: str) -> None:
        from vernly.policy.loader import display_path

        mark = self.loaded.positions.of_value(path)
        where = display_path(path, self.loaded.data)
        self.problems.append(
            Problem(self.loaded.source, mark.line, mark.column, f"{where}: {message}")
        )

    def ref(self, path: Path_, kind: str, value: str, known: Iterable[str],
            owner: str = "") -> None:
        from vernly.policy.loader import suggest

        known = list(dict.fromkeys(known))
        if value in known:
            return
        close = suggest(value, known)
        hint = f"did you mean '{close}'?" if close else (
            f"expected one of: {', '.join(sorted(known))}" if known else f"no {kind}s are declared"
        )
        self.add(path, f"unknown {kind} '{value}'{owner}, {hint}")

    def unique(self, section: str, ids: list[str], what: str) -> None:
        first: dict[str, int] = {}
        for index, value in enumerate(ids):
            if value in first:
                line = self.loaded.positions.of_value((section, first[value])).line
                key = "name" if what == "cookie" else "id"
                self.add((section, index, key),
                         f"duplicate {what} {key} '{value}' (first declared at line {line}), "
                         f"expected each {key} once")
            else:
                first.setdefault(value, index)


def check_references(loaded: LoadedPolicy) -> list[Problem]:
    c = _Checker(loaded)
    p = loaded.policy
    c.unique("recipients", [r.id for r in p.recipients], "recipient")
    c.unique("systems", [s.id for s in p.systems], "system")
    c.unique("activities", [a.id for a in p.activities], "activity")
    c.unique("cookies", [k.name for k in p.cookies], "cookie")

    recipients = [r.id for r in p.recipients]
    systems = [s.id for s in p.systems]
    activities = [a.id for a in p.activities]
    categories = set(CATEGORIES) | set(p.custom_categories)
    datasets = systems + [f"{s.id}.{t.name}" for s in p.systems for t in s.tables]
    tables = {f"{s.id}.{t.name}": [col.name for col in t.columns]
              for s in p.systems for t in s.tables}

    def category(path: Path_, key: str) -> None:
        if key not in categories:
            c.add(path, unknown_category(key, categories))

    for ai, act in enumerate(p.activities):
        base: Path_ = ("activities", ai)
        for i, sid in enumerate(act.systems):
            c.ref((*base, "systems", i), "system", sid, systems)
        for i, rid in enumerate(act.recipients):
            c.ref((*base, "recipients", i), "recipient", rid, recipients)
        for field in ("data_categories", "special_categories", "anonymised_claims"):
            for i, key in enumerate(getattr(act, field)):
                category((*base, field, i), key)
        if act.retention != "not_stated":
            for ri, rule in enumerate(act.retention.rules):
                rpath: Path_ = (*base, "retention", "rules", ri)
                if rule.enforced_by:
                    c.ref((*rpath, "enforced_by"), "recipient", rule.enforced_by, recipients)
                for di, ds in enumerate(rule.datasets):
                    c.ref((*rpath, "datasets", di), "dataset", ds, datasets)
                if rule.timestamp_field:
                    _check_rule_column(c, rpath, rule.datasets, rule.timestamp_field, tables)

    for si, system in enumerate(p.systems):
        base = ("systems", si)
        if system.recipient:
            c.ref((*base, "recipient"), "recipient", system.recipient, recipients)
        if system.activity:
            c.ref((*base, "activity"), "activity", system.activity, activities)
        for i, key in enumerate(system.categories):
            category((*base, "categories", i), key)
        _check_tables(c, system, base, activities, category, {s.id: s for s in p.systems})

    for ki, cookie in enumerate(p.cookies):
        if cookie.processor:
            c.ref(("cookies", ki, "processor"), "recipient", cookie.processor, recipients)
    check_forms(c, p, category)
    return c.problems


def unknown_category(key: str, known: Iterable[str]) -> str:
    """One line: the three nearest known keys and where to declare a key of one's own."""
    names = [f"'{k}'" for k in closest(key, known)]
    guesses = f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else "".join(names)
    return (f"unknown data category '{key}', did you mean {guesses}? "
            "Declare your own under 'custom_categories'")


def _check_tables(c: _Checker, system, base, activities, category, all_systems) -> None:  # type: ignore[no-untyped-def]
    tables = {t.name: t for t in system.tables}
    seen: set[str] = set()
    for ti, table in enumerate(system.tables):
        tpath = (*base, "tables", ti)
        if table.name in seen:
            c.add((*tpath, "name"), f"duplicate table '{table.name}' in system '{system.id}', "
                                    "expected each table once")
        seen.add(table.name)
        columns = [col.name for col in table.columns]
        if table.activity:
            c.ref((*tpath, "activity"), "activity", table.activity, activities)
        for ci, col in enumerate(table.columns):
            if col.category:
                category((*tpath, "columns", ci, "category"), col.category)
        for key in table.key_columns:
            if key not in columns:
                c.ref((*tpath, "primary_key"), "column", key, columns, f" in table '{table.name}'")
        if table.timestamp_field and table.timestamp_field not in columns:
            c.ref((*tpath, "timestamp_field"), "column", table.timestamp_field, columns,
                  f" in table '{table.name}'")
        for ri, ref in enumerate(table.references):
            rpath = (*tpath, "references", ri)
            for field in ref.fields:
                if field not in columns:
                    c.ref((*rpath, "field"), "column", field, columns,
                          f" in table '{table.name}'")
            system_id, target_name, target_columns = ref.target()
            target_system = system if system_id is None else all_systems.get(system_id)
            if target_system is None:
                c.add((*rpath, "to"), f"reference '{', '.join(ref.targets)}' does not resolve, "
                                      "expected 'table.column' or 'system.table.column'")
                continue
            target_tables = {t.name: t for t in target_system.tables}
            target = target_tables.get(target_name)
            if target is None:
                c.ref((*rpath, "to"), "table", target_name, target_tables,
                      f" in system '{target_system.id}'")
                continue
            for column in target_columns:
                if column not in [col.name for col in target.columns]:
                    c.ref((*rpath, "to"), "column", column,
                          [col.name for col in target.columns], f" in table '{target.name}'")
        if table.keep:
            ts = table.keep.timestamp_field
            owner, _, col = ts.rpartition(".")
            holder = tables.get(owner) if owner else table
            if holder is None or col not in [x.name for x in holder.columns]:
                c.add((*tpath, "keep", "timestamp_field"),
                      f"keep.timestamp_field '{ts}' is not a column of this table or a "
                      "referenced one, expected 'column' or 'table.column'")


def _check_rule_column(c: _Checker, rpath: Path_, datasets: list[str], column: str,
                       tables: dict[str, list[str]]) -> None:
    """A rule's own timestamp_field must be a column of every table it sweeps."""
    for ds in datasets:
        names = [ds] if ds in tables else [t for t in tables if t.startswith(ds + ".")]
        for name in names:
            if column not in tables[name]:
                c.ref((*rpath, "timestamp_field"), "column", column, tables[name],
                      f" in table '{name}'")
                return
