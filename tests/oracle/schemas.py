"""Random relational schemas with rows, for checking requests against docs/requests.md.

`worlds()` draws 2-6 tables over one or two SQL systems (separate databases), filled with
3-6 people. The tables play roles a shop and its support desk have:

* `customers`, `members` (person tables: e-mail, phone, customer number, name),
* `staff`, `employees` (person tables: e-mail, phone, name; `manager_id` points at the
  same table),
* catalogues (`products`, `addresses`, `groups`, ...: no identity column, few rows, so
  many people's rows share them; sometimes a composite key `[kind, no]`),
* children (`orders`, `tickets`, ...: point at earlier tables, sometimes with a composite
  key `[<parent key>, no]`, sometimes holding a contact e-mail, phone or name),
* link tables (`memberships`, ...: many-to-many, the key is both references).

References only point at earlier tables (or the table itself), always at the whole key;
the second system (`support`) may point into the first (`core`), never the other way.
Every reference gets a random `follow:`. E-mail addresses are stored in random case,
phone numbers in the formats docs/requests.md lists.

The same `World` becomes (a) vernly policy objects (`policy_systems`) and (b) real
tables with PRIMARY KEY and FOREIGN KEY constraints inside each database (`create`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hypothesis import strategies as st
from sqlalchemy import (
    Column as SqlColumn,
)
from sqlalchemy import (
    DateTime,
    Engine,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    String,
)
from sqlalchemy import (
    Table as SqlTable,
)

from vernly.policy.models import Column, ErasureDefaults, Keep, Reference, System, Table

CORE, SUPPORT = "core", "support"

PHONE_FORMATS: dict[str, Callable[[str], str]] = {
    # The formats docs/requests.md ("Identities") lists, for an 8-digit national number.
    "+47 912 34 567": lambda d: f"+47 {d[:3]} {d[3:5]} {d[5:]}",
    "+4791234567": lambda d: f"+47{d}",
    "0047 912 34 567": lambda d: f"0047 {d[:3]} {d[3:5]} {d[5:]}",
    "004791234567": lambda d: f"0047{d}",
    "912 34 567": lambda d: f"{d[:3]} {d[3:5]} {d[5:]}",
    "91 23 45 67": lambda d: f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}",
    "91234567": lambda d: d,
    "912-34-567": lambda d: f"{d[:3]}-{d[3:5]}-{d[5:]}",
}

EMAIL_STYLES: dict[str, Callable[[str], str]] = {
    "lower": lambda e: e,
    "upper": lambda e: e.upper(),
    "Jane@Example.COM": lambda e: _title_email(e),
    "jANE@eXAMPLE.cOM": lambda e: _title_email(e).swapcase(),
}

FOLLOWS = (None, "down", "up", "both", "none", None)
"""Unset twice as often as each value: it is what most references say."""

KEEP = {"statute": "bokføringsloven § 13", "duration": "P5Y", "trigger": "recorded",
        "timestamp_field": "recorded_at"}
"""The legal obligation of every `erasure: keep` table: five years after `recorded_at`."""
RECORDED = (datetime(2015, 1, 10, 9, 30), datetime(2019, 8, 1, 12, 0),
            datetime(2023, 2, 1, 8, 15), datetime(2025, 11, 30, 17, 45))
"""`recorded_at` values: two whose five years are over by 2026-06-15, two that are not;
none near the boundary."""

NAMES = {
    "customers": ["customers", "members", "patients"],
    "staff": ["staff", "employees"],
    "catalogue": ["products", "addresses", "groups", "stores", "courses"],
    "child": ["orders", "tickets", "visits", "payments", "notes", "shipments", "returns"],
    "link": ["memberships", "enrolments", "favourites", "assignments"],
}

PEOPLE = [
    ("jane.berg", "example.com", "Jane Berg"),
    ("ola", "example.no", "Ola Hansen"),
    ("kari.nordmann", "example.com", "Kari Nordmann"),
    ("per", "example.no", "Per Olsen"),
    ("ola.h", "example.com", "Ola Hansen"),  # the same name as another person: never a seed
    ("sofie", "example.no", "Sofie Lie"),
]

TEXT_LENGTH = {"email": 80, "phone": 20, "customer_number": 12, "name": 40}
IDENTITY_CATEGORY = {"email": "user.contact.email", "phone": "user.contact.phone_number",
                     "customer_number": "user.unique_id.customer_number",
                     "name": "user.name"}
COLUMN_ERASURES = (None, None, None, "null", "mask", "keep")
BY_CATEGORY = (
    {},
    {},
    {"user.contact": "mask"},
    {"user.contact": "null", "user.contact.email": "mask"},
    {"user.content": "keep", "user": "mask"},
)


def _title_email(email: str) -> str:
    local, domain = email.split("@")
    labels = domain.split(".")
    return (local[:1].upper() + local[1:] + "@"
            + ".".join([*(x.capitalize() for x in labels[:-1]), labels[-1].upper()]))


@dataclass(frozen=True)
class Col:
    name: str
    type: str
    """'int', 'text' or 'datetime'."""
    length: int | None = None
    nullable: bool = True
    identity: str | None = None
    category: str | None = None
    erasure: str | None = None
    """Column-level erasure, as the policy says it."""


@dataclass(frozen=True)
class Ref:
    fields: tuple[str, ...]
    system: str
    """The system of the table pointed at."""
    table: str
    columns: tuple[str, ...]
    follow: str | None
    nullable: bool
    orphans: str = "keep"


@dataclass
class Tab:
    system: str
    name: str
    role: str
    key: tuple[str, ...]
    columns: list[Col]
    refs: list[Ref] = field(default_factory=list)
    erasure: str = "delete"
    key_declared: bool = True
    """False: the policy leaves `primary_key` out (it is `id` by default)."""

    @property
    def node(self) -> tuple[str, str]:
        return (self.system, self.name)

    def holds_people(self) -> bool:
        return any(c.identity for c in self.columns)

    def column(self, name: str) -> Col:
        return next(c for c in self.columns if c.name == name)

    def key_of(self, row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(row[k] for k in self.key)


@dataclass(repr=False)
class World:
    systems: tuple[str, ...]
    tables: list[Tab]
    """Parents before children."""
    rows: dict[tuple[str, str], list[dict[str, Any]]]
    people: list[dict[str, str]]
    identifiers: dict[str, str]
    """What the requester types: any of email, phone, customer_number."""
    by_category: dict[str, str]
    phone_formats: Counter[str] = field(default_factory=Counter)

    def table(self, system: str, name: str) -> Tab:
        return next(t for t in self.tables if t.system == system and t.name == name)

    def target(self, ref: Ref) -> Tab:
        return self.table(ref.system, ref.table)

    def __repr__(self) -> str:
        """Short: the tests print `describe()` in full with the failing example."""
        return (f"World({len(self.tables)} tables in {len(self.systems)} system(s), "
                f"{sum(map(len, self.rows.values()))} rows)")

    def describe(self) -> str:
        """The schema, rows and requester, readable in a failure report."""
        lines = [f"requester types: {self.identifiers}"]
        if self.by_category:
            lines.append(f"erasure.by_category: {self.by_category}")
        for t in self.tables:
            people = "holds people" if t.holds_people() else "holds no people"
            keep = " (5 years after recorded_at)" if t.erasure == "keep" else ""
            lines.append(f"{t.system}.{t.name}  key {list(t.key)}"
                         f"{'' if t.key_declared else ' (not declared)'}  "
                         f"erasure: {t.erasure}{keep}  ({people})")
            for c in t.columns:
                extras = [f"{k}: {v}" for k, v in (
                    ("identity", c.identity), ("category", c.category),
                    ("erasure", c.erasure)) if v]
                lines.append(f"    {c.name} {c.type}{f'({c.length})' if c.length else ''}"
                             f"{'' if c.nullable else ' NOT NULL'}"
                             f"{'  ' + ', '.join(extras) if extras else ''}")
            for r in t.refs:
                to = ", ".join(reference_targets(t, r))
                orphans = "  orphans: delete" if r.orphans == "delete" else ""
                lines.append(f"    ref {list(r.fields)} -> {to}  follow: {r.follow or 'unset'}"
                             f"{orphans}")
            for row in self.rows[t.node]:
                lines.append(f"      {row}")
        return "\n".join(lines)


def reference_targets(table: Tab, ref: Ref) -> list[str]:
    prefix = f"{ref.system}." if ref.system != table.system else ""
    return [f"{prefix}{ref.table}.{c}" for c in ref.columns]


# -- drawing ------------------------------------------------------------------------------


def _chance(draw: st.DrawFn, yes: int, out_of: int) -> bool:
    """True `yes` times in `out_of` (shrinks to False)."""
    return draw(st.integers(0, out_of - 1)) >= out_of - yes


@st.composite
def worlds(draw: st.DrawFn) -> World:
    systems = (CORE, SUPPORT)[: draw(st.integers(1, 2))]
    count = draw(st.integers(2, 6))
    # A few catalogues or a staff table may come before the first customers table (so it
    # can point at them); anything may come after it.
    before = [draw(st.sampled_from(["catalogue", "catalogue", "staff"]))
              for _ in range(min(count - 1, draw(st.sampled_from([1, 2, 0, 1]))))]
    tables: list[Tab] = []
    taken: set[str] = set()
    for i in range(count):
        first = i == len(before)
        role = before[i] if i < len(before) else "customers" if first else draw(
            st.sampled_from(["child", "catalogue", "staff", "link", "child", "customers"]))
        system = CORE if i <= len(before) else draw(st.sampled_from(systems))
        name = next(n for n in NAMES[role] + [f"{role}_{i}"] if n not in taken)
        taken.add(name)
        tables.append(_draw_table(draw, role, system, name, tables))
    used = tuple(s for s in systems if any(t.system == s for t in tables))
    people = _draw_people(draw)
    world = World(systems=used, tables=tables, rows={}, people=people, identifiers={},
                  by_category=dict(draw(st.sampled_from(BY_CATEGORY))))
    for table in tables:
        world.rows[table.node] = _draw_rows(draw, world, table)
    world.identifiers = _draw_identifiers(draw, world)
    return world


def _candidates(tables: list[Tab], system: str) -> list[Tab]:
    """Earlier tables a table of `system` may point at: its own system's, and `core`'s
    from `support`."""
    return [t for t in tables if t.system == system or (system == SUPPORT and t.system == CORE)]


def _draw_ref(draw: st.DrawFn, target: Tab, fields: tuple[str, ...], nullable: bool) -> Ref:
    orphans = "delete" if not target.holds_people() and _chance(draw, 1, 2) else "keep"
    return Ref(fields=fields, system=target.system, table=target.name, columns=target.key,
               follow=draw(st.sampled_from(FOLLOWS)), nullable=nullable, orphans=orphans)


def _fields_for(target: Tab, taken: set[str], prefix: str | None = None) -> tuple[str, ...]:
    base = prefix or target.name
    fields = tuple(f"{base}_{c}" for c in target.key)
    n = 2
    while any(f in taken for f in fields):
        fields = tuple(f"{base}{n}_{c}" for c in target.key)
        n += 1
    taken.update(fields)
    return fields


def _ref_column(draw: st.DrawFn, name: str, nullable: bool, in_key: bool) -> Col:
    """A reference column: sometimes with a data category (never applied to it), and
    sometimes, when nullable and outside the key, with `erasure: null` (the only column
    erasure VL902 allows on a reference column)."""
    category = "user.unique_id" if _chance(draw, 1, 6) else None
    erasure = "null" if nullable and not in_key and _chance(draw, 1, 5) else None
    return Col(name, "int", nullable=nullable, category=category, erasure=erasure)


def _data_columns(draw: st.DrawFn, role: str) -> list[Col]:
    cols: list[Col] = []
    if role == "catalogue":
        cols.append(Col("title", "text", 30, nullable=draw(st.booleans())))
        return cols
    cols.append(Col("note", "text", 40, nullable=not _chance(draw, 1, 3),
                    category="user.content", erasure=draw(st.sampled_from(COLUMN_ERASURES))))
    if role in ("child", "link") and draw(st.booleans()):
        cols.append(Col("amount", "int", nullable=draw(st.booleans()),
                        category="user.financial",
                        erasure=draw(st.sampled_from(COLUMN_ERASURES))))
    if _chance(draw, 1, 4):
        cols.append(Col("code", "text", 6, nullable=draw(st.booleans()),
                        category="user.unique_id.pseudonymous",
                        erasure=draw(st.sampled_from(COLUMN_ERASURES))))
    return cols


def _identity_column(draw: st.DrawFn, kind: str, name: str | None = None) -> Col:
    return Col(name or kind, "text", TEXT_LENGTH[kind], nullable=not _chance(draw, 1, 4),
               identity=kind, category=IDENTITY_CATEGORY[kind])


def _draw_table(draw: st.DrawFn, role: str, system: str, name: str,
                earlier: list[Tab]) -> Tab:
    candidates = _candidates(earlier, system)
    taken: set[str] = set()
    columns: list[Col] = []
    refs: list[Ref] = []
    key: tuple[str, ...] = ("id",)
    erasure = draw(st.sampled_from(["delete", "delete", "null", "mask"]))

    def add_ref(target: Tab, nullable: bool, in_key: bool = False,
                prefix: str | None = None) -> Ref:
        fields = _fields_for(target, taken, prefix)
        ref = _draw_ref(draw, target, fields, nullable)
        refs.append(ref)
        columns.extend(_ref_column(draw, f, nullable, in_key) for f in fields)
        return ref

    if role in ("customers", "staff"):
        columns.append(Col("id", "int", nullable=False))
        kinds = ["email", "phone", "name"] + (["customer_number"] if role == "customers"
                                              else [])
        chosen = [k for k in kinds if k == "email" or draw(st.booleans())]
        columns.extend(_identity_column(draw, k) for k in chosen)
        columns.extend(_data_columns(draw, role))
        for target in candidates:
            odds = 3 if target.role == "catalogue" else 1  # an address more often than not
            if target.role != "link" and _chance(draw, odds, 4) and len(refs) < 2:
                add_ref(target, nullable=not _chance(draw, 1, 4))
        if _chance(draw, 1, 2 if role == "staff" else 6):
            me = Tab(system, name, role, key, list(columns))  # as far as it is built
            add_ref(me, nullable=True, prefix="manager" if role == "staff" else "referred_by")
    elif role == "catalogue":
        if _chance(draw, 1, 3):
            key = ("kind", "no")
            columns += [Col("kind", "int", nullable=False), Col("no", "int", nullable=False)]
        else:
            columns.append(Col("id", "int", nullable=False))
        columns.extend(_data_columns(draw, role))
        others = [t for t in candidates if t.role == "catalogue"]
        if others and _chance(draw, 1, 4):
            add_ref(draw(st.sampled_from(others)), nullable=True)
    elif role == "child":
        first = draw(st.sampled_from(candidates))
        first_nullable = _chance(draw, 1, 4)
        composite = not first_nullable and _chance(draw, 1, 3)
        if not composite:
            columns.append(Col("id", "int", nullable=False))
        ref = add_ref(first, nullable=first_nullable, in_key=composite)
        if composite:
            key = (*ref.fields, "no")
            columns.append(Col("no", "int", nullable=False))
        if _chance(draw, 2, 3):  # a second reference, to a catalogue when there is one
            catalogues = [t for t in candidates if t.role == "catalogue"]
            pool = catalogues if catalogues and _chance(draw, 2, 3) else candidates
            add_ref(draw(st.sampled_from(pool)), nullable=not _chance(draw, 1, 3))
        contact = draw(st.sampled_from([None, None, "email", "name", "phone"]))
        if contact:
            columns.append(_identity_column(draw, contact, f"contact_{contact}"))
        columns.extend(_data_columns(draw, role))
        if _chance(draw, 1, 3):  # kept by law for five years after `recorded_at`
            erasure = "keep"
            columns.append(Col("recorded_at", "datetime", nullable=False))
        if not composite and _chance(draw, 1, 8):
            me = Tab(system, name, role, key, list(columns))
            add_ref(me, nullable=True, prefix="parent")
    else:  # link
        a = draw(st.sampled_from(candidates))
        b = draw(st.sampled_from(candidates))
        ref_a = add_ref(a, nullable=False, in_key=True)
        ref_b = add_ref(b, nullable=False, in_key=True)
        key = (*ref_a.fields, *ref_b.fields)
        columns.extend(_data_columns(draw, role))
    key_declared = key != ("id",) or draw(st.booleans())
    return Tab(system, name, role, key, columns, refs, erasure, key_declared)


def _draw_people(draw: st.DrawFn) -> list[dict[str, str]]:
    count = draw(st.integers(3, 6))
    people = []
    for pid in range(count):
        local, domain, name = PEOPLE[pid]
        digits = f"{draw(st.sampled_from('94'))}{draw(st.integers(0, 999999)):06d}{pid}"
        people.append({"email": f"{local}@{domain}", "phone": digits, "name": name,
                       "customer_number": f"K{1000 + pid}"})
    return people


def _stored_phone(draw: st.DrawFn, world: World, digits: str) -> str:
    fmt = draw(st.sampled_from(list(PHONE_FORMATS)))
    world.phone_formats[fmt] += 1
    return PHONE_FORMATS[fmt](digits)


def _identity_value(draw: st.DrawFn, world: World, kind: str, person: dict[str, str]) -> str:
    if kind == "email":
        return EMAIL_STYLES[draw(st.sampled_from(list(EMAIL_STYLES)))](person["email"])
    if kind == "phone":
        return _stored_phone(draw, world, person["phone"])
    return person[kind]


def _pick(draw: st.DrawFn, rows: list[dict[str, Any]], cols: tuple[str, ...],
          nullable: bool, favour_first: bool = False) -> tuple[Any, ...] | None:
    """Values of a random row's columns, or None (NULL) now and then when allowed. With
    `favour_first` half the time the first row: in person tables usually the requester's,
    so chains of her rows grow deep enough to reach context rows, orphans and kept rows."""
    if not rows or (nullable and _chance(draw, 1, 3)):
        return None
    first = favour_first and _chance(draw, 1, 2)
    row = rows[0 if first else draw(st.integers(0, len(rows) - 1))]
    return tuple(row[c] for c in cols)


def _fill(draw: st.DrawFn, world: World, table: Tab, row: dict[str, Any], n: int,
          person: dict[str, str] | None) -> dict[str, Any] | None:
    """Every column not set yet: references, identities, data. None when a reference that
    may not be NULL has nothing to point at."""
    done: list[dict[str, Any]] = world.rows.get(table.node, [])
    for ref in table.refs:
        if ref.fields[0] in row:
            continue
        targets = done if (ref.system, ref.table) == table.node else world.rows[
            (ref.system, ref.table)]
        values = _pick(draw, targets, ref.columns, ref.nullable,
                       world.table(ref.system, ref.table).role == "customers")
        if values is None and not ref.nullable:
            return None
        for f, v in zip(ref.fields, values or (None,) * len(ref.fields), strict=True):
            row[f] = v
    for col in table.columns:
        if col.name in row:
            continue
        if col.identity:
            who = person
            if who is None:  # a contact column of a child: anyone (or nobody, if NULL is allowed)
                index = draw(st.integers(-1 if col.nullable else 0, len(world.people) - 1))
                who = world.people[index] if index >= 0 else None
            empty = who is None or (col.nullable and _chance(draw, 1, 6))
            row[col.name] = None if empty or who is None else _identity_value(
                draw, world, col.identity, who)
        elif col.type == "datetime":
            row[col.name] = draw(st.sampled_from(RECORDED))
        elif col.type == "int":
            row[col.name] = None if col.nullable and _chance(draw, 1, 4) else 10 * n + 7
        else:
            text = f"{table.name[:3]}{n}"
            row[col.name] = None if col.nullable and _chance(draw, 1, 4) else text[:col.length]
    return row


def _append(rows: list[dict[str, Any]], row: dict[str, Any] | None) -> None:
    if row is not None:
        rows.append(row)


def _draw_rows(draw: st.DrawFn, world: World, table: Tab) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    world.rows[table.node] = rows
    if table.role in ("customers", "staff"):
        for person in world.people:
            for _ in range(draw(st.sampled_from([1, 0, 1, 2]))):
                _append(rows, _fill(draw, world, table, {"id": len(rows) + 1}, len(rows) + 1,
                                  person))
    elif table.role == "catalogue":
        for n in range(1, draw(st.integers(1, 6)) + 1):
            start = ({"kind": 1 + n % 2, "no": n} if table.key == ("kind", "no")
                     else {"id": n})
            _append(rows, _fill(draw, world, table, start, n, None))
    elif table.role == "child":
        first = table.refs[0]
        composite = first.fields[0] in table.key
        for n in range(1, draw(st.integers(1, 6)) + 1):
            start: dict[str, Any] = {}
            if composite:
                values = _pick(draw, world.rows[(first.system, first.table)], first.columns,
                               False, world.table(first.system, first.table).role == "customers")
                if values is None:
                    break
                start = dict(zip(first.fields, values, strict=True))
                siblings = [r for r in rows if all(r[f] == start[f] for f in first.fields)]
                start["no"] = len(siblings) + 1
            else:
                start["id"] = n
            _append(rows, _fill(draw, world, table, start, n, None))
    else:  # link: distinct pairs
        a, b = table.refs
        seen: set[tuple[Any, ...]] = set()
        for n in range(1, draw(st.integers(1, 5)) + 1):
            left = _pick(draw, world.rows[(a.system, a.table)], a.columns, False)
            right = _pick(draw, world.rows[(b.system, b.table)], b.columns, False)
            if left is None or right is None or (left + right) in seen:
                continue
            seen.add(left + right)
            start = dict(zip(a.fields + b.fields, left + right, strict=True))
            _append(rows, _fill(draw, world, table, start, n, None))
    return rows


def _draw_identifiers(draw: st.DrawFn, world: World) -> dict[str, str]:
    kinds = draw(st.sampled_from([("email", "phone"), ("email",), ("phone",),
                                  ("email", "phone", "customer_number"),
                                  ("customer_number",)]))
    if _chance(draw, 1, 10):  # someone the databases do not know
        who = {"email": "nobody@example.org", "phone": f"4{draw(st.integers(0, 999999)):06d}9",
               "customer_number": "K9999"}
    else:
        who = world.people[0]
    typed = {"email": who["email"].lower(),
             "phone": PHONE_FORMATS[draw(st.sampled_from(list(PHONE_FORMATS)))](who["phone"]),
             "customer_number": who["customer_number"]}
    return {k: typed[k] for k in kinds}


# -- what was drawn -----------------------------------------------------------------------

FEATURES = (
    "shared parent row", "link table", "self reference", "composite key",
    "composite reference", "NULL reference value", "cross-database reference",
    "customers and staff referencing each other", "follow unset", "follow down",
    "follow up", "follow both", "follow none", "mixed-case e-mail",
    "table erasure null", "table erasure mask", "erasure.by_category",
    "keep: period running", "keep: period over", "orphans delete",
    "child table holding people", *(f"phone {f}" for f in PHONE_FORMATS),
)


def features(world: World) -> set[str]:
    """The schema features this world exercises (names from FEATURES)."""
    found: set[str] = set()
    refs = [(t, r) for t in world.tables for r in t.refs]
    pointed: Counter[tuple[str, str, tuple[Any, ...]]] = Counter()
    for t, r in refs:
        for row in world.rows[t.node]:
            values = tuple(row[f] for f in r.fields)
            if None in values:
                found.add("NULL reference value")
            else:
                pointed[(r.system, r.table, values)] += 1
    for (system, name, _), n in pointed.items():
        if n >= 2 and not world.table(system, name).holds_people():
            found.add("shared parent row")
    roles = {t.node: t.role for t in world.tables}
    for t, r in refs:
        found.add(f"follow {r.follow or 'unset'}")
        if r.orphans == "delete":
            found.add("orphans delete")
        if (r.system, r.table) == t.node:
            found.add("self reference")
        if len(r.fields) > 1:
            found.add("composite reference")
        if r.system != t.system:
            found.add("cross-database reference")
        if {t.role, roles[(r.system, r.table)]} == {"customers", "staff"}:
            found.add("customers and staff referencing each other")
    for t in world.tables:
        if t.role == "link":
            found.add("link table")
        if len(t.key) > 1:
            found.add("composite key")
        if t.erasure in ("null", "mask"):
            found.add(f"table erasure {t.erasure}")
        if t.erasure == "keep":
            for row in world.rows[t.node]:
                over = row["recorded_at"].year + 5 < 2026
                found.add("keep: period over" if over else "keep: period running")
        if t.role == "child" and t.holds_people():
            found.add("child table holding people")
        for c in t.columns:
            if c.identity == "email" and any(
                    row[c.name] is not None and row[c.name] != row[c.name].lower()
                    for row in world.rows[t.node]):
                found.add("mixed-case e-mail")
    if world.by_category:
        found.add("erasure.by_category")
    found.update(f"phone {f}" for f in world.phone_formats)
    return found


# -- as a policy, and as real tables ------------------------------------------------------


def env_name(system: str) -> str:
    return f"VERNLY_ORACLE_{system.upper()}_URL"


def policy_systems(world: World) -> list[System]:
    systems = []
    for sid in world.systems:
        tables = []
        for t in world.tables:
            if t.system != sid:
                continue
            key: str | list[str] | None = (list(t.key) if len(t.key) > 1 else t.key[0])
            tables.append(Table(
                name=t.name,
                primary_key=key if t.key_declared else None,
                erasure=t.erasure,
                keep=Keep(**KEEP) if t.erasure == "keep" else None,
                timestamp_field="recorded_at" if t.erasure == "keep" else None,
                columns=[Column(name=c.name, category=c.category, identity=c.identity,
                                erasure=c.erasure) for c in t.columns],
                references=[Reference(
                    field=list(r.fields) if len(r.fields) > 1 else r.fields[0],
                    to=(targets if len(targets) > 1 else targets[0]),
                    follow=r.follow, orphans=r.orphans)
                    for r in t.refs for targets in [reference_targets(t, r)]],
            ))
        systems.append(System(id=sid, name=f"Oracle {sid}", kind="sql",
                              url="${" + env_name(sid) + "}", tables=tables))
    return systems


def erasure_defaults(world: World) -> ErasureDefaults:
    return ErasureDefaults(by_category=world.by_category)


SQL_TYPES: dict[str, Callable[[int | None], Any]] = {
    "int": lambda _: Integer(), "text": String, "datetime": lambda _: DateTime()}


def create(world: World, system: str, engine: Engine, metadata: MetaData) -> None:
    """The system's tables, with real keys and (within the database) foreign keys, and its
    rows, in `metadata` (which the caller keeps to drop them again)."""
    for t in world.tables:
        if t.system != system:
            continue
        columns = [SqlColumn(c.name, SQL_TYPES[c.type](c.length),
                             primary_key=c.name in t.key, nullable=c.nullable,
                             autoincrement=False)
                   for c in t.columns]
        foreign = [ForeignKeyConstraint(list(r.fields), [f"{r.table}.{c}" for c in r.columns])
                   for r in t.refs if r.system == system]
        SqlTable(t.name, metadata, *columns, *foreign)
    metadata.create_all(engine)
    with engine.begin() as conn:
        for t in world.tables:
            if t.system == system and world.rows[t.node]:
                conn.execute(metadata.tables[t.name].insert(), world.rows[t.node])
