"""Turn a Fides dataset file into vernly system declarations.

A Fides (fideslang) dataset file lists datasets; each has collections (tables) of fields
(columns) with data categories and `fides_meta` (identity, primary key, references with a
traversal direction). This module reads one, keeping YAML positions, and returns the
`systems:` entries of a `vernly.yaml` plus one note for everything it could not carry
over. The rules, and why `direction` becomes `follow` the way it does, are in
docs/requests.md ("Importing from Fides"). Pure: no database, no files written.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from vernly.policy.categories import CATEGORIES
from vernly.policy.errors import PolicyError, Problem
from vernly.policy.loader import Path_, Positions, kind_of, parse_yaml, read_source
from vernly.policy.models import Id, System

IDENTITY_KINDS = {"email": "email", "phone_number": "phone", "phone": "phone"}
"""Fides identity names vernly compares in its own way; any other name is a custom kind."""

MASKING = {"null_rewrite": "null", "hash": "hash", "hmac": "hash"}
"""Fides field masking strategies with a vernly column erasure of the same effect."""

_CATEGORY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_SILENT_FIELD_META = {"references", "identity", "primary_key", "data_type", "length",
                      "read_only", "masking_strategy_override"}
_ID = TypeAdapter(Id)


@dataclass(frozen=True, order=True)
class Unmapped:
    """One thing of the Fides file that vernly's declaration does not carry."""

    line: int
    column: int
    path: str
    """Where in the dataset: `collection.field.subfield`."""
    message: str

    def text(self, source: str) -> str:
        return f"{source}:{self.line}:{self.column}: {self.path}: {self.message}"


@dataclass(frozen=True)
class FidesImport:
    """The systems made from a Fides file, and what could not be carried over."""

    source: str
    declarations: tuple[dict[str, Any], ...]
    """The `systems:` entries as plain data, in the order they are written."""
    unmapped: tuple[Unmapped, ...]
    unknown_categories: tuple[str, ...]
    """Data categories kept although vernly's taxonomy lacks them (need custom_categories)."""

    @property
    def systems(self) -> tuple[System, ...]:
        return tuple(System.model_validate(d) for d in self.declarations)

    def to_yaml(self) -> str:
        return render(self.declarations, self.source)

    def report(self) -> list[str]:
        """One line per thing not mapped, then the summary."""
        return [u.text(self.source) for u in self.unmapped] + [self.summary()]

    def summary(self) -> str:
        tables = sum(len(d["tables"]) for d in self.declarations)
        columns = sum(len(t["columns"]) for d in self.declarations for t in d["tables"])
        refs = sum(len(t.get("references", ())) for d in self.declarations for t in d["tables"])
        n = len(self.unmapped)
        return (f"{self.source}: {_count(len(self.declarations), 'system')}, "
                f"{_count(tables, 'table')}, {_count(columns, 'column')}, "
                f"{_count(refs, 'reference')}; {n} to review")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- reading the file ---------------------------------------------------------------------


@dataclass
class _Field:
    name: str
    path: str
    doc: Path_
    categories: list[str]
    meta: dict[str, Any]
    meta_doc: Path_
    children: list[_Field]

    @property
    def is_array(self) -> bool:
        return str(self.meta.get("data_type") or "").endswith("[]")

    def descendants(self) -> list[_Field]:
        return [d for c in self.children for d in (c, *c.descendants())]


@dataclass
class _Collection:
    name: str
    doc: Path_
    categories: list[str]
    meta: dict[str, Any]
    meta_doc: Path_
    fields: list[_Field]
    extras: dict[str, Path_]
    """Keys vernly has no place for (data_uses, data_subjects), with their position."""


@dataclass
class _Dataset:
    key: str
    name: str
    doc: Path_
    categories: list[str]
    meta: dict[str, Any]
    meta_doc: Path_
    collections: list[_Collection]
    extras: dict[str, Path_]


_UNUSED_KEYS = ("data_uses", "data_subjects", "data_purposes")


class _Reader:
    """Checks the shape of the file; the first thing wrong is one Problem, exit 2."""

    def __init__(self, positions: Positions, source: str) -> None:
        self.positions = positions
        self.source = source

    def fail(self, doc: Path_, message: str) -> PolicyError:
        mark = self.positions.of_key(doc)
        return PolicyError([Problem(self.source, mark.line, mark.column, message)])

    def mapping(self, value: Any, doc: Path_, what: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(doc, f"{what}: got {kind_of(value)}, expected a mapping")
        return value

    def items(self, value: Any, doc: Path_, what: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(doc, f"{what}: got {kind_of(value)}, expected a list")
        return value

    def text(self, owner: dict[str, Any], key: str, doc: Path_, what: str) -> str:
        if key not in owner:
            raise self.fail(doc, f"{what} without '{key}', expected a '{key}' on every one")
        value = owner[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail((*doc, key), f"{what}: '{key}' is {kind_of(value)}, expected a "
                                         "non-empty string")
        return value.strip()

    def categories(self, owner: dict[str, Any], doc: Path_, what: str) -> list[str]:
        value = owner.get("data_categories")
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail((*doc, "data_categories"),
                            f"{what}: data_categories is {kind_of(value)}, expected a list of "
                            "category keys such as [user.contact.email]")
        return [v.strip() for v in value]

    def meta(self, owner: dict[str, Any], doc: Path_, what: str) -> tuple[dict[str, Any], Path_]:
        # fideslang reads the older `fidesops_meta` when `fides_meta` is absent.
        key = "fides_meta" if owner.get("fides_meta") is not None else "fidesops_meta"
        value = owner.get(key)
        if value is None:
            return {}, (*doc, key)
        return self.mapping(value, (*doc, key), f"{what}.{key}"), (*doc, key)

    def datasets(self, data: dict[str, Any]) -> list[_Dataset]:
        if "dataset" in data:
            entries = self.items(data["dataset"], ("dataset",), "dataset")
            docs: list[Path_] = [("dataset", i) for i in range(len(entries))]
        elif "fides_key" in data and "collections" in data:
            entries, docs = [data], [()]  # one dataset, as the Fides API returns it
        else:
            raise self.fail((), "not a Fides dataset file, expected a top-level 'dataset:' "
                                "list of datasets with fides_key and collections")
        if not entries:
            raise self.fail(("dataset",), "the 'dataset' list is empty, expected at least "
                                          "one dataset")
        found = [self.dataset(entry, doc) for entry, doc in zip(entries, docs, strict=True)]
        seen: dict[str, int] = {}
        for index, ds in enumerate(found):
            if ds.key in seen:
                raise self.fail((*ds.doc, "fides_key"),
                                f"duplicate dataset '{ds.key}', expected each fides_key once")
            seen[ds.key] = index
        return found

    def dataset(self, entry: Any, doc: Path_) -> _Dataset:
        entry = self.mapping(entry, doc, "dataset")
        key = self.text(entry, "fides_key", doc, "dataset")
        name = entry.get("name") if isinstance(entry.get("name"), str) else None
        if "collections" not in entry:
            raise self.fail(doc, f"dataset '{key}' without 'collections', expected a list of "
                                 "collections (tables)")
        raw = self.items(entry["collections"], (*doc, "collections"), f"dataset '{key}'")
        collections = [self.collection(c, (*doc, "collections", i), key)
                       for i, c in enumerate(raw)]
        _unique([c.name for c in collections], [c.doc for c in collections], self,
                "collection", f"dataset '{key}'")
        meta, meta_doc = self.meta(entry, doc, key)
        return _Dataset(key, (name or key).strip(), doc, self.categories(entry, doc, key),
                        meta, meta_doc, collections, _extras(entry, doc))

    def collection(self, entry: Any, doc: Path_, dataset: str) -> _Collection:
        entry = self.mapping(entry, doc, f"dataset '{dataset}': collection")
        name = self.text(entry, "name", doc, f"dataset '{dataset}': collection")
        if "fields" not in entry:
            raise self.fail(doc, f"collection '{name}' without 'fields', expected a list of "
                                 "fields (columns)")
        raw = self.items(entry["fields"], (*doc, "fields"), name)
        fields = [self.field(f, (*doc, "fields", i), name) for i, f in enumerate(raw)]
        _unique([f.name for f in fields], [f.doc for f in fields], self, "field", name)
        meta, meta_doc = self.meta(entry, doc, name)
        return _Collection(name, doc, self.categories(entry, doc, name), meta, meta_doc,
                           fields, _extras(entry, doc))

    def field(self, entry: Any, doc: Path_, parent: str) -> _Field:
        entry = self.mapping(entry, doc, f"{parent}: field")
        name = self.text(entry, "name", doc, f"{parent}: field")
        path = f"{parent}.{name}"
        meta, meta_doc = self.meta(entry, doc, path)
        for i, ref in enumerate(self.items(meta.get("references") or [],
                                           (*meta_doc, "references"), f"{path}: references")):
            self.reference(ref, (*meta_doc, "references", i), path)
        if meta.get("identity") is not None and not isinstance(meta["identity"], str):
            raise self.fail((*meta_doc, "identity"), f"{path}: identity is "
                            f"{kind_of(meta['identity'])}, expected a name such as 'email'")
        if meta.get("primary_key") not in (None, True, False):
            raise self.fail((*meta_doc, "primary_key"), f"{path}: primary_key is "
                            f"{kind_of(meta['primary_key'])}, expected true or false")
        children: list[_Field] = []
        if entry.get("fields") is not None:
            raw = self.items(entry["fields"], (*doc, "fields"), path)
            children = [self.field(f, (*doc, "fields", i), path) for i, f in enumerate(raw)]
            _unique([c.name for c in children], [c.doc for c in children], self, "field", path)
        return _Field(name, path, doc, self.categories(entry, doc, path), meta, meta_doc,
                      children)

    def reference(self, ref: Any, doc: Path_, path: str) -> None:
        ref = self.mapping(ref, doc, f"{path}: reference")
        self.text(ref, "dataset", doc, f"{path}: reference")
        target = self.text(ref, "field", doc, f"{path}: reference")
        if len(target.split(".")) < 2:
            raise self.fail((*doc, "field"), f"{path}: reference field '{target}', expected "
                                             "'collection.field'")
        if ref.get("direction") not in (None, "from", "to"):
            raise self.fail((*doc, "direction"), f"{path}: reference direction "
                            f"{kind_of(ref['direction'])}, expected 'from' or 'to'")


def _unique(names: list[str], docs: list[Path_], reader: _Reader, what: str,
            owner: str) -> None:
    seen: set[str] = set()
    for name, doc in zip(names, docs, strict=True):
        if name in seen:
            raise reader.fail((*doc, "name"), f"duplicate {what} '{name}' in {owner}, "
                                              f"expected each {what} once")
        seen.add(name)


def _extras(entry: dict[str, Any], doc: Path_) -> dict[str, Path_]:
    return {k: (*doc, k) for k in _UNUSED_KEYS if entry.get(k)}


# --- mapping ------------------------------------------------------------------------------


def normalise_id(text: str) -> str:
    """A vernly id (`^[a-z][a-z0-9_]*$`) made from a Fides key or identity name."""
    word = re.sub(r"[^a-z0-9_]+", "_", text.strip().lower())
    word = re.sub(r"^[^a-z]+", "", word).rstrip("_")
    return word or "dataset"


def _is_personal(category: str) -> bool:
    return category == "user" or category.startswith("user.")


def _pick(categories: list[str]) -> str | None:
    """The one category a column gets: the first personal-data one, else the first."""
    personal = [c for c in categories if _is_personal(c)]
    return next(iter(personal or categories), None)


def _general(categories: list[str]) -> str | None:
    """The most general category covering all of `categories`: their common dotted prefix."""
    if not categories:
        return None
    for group in (categories, [c for c in categories if _is_personal(c)]):
        if not group:
            continue
        parts = [c.split(".") for c in group]
        common: list[str] = []
        for words in zip(*parts, strict=False):
            if len(set(words)) > 1:
                break
            common.append(words[0])
        if common:
            return ".".join(common)
    return categories[0]


@dataclass
class _Node:
    """One column of one table of one system."""

    system: str
    table: str
    column: str


@dataclass
class _Edge:
    child: _Node
    parent: _Node
    follows: set[str | None]
    doc: Path_
    path: str


@dataclass
class _Table:
    system: str
    name: str
    primary_key: list[str]
    columns: list[dict[str, Any]]
    fields: dict[str, _Field]
    references: list[dict[str, Any]] = field(default_factory=list)

    @property
    def key_columns(self) -> list[str]:
        """vernly's rule: the declared key, else `id` when there is such a column."""
        if self.primary_key:
            return self.primary_key
        return ["id"] if "id" in self.fields else []

    def holds_people(self) -> bool:
        return any("identity" in c for c in self.columns)

    def holds_personal_data(self) -> bool:
        return self.holds_people() or any(_is_personal(c.get("category") or "")
                                          for c in self.columns)


class _Converter:
    def __init__(self, datasets: list[_Dataset], ids: dict[str, str], positions: Positions,
                 ) -> None:
        self.datasets = datasets
        self.ids = ids
        self.positions = positions
        self.notes: list[Unmapped] = []
        self.tables: dict[tuple[str, str], _Table] = {}
        self.unknown: dict[str, tuple[Path_, str, int]] = {}

    def note(self, doc: Path_, path: str, message: str) -> None:
        mark = self.positions.of_key(doc)
        self.notes.append(Unmapped(mark.line, mark.column, path, message))

    # tables and columns

    def run(self) -> list[dict[str, Any]]:
        for ds in self.datasets:
            self._dataset_notes(ds)
            for coll in ds.collections:
                self.tables[(self.ids[ds.key], coll.name)] = self._table(ds, coll)
        edges = [e for ds in self.datasets for coll in ds.collections
                 for f in coll.fields for e in self._edges(ds, coll, f)]
        self._place(self._merge(edges))
        for table in self.tables.values():
            self._erasure(table)
        self._category_notes()
        return [self._system(ds) for ds in self.datasets]

    def _dataset_notes(self, ds: _Dataset) -> None:
        for key in ds.meta:
            if ds.meta.get(key):
                self.note((*ds.meta_doc, key), ds.key, f"dataset fides_meta '{key}' is not "
                          "mapped (vernly has no dataset-level setting for it)")
        self._extras_notes(ds.extras, ds.key)
        if ds.categories:
            self.note((*ds.doc, "data_categories"), ds.key,
                      "dataset-level data_categories are given to the columns that have "
                      "none of their own (vernly declares a category per column)")

    def _extras_notes(self, extras: dict[str, Path_], path: str) -> None:
        for key, doc in extras.items():
            self.note(doc, path, f"'{key}' is not mapped: in vernly, purposes and data "
                                 "subjects belong to the activities that use the system")

    def _table(self, ds: _Dataset, coll: _Collection) -> _Table:
        self._collection_notes(coll)
        inherited = coll.categories or ds.categories
        columns: list[dict[str, Any]] = []
        keys: list[str] = []
        for f in coll.fields:
            column: dict[str, Any] = {"name": f.name}
            category = self._category(f, inherited)
            if category:
                column["category"] = category
            identity = self._identity(f)
            if identity:
                column["identity"] = identity
            if f.meta.get("primary_key") is True:
                keys.append(f.name)
            for key in sorted(set(f.meta) - _SILENT_FIELD_META):
                if f.meta.get(key) not in (None, False):
                    self.note((*f.meta_doc, key), f.path, f"fides_meta '{key}' is not mapped")
            columns.append(column)
        if coll.categories and any(not f.categories and not f.children for f in coll.fields):
            self.note((*coll.doc, "data_categories"), coll.name,
                      "collection-level data_categories are given to the columns that have "
                      "none of their own (vernly declares a category per column)")
        return _Table(self.ids[ds.key], coll.name, keys, columns,
                      {f.name: f for f in coll.fields})

    def _collection_notes(self, coll: _Collection) -> None:
        self._extras_notes(coll.extras, coll.name)
        meta = coll.meta
        for key in ("after", "erase_after"):
            if meta.get(key):
                self.note((*coll.meta_doc, key), coll.name,
                          f"'{key}' is not mapped: vernly orders its work by the references "
                          "(parents first when finding rows, children first when erasing)")
        if meta.get("skip_processing"):
            self.note((*coll.meta_doc, "skip_processing"), coll.name,
                      "'skip_processing' is not mapped: vernly has no per-table switch; "
                      "remove the table's identities and references, or the table, to "
                      "keep requests out of it")
        override = meta.get("masking_strategy_override")
        if override and not (isinstance(override, dict) and override.get("strategy") == "delete"):
            self.note((*coll.meta_doc, "masking_strategy_override"), coll.name,
                      "collection masking_strategy_override is not mapped (only 'delete', "
                      "vernly's default, is)")
        for key in sorted(set(meta) - {"after", "erase_after", "skip_processing",
                                       "masking_strategy_override"}):
            if meta.get(key):
                self.note((*coll.meta_doc, key), coll.name,
                          f"collection fides_meta '{key}' is not mapped")

    def _category(self, f: _Field, inherited: list[str]) -> str | None:
        own = f.categories or ([] if f.children else inherited)
        descendants = f.descendants()
        below = [c for d in descendants for c in d.categories]
        chosen = _pick(own) if own else _general(below)
        if len(f.categories) > 1:  # inherited ones are reported once, for the collection
            others = ", ".join(c for c in own if c != chosen)
            self.note((*f.doc, "data_categories"), f.path,
                      f"also in data categories {others}: a vernly column has one category, "
                      f"kept '{chosen}'")
        for d in descendants:
            lost = []
            if d.meta.get("identity"):
                lost.append(f"its identity '{d.meta['identity']}' (vernly finds people by "
                            "whole columns)")
            if d.meta.get("references"):
                lost.append("its references")
            if d.meta.get("primary_key"):
                lost.append("its primary_key")
            where = f"column '{f.name}'" + (f" ({chosen})" if chosen else "")
            self.note(d.doc, d.path, f"nested field without a SQL column, its data is in {where}"
                      + (f"; not mapped: {', '.join(lost)}" if lost else ""))
        if chosen is None:
            return None
        if not _CATEGORY.match(chosen):
            self.note((*f.doc, "data_categories"), f.path,
                      f"data category '{chosen}' is not a vernly category key (dotted "
                      "lower-case words), left out")
            return None
        if chosen not in CATEGORIES:
            doc, path, count = self.unknown.get(chosen, ((*f.doc, "data_categories"), f.path, 0))
            self.unknown[chosen] = (doc, path, count + 1)
        return chosen

    def _identity(self, f: _Field) -> str | None:
        name = f.meta.get("identity")
        if not name:
            return None
        if f.is_array:
            self.note((*f.meta_doc, "identity"), f.path,
                      f"identity '{name}' on an array field is not mapped: vernly compares "
                      "whole column values")
            return None
        kind = IDENTITY_KINDS.get(name.strip()) or normalise_id(name)
        if kind != name.strip() and name.strip() not in IDENTITY_KINDS:
            self.note((*f.meta_doc, "identity"), f.path,
                      f"identity '{name}' declared as the kind '{kind}' (vernly's id rule)")
        return kind

    def _category_notes(self) -> None:
        for key, (doc, path, count) in sorted(self.unknown.items()):
            self.note(doc, path, f"data category '{key}' is not in vernly's taxonomy; kept, "
                      f"expected it under custom_categories ({_count(count, 'column')})")

    # references

    def _edges(self, ds: _Dataset, coll: _Collection, f: _Field) -> list[_Edge]:
        out: list[_Edge] = []
        for i, ref in enumerate(f.meta.get("references") or []):
            doc = (*f.meta_doc, "references", i)
            made = self._edge(ds, coll, f, ref, doc)
            if made:
                out.append(made)
        return out

    def _edge(self, ds: _Dataset, coll: _Collection, f: _Field, ref: dict[str, Any],
              doc: Path_) -> _Edge | None:
        target_ds, target = str(ref["dataset"]).strip(), str(ref["field"]).strip()
        target_coll, target_field, *rest = target.split(".")
        label = f"'{target_ds}.{target}'"
        if rest:
            self.note(doc, f.path, f"reference to the nested field {label} is not mapped: "
                                   "vernly references whole columns")
            return None
        if f.is_array:
            self.note(doc, f.path, f"reference from an array field to {label} is not mapped: "
                                   "vernly compares whole column values")
            return None
        source = _Node(self.ids[ds.key], coll.name, f.name)
        target_node = _Node(self.ids.get(target_ds) or normalise_id(target_ds), target_coll,
                            target_field)
        parent_table = self.tables.get((target_node.system, target_coll))
        if target_ds in self.ids:
            if parent_table is None or target_field not in parent_table.fields:
                self.note(doc, f.path, f"reference to {label}, which the file does not "
                                       "declare, is not mapped")
                return None
            if parent_table.fields[target_field].is_array:
                self.note(doc, f.path, f"reference to the array field {label} is not "
                                       "mapped: vernly compares whole column values")
                return None
        else:
            self.note(doc, f.path, f"reference into dataset '{target_ds}', which is not in "
                      f"this file: kept as system '{target_node.system}'; import that dataset "
                      "too, or the policy will not load")
        source_table = self.tables[(source.system, source.table)]
        # vernly keeps a reference on the child: the table whose column holds the other's
        # key. Fides may declare it on either side; flip it when it sits on the key side.
        flipped = (source.column in source_table.key_columns and parent_table is not None
                   and target_field not in parent_table.key_columns)
        child, parent = (target_node, source) if flipped else (source, target_node)
        direction = ref.get("direction")
        follow: str | None = None
        if direction is not None:
            # `from`: the source is found from the referenced field; `to`: the other way.
            found_from_parent = (direction == "from") != flipped
            follow = "down" if found_from_parent else "up"
            parent_is_table = self.tables.get((parent.system, parent.table))
            if follow == "up" and parent_is_table and not parent_is_table.holds_personal_data():
                follow = None
                self.note(doc, f.path, f"direction '{direction}' into '{parent.table}', which "
                          "holds no personal data: left to vernly's default (shown as "
                          "context, never erased) rather than follow: up")
        return _Edge(child, parent, {follow}, doc, f.path)

    def _merge(self, edges: list[_Edge]) -> list[_Edge]:
        """One edge per child and parent column, even when Fides declares it on both sides."""
        merged: dict[tuple[str, ...], _Edge] = {}
        for e in edges:
            key = (e.child.system, e.child.table, e.child.column,
                   e.parent.system, e.parent.table, e.parent.column)
            if key in merged:
                merged[key].follows |= e.follows
            else:
                merged[key] = _Edge(e.child, e.parent, set(e.follows), e.doc, e.path)
        return list(merged.values())

    def _place(self, edges: list[_Edge]) -> None:
        groups: dict[tuple[str, str, str, str, str | None], list[_Edge]] = {}
        for e in edges:
            groups.setdefault((e.child.system, e.child.table, e.parent.system, e.parent.table,
                               _follow(e.follows)), []).append(e)
        for (csys, ctable, psys, ptable, follow), group in groups.items():
            child = self.tables[(csys, ctable)]
            parent = self.tables.get((psys, ptable))
            key = parent.key_columns if parent else []
            by_target = {e.parent.column: e for e in group}
            composite = (len(key) > 1 and set(key) <= set(by_target)
                         and len(by_target) == len(group))
            prefix = "" if psys == csys else f"{psys}."
            if composite:
                parts = [by_target[k] for k in key]
                self._reference(child, parent, [p.child.column for p in parts],
                                [f"{prefix}{ptable}.{k}" for k in key], follow, parts[0])
                group = [e for e in group if e.parent.column not in key]
            for e in group:
                if len(key) > 1 and e.parent.column in key:
                    self.note(e.doc, e.path, f"points at part of the composite key of "
                              f"'{ptable}' ({', '.join(key)}): vernly matches this column "
                              "alone; declare the other columns' references to make it whole")
                self._reference(child, parent, [e.child.column],
                                [f"{prefix}{ptable}.{e.parent.column}"], follow, e)

    def _reference(self, child: _Table, parent: _Table | None, fields: list[str],
                   targets: list[str], follow: str | None, edge: _Edge) -> None:
        ref: dict[str, Any] = {"field": fields[0] if len(fields) == 1 else fields,
                               "to": targets[0] if len(targets) == 1 else targets}
        if follow:
            ref["follow"] = follow
        child.references.append(ref)
        if parent is None or not (child.holds_people() and parent.holds_people()):
            return
        if not follow:
            self.note(edge.doc, edge.path,
                      f"'{child.name}' and '{parent.name}' both hold people and Fides gives no "
                      "direction: vernly asks for follow: down or follow: none (VL901)")
        else:
            whose = {"down": f"'{child.name}' rows pointing at a person's '{parent.name}' row "
                             "become that person's",
                     "up": f"the '{parent.name}' row a person's '{child.name}' row points at "
                           "becomes that person's",
                     "both": f"'{child.name}' and '{parent.name}' rows linked by it belong "
                             "to the same person"}[follow]
            self.note(edge.doc, edge.path,
                      f"'{child.name}' and '{parent.name}' both hold people: with follow: "
                      f"{follow}, {whose} (found and erased with them, as Fides does); say "
                      "follow: none if the reference only names someone")

    # erasure of columns

    def _erasure(self, table: _Table) -> None:
        keys = set(table.key_columns)
        referencing = {f for r in table.references
                       for f in ([r["field"]] if isinstance(r["field"], str) else r["field"])}
        referenced = {t.rsplit(".", 1)[1] for other in self.tables.values()
                      for r in other.references
                      for t in ([r["to"]] if isinstance(r["to"], str) else r["to"])
                      if self._points_at(other, t, table)}
        for column in table.columns:
            f = table.fields[column["name"]]
            protected = column["name"] in keys or column["name"] in referenced
            if f.meta.get("read_only") and not (protected or column["name"] in referencing):
                column["erasure"] = "keep"
            override = f.meta.get("masking_strategy_override")
            if not override:
                continue
            doc = (*f.meta_doc, "masking_strategy_override")
            strategy = str(override.get("strategy")) if isinstance(override, dict) else ""
            config = (override.get("configuration") if isinstance(override, dict) else None) or {}
            action = MASKING.get(strategy)
            replacement = None
            if strategy == "string_rewrite" and isinstance(config, dict) and isinstance(
                    config.get("rewrite_value"), str | int | float):
                action, replacement = "replace", config["rewrite_value"]
            if action is None:
                self.note(doc, f.path, f"masking strategy '{strategy}' is not mapped (vernly "
                          "has null, mask, replace, hash and rewrite)")
            elif protected or (column["name"] in referencing and action != "null"):
                self.note(doc, f.path, f"masking strategy '{strategy}' on a key or reference "
                          "column is not mapped: vernly never rewrites those")
            elif column.get("erasure") != "keep":
                column["erasure"] = action
                if replacement is not None:
                    column["replacement"] = replacement

    def _points_at(self, owner: _Table, target: str, table: _Table) -> bool:
        parts = target.split(".")
        system = parts[0] if len(parts) == 3 else owner.system
        return (system, parts[-2]) == (table.system, table.name)

    def _system(self, ds: _Dataset) -> dict[str, Any]:
        sid = self.ids[ds.key]
        tables = []
        for coll in ds.collections:
            t = self.tables[(sid, coll.name)]
            out: dict[str, Any] = {"name": t.name}
            if t.primary_key:
                out["primary_key"] = t.primary_key[0] if len(t.primary_key) == 1 else t.primary_key
            if t.references:
                out["references"] = t.references
            out["columns"] = t.columns
            tables.append(out)
        return {"id": sid, "name": ds.name, "kind": "sql",
                "url": f"${{{sid.upper()}_DATABASE_URL}}", "tables": tables}


def _follow(follows: set[str | None]) -> str | None:
    given = {f for f in follows if f}
    if {"down", "up"} <= given:
        return "both"
    return next(iter(given), None)


# --- entry points -------------------------------------------------------------------------


def import_fides(text: str, source: str = "dataset.yml",
                 system_id: str | None = None) -> FidesImport:
    """Convert Fides dataset text; raise PolicyError (one problem) when it is not one."""
    data, positions = parse_yaml(text, source, what="the dataset file",
                                 expected="a Fides 'dataset:' list")
    reader = _Reader(positions, source)
    datasets = reader.datasets(data)
    ids = _system_ids(datasets, system_id, source)
    converter = _Converter(datasets, ids, positions)
    declarations = converter.run()
    for declaration in declarations:
        System.model_validate(declaration)  # a mapping bug must never reach the output
    return FidesImport(source, tuple(declarations), tuple(sorted(converter.notes)),
                       tuple(sorted(converter.unknown)))


def _system_ids(datasets: list[_Dataset], system_id: str | None, source: str
                ) -> dict[str, str]:
    if system_id is not None:
        try:
            _ID.validate_python(system_id)
        except ValidationError as exc:
            reason = exc.errors()[0].get("ctx", {}).get("error", exc.errors()[0]["msg"])
            raise PolicyError([Problem(source, 0, 0, f"--system: {reason}")]) from None
        if len(datasets) > 1:
            keys = ", ".join(d.key for d in datasets)
            raise PolicyError([Problem(source, 0, 0, f"--system names one system, but the file "
                                                     f"holds {len(datasets)} datasets ({keys}); "
                                                     "expected it only with one dataset")])
        return {datasets[0].key: system_id}
    ids: dict[str, str] = {}
    taken: Counter[str] = Counter()
    for ds in datasets:
        base = normalise_id(ds.key)
        taken[base] += 1
        ids[ds.key] = base if taken[base] == 1 else f"{base}_{taken[base]}"
    return ids


def render(declarations: tuple[dict[str, Any], ...] | list[dict[str, Any]],
           source: str) -> str:
    """The `systems:` entries as YAML in vernly.yaml's style, ready to paste under `systems:`."""
    lines = [f"# Imported from the Fides dataset file {source} by `vernly import fides`.",
             "# Paste under `systems:` in vernly.yaml. Review before use: each reference's",
             "# `follow` says whose rows are whose, and Fides masks fields where vernly",
             "# deletes rows by default (docs/requests.md, \"Importing from Fides\")."]
    for d in declarations:
        lines.append(f"  - id: {_flow(d['id'])}")
        for key in ("name", "kind", "url"):
            lines.append(f"    {key}: {_block(d[key])}")
        lines.append("    tables:")
        for t in d["tables"]:
            lines.append(f"      - name: {_flow(t['name'])}")
            if "primary_key" in t:
                lines.append(f"        primary_key: {_flow(t['primary_key'])}")
            if t.get("references"):
                lines.append("        references:")
                lines += [f"          - {_flow(r)}" for r in t["references"]]
            lines.append("        columns:")
            lines += [f"          - {_flow(c)}" for c in t["columns"]]
    text = "\n".join(lines) + "\n"
    if yaml.safe_load(text) != list(declarations):
        # An odd name (a line break, say) the compact style cannot hold: plain block YAML.
        body = yaml.safe_dump(list(declarations), sort_keys=False, allow_unicode=True)
        text = "\n".join(lines[:4] + ["  " + line for line in body.splitlines()]) + "\n"
    return text


def _block(value: str) -> str:
    """A scalar as a block mapping value (plain where YAML allows it)."""
    text = yaml.safe_dump(value, width=10**9, allow_unicode=True)
    return text.removesuffix("\n").removesuffix("\n...")


def _flow(value: Any) -> str:
    """A value in YAML flow style, quoted where flow context needs it."""
    text = yaml.safe_dump([value], default_flow_style=True, sort_keys=False, width=10**9,
                          allow_unicode=True).strip()
    return text[1:-1]


def read_fides(path: Path | str, system_id: str | None = None) -> FidesImport:
    """Read and convert a Fides dataset file; PolicyError (one problem) when it is not one."""
    file = Path(path)
    text = read_source(file, "no such file, expected a Fides dataset file",
                       "a Fides dataset file")
    return import_fides(text, str(file), system_id)
