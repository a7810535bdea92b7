"""docs/requests.md, written out as plainly as possible on rows held in Python dicts.

This is the oracle's independent reading of the rule: it never imports vernly's
connectors and shares no code with them. Everything is a fixed point over every row.

Readings of the doc where its words leave room (each also in the oracle's report):

* R1. An explicit `follow:` replaces the default. The table in section 2 says `follow: up`
  and `follow: none` are never followed down, even into a table that holds no people,
  while rule 1.2 read alone would follow any reference down into such a table. We take
  the table (and `Follow.none`'s "never followed"): the narrower reading, which never
  puts rows into a package through a reference the policy said not to follow down.
* R2. Matching a phone number: every stored form the doc lists means the same Norwegian
  number; the requester's number likewise. E-mail: case-insensitive, nothing else.
* R3. "A row that stays still points at it" counts every declared reference, whatever
  its `follow` (a `follow: none` reference still dangles if its target is deleted), and
  every staying row: other people's rows, context rows, and the person's own rows that
  are kept (tables with `erasure: null`/`mask`, rows kept because they are referenced).
* R4. Columns of a kept row: the column's own `erasure`, else the longest matching
  `erasure.by_category` prefix, else the table's action when the column has a category
  (`delete` meaning NULL). Key columns, columns of a reference and columns a reference
  points at are never rewritten, whatever the category default or table action says;
  only an explicit column `erasure: null` (or `delete`) on a reference column that is
  neither key nor pointed at is carried out.
* R5. `mask` writes `[slettet]` cut to the column's length in text columns and 0 in
  integer columns; `null` writes NULL, or that placeholder when the column is NOT NULL.
* R6. A NULL stays NULL under every strategy: there is nothing in it to erase (and no
  value to hash or rewrite), so writing a placeholder would only make up data.
* R7. A row kept by law (`erasure: keep`, period running) has its columns erased by the
  same rule as any kept row: column `erasure`, else `erasure.by_category`, else the
  table's action, which for `keep` is nothing. (Rule 3.2 only names the column-level
  `erasure`; the category defaults exist for exactly this case, bookkeeping data.) The
  period is running on the day it ends and over the day after.
* R8. `orphans: delete` deletes context rows only: a row that is the person's own follows
  its own table's rule. "Afterwards no row points at it" counts the rows that stay after
  the whole erasure (orphans deleted with it and NULLed reference columns point nowhere);
  a row deleted as an orphan does not keep anything else in place.
* R9. Erasure is judged on its end result across all systems: the person's rows are the
  ones the rule finds in the databases as they were before the request, even though
  vernly erases one system at a time (`erasure_order()`), so a row of `core` that is the
  person's only through a row of `support` must still be erased after `support` was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from tests.oracle.schemas import KEEP, Col, Ref, Tab, World

Key = tuple[str, str, tuple[Any, ...]]
"""(system, table, key values) of one row."""

MASK = "[slettet]"


# -- matching identifiers -----------------------------------------------------------------


def phone_digits(value: str) -> str:
    """The national number of a Norwegian phone number in any listed format."""
    digits = re.sub(r"\D", "", value)
    if value.strip().startswith("+"):
        assert digits.startswith("47"), value
        return digits[2:]
    if digits.startswith("0047"):
        return digits[4:]
    return digits


def matches(kind: str, stored: Any, typed: str) -> bool:
    if stored is None:
        return False
    if kind == "email":
        return str(stored).strip().lower() == typed.strip().lower()
    if kind == "phone":
        return phone_digits(str(stored)) == phone_digits(typed)
    return str(stored).strip() == typed.strip()


# -- which rows are the person's ----------------------------------------------------------


def key(table: Tab, row: dict[str, Any]) -> Key:
    return (table.system, table.name, table.key_of(row))


def links(world: World) -> Iterator[tuple[Tab, Ref, dict[str, Any], Tab, dict[str, Any]]]:
    """Every (child table, reference, child row, parent table, parent row) where the child
    row points at the parent row. A NULL in any column of the reference points nowhere."""
    for child in world.tables:
        for ref in child.refs:
            parent = world.target(ref)
            for row in world.rows[child.node]:
                values = tuple(row[f] for f in ref.fields)
                if None in values:
                    continue
                for prow in world.rows[parent.node]:
                    if tuple(prow[c] for c in ref.columns) == values:
                        yield child, ref, row, parent, prow


def seeds(world: World, identifiers: dict[str, str]) -> set[Key]:
    """Rows where an identity column other than `name` equals a typed identifier."""
    found = set()
    for table in world.tables:
        for col in table.columns:
            if not col.identity or col.identity == "name" or col.identity not in identifiers:
                continue
            for row in world.rows[table.node]:
                if matches(col.identity, row[col.name], identifiers[col.identity]):
                    found.add(key(table, row))
    return found


def goes_down(child: Tab, ref: Ref) -> bool:
    """Section 1.2 with reading R1: unset follows down only into tables holding no people;
    `down` and `both` always; `up` and `none` never."""
    if ref.follow is None:
        return not child.holds_people()
    return ref.follow in ("down", "both")


def goes_up(ref: Ref) -> bool:
    return ref.follow in ("up", "both")


def own_rows(world: World, identifiers: dict[str, str]) -> set[Key]:
    own = seeds(world, identifiers)
    grew = True
    while grew:
        grew = False
        for child, ref, row, parent, prow in links(world):
            c, p = key(child, row), key(parent, prow)
            if p in own and c not in own and goes_down(child, ref):
                own.add(c)
                grew = True
            if c in own and p not in own and goes_up(ref):
                own.add(p)
                grew = True
    return own


def context_rows(world: World, own: set[Key]) -> set[Key]:
    """Rows an own row points at through a reference that is not `follow: none`, in a table
    holding no people. Terminal: nothing is followed from them."""
    context = set()
    for child, ref, row, parent, prow in links(world):
        if key(child, row) in own and ref.follow != "none" and not parent.holds_people():
            context.add(key(parent, prow))
    return context - own


def access(world: World) -> tuple[set[Key], set[Key]]:
    """(own rows, context rows) of the requester."""
    own = own_rows(world, world.identifiers)
    return own, context_rows(world, own)


# -- what erasure changes -----------------------------------------------------------------


def protected(world: World, table: Tab) -> set[str]:
    """Key columns, reference columns and columns some reference points at."""
    cols = set(table.key)
    cols.update(f for ref in table.refs for f in ref.fields)
    for other in world.tables:
        for ref in other.refs:
            if (ref.system, ref.table) == table.node:
                cols.update(ref.columns)
    return cols


def by_category(world: World, category: str | None) -> str | None:
    best: tuple[int, str] | None = None
    for prefix, action in world.by_category.items():
        if category and (category == prefix or category.startswith(prefix + ".")) and (
                best is None or len(prefix) > best[0]):
            best = (len(prefix), action)
    return best[1] if best else None


def column_action(world: World, table: Tab, col: Col) -> str | None:
    """What erasure writes into this column of a kept own row: 'null', 'mask' or None
    (nothing). Reading R4."""
    if col.name in protected(world, table):
        explicit_null = col.erasure in ("null", "delete")
        reference_only = col.name not in table.key and not any(
            (r.system, r.table) == table.node and col.name in r.columns
            for other in world.tables for r in other.refs)
        return "null" if explicit_null and reference_only else None
    action = col.erasure or by_category(world, col.category) or (
        table.erasure if col.category else None)
    if action == "delete":
        return "null"
    return action if action in ("null", "mask") else None


def placeholder(col: Col) -> Any:
    return 0 if col.type == "int" else MASK[: col.length]


def erased(world: World, table: Tab, row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for col in table.columns:
        if row[col.name] is None:  # reading R6
            continue
        action = column_action(world, table, col)
        if action == "null":
            out[col.name] = None if col.nullable else placeholder(col)
        elif action == "mask":
            out[col.name] = placeholder(col)
    return out


def nulls_reference(world: World, table: Tab, ref: Ref) -> bool:
    return any(column_action(world, table, table.column(f)) == "null" for f in ref.fields)


def kept_by_law(table: Tab, row: dict[str, Any], today: date) -> bool:
    """An own row of an `erasure: keep` table whose obligation still runs (reading R7)."""
    if table.erasure != "keep":
        return False
    years = int(KEEP["duration"].removeprefix("P").removesuffix("Y"))
    recorded = row[KEEP["timestamp_field"]].date()
    return today <= recorded.replace(year=recorded.year + years)


def still_pointing(world: World, own: set[Key], gone: set[Key], child: Tab, ref: Ref,
                   row: dict[str, Any]) -> bool:
    """This row stays after erasure and this reference of it still points somewhere: it is
    not deleted, and erasure does not set a column of the reference to NULL."""
    k = key(child, row)
    return k not in gone and not (k in own and nulls_reference(world, child, ref))


def erasure_plan(world: World, today: date) -> tuple[set[Key], set[Key], set[Key]]:
    """(own rows, own rows deleted, context rows deleted as orphans)."""
    own = own_rows(world, world.identifiers)
    orphaned: set[Key] = set()
    while True:
        # Rule 3.1-3.3: own rows of `delete` tables, and of `keep` tables whose period is
        # over, are deleted, except while a row that stays points at them (reading R3).
        deleted = {k for k in own
                   if world.table(k[0], k[1]).erasure == "delete"
                   or (world.table(k[0], k[1]).erasure == "keep" and not kept_by_law(
                       world.table(k[0], k[1]), row_of(world, k), today))}
        while True:
            gone = deleted | orphaned
            pointed_at = {key(parent, prow) for child, ref, row, parent, prow in links(world)
                          if key(parent, prow) in deleted
                          and still_pointing(world, own, gone, child, ref, row)}
            if not pointed_at:
                break
            deleted -= pointed_at
        # Orphans (reading R8): context rows a deleted own row pointed at through an
        # `orphans: delete` reference, once nothing that stays points at them.
        found = set(orphaned)
        grew = True
        while grew:
            gone = deleted | found
            candidates = {key(parent, prow) for child, ref, row, parent, prow in links(world)
                          if ref.orphans == "delete" and key(child, row) in deleted
                          and not parent.holds_people() and key(parent, prow) not in own
                          and key(parent, prow) not in found}
            free = {c for c in candidates if not any(
                key(parent, prow) == c and still_pointing(world, own, gone, child, ref, row)
                for child, ref, row, parent, prow in links(world))}
            found |= free
            grew = bool(free)
        if found == orphaned:
            return own, deleted, orphaned
        orphaned = found


def after_erasure(world: World, today: date
                  ) -> dict[tuple[str, str], dict[tuple[Any, ...], dict[str, Any]]]:
    """Every table after erasing the requester everywhere: key -> row."""
    own, deleted, orphaned = erasure_plan(world, today)
    state = {}
    for table in world.tables:
        rows = {}
        for row in world.rows[table.node]:
            k = key(table, row)
            if k in deleted or k in orphaned:
                continue
            rows[k[2]] = erased(world, table, row) if k in own else dict(row)
        state[table.node] = rows
    return state


def row_of(world: World, k: Key) -> dict[str, Any]:
    table = world.table(k[0], k[1])
    return next(r for r in world.rows[table.node] if table.key_of(r) == k[2])


def dangling(world: World, state: dict[tuple[str, str], dict[tuple[Any, ...], dict[str, Any]]]
             ) -> list[str]:
    """References in `state` that point at no row."""
    problems = []
    for table in world.tables:
        for ref in table.refs:
            targets = {tuple(r[c] for c in ref.columns)
                       for r in state[(ref.system, ref.table)].values()}
            for row in state[table.node].values():
                values = tuple(row[f] for f in ref.fields)
                if None not in values and values not in targets:
                    problems.append(f"{table.system}.{table.name} {table.key_of(row)} "
                                    f"{list(ref.fields)}={list(values)} points nowhere")
    return problems


EFFECTS = (
    "access: own rows", "access: context rows", "access: a row own only by follow up/both",
    "access: seed by a stored e-mail in other case", "access: seed by a phone stored "
    "otherwise", "erasure: own row kept as others point at it", "erasure: own row kept by "
    "law", "erasure: own row deleted after its legal period", "erasure: orphan deleted",
    "erasure: reference column set to NULL",
)


def effects(world: World, today: date) -> set[str]:
    """Which parts of the rule decide something for this world's requester."""
    found = set()
    own, context = access(world)
    if own:
        found.add("access: own rows")
    if context:
        found.add("access: context rows")
    for table in world.tables:
        for col in table.columns:
            typed = world.identifiers.get(col.identity or "")
            for row in world.rows[table.node]:
                stored = row[col.name]
                if typed and col.identity in ("email", "phone") and stored != typed and (
                        matches(col.identity, stored, typed)):
                    found.add("access: seed by a stored e-mail in other case"
                              if col.identity == "email" else
                              "access: seed by a phone stored otherwise")
    if own - _own_without_up(world):
        found.add("access: a row own only by follow up/both")
    own, deleted, orphaned = erasure_plan(world, today)
    for k in own:
        table, row = world.table(k[0], k[1]), row_of(world, k)
        if k not in deleted and table.erasure == "delete":
            found.add("erasure: own row kept as others point at it")
        if kept_by_law(table, row, today):
            found.add("erasure: own row kept by law")
        elif table.erasure == "keep":
            found.add("erasure: own row deleted after its legal period")
        if k not in deleted and any(
                column_action(world, table, table.column(f)) == "null" and row[f] is not None
                for ref in table.refs for f in ref.fields):
            found.add("erasure: reference column set to NULL")
    if orphaned:
        found.add("erasure: orphan deleted")
    return found


def _own_without_up(world: World) -> set[Key]:
    own = seeds(world, world.identifiers)
    grew = True
    while grew:
        grew = False
        for child, ref, row, parent, prow in links(world):
            c, p = key(child, row), key(parent, prow)
            if p in own and c not in own and goes_down(child, ref):
                own.add(c)
                grew = True
    return own
