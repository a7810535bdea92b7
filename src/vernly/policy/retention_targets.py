"""What a retention rule touches in a table: identifying columns, child tables, hold keys.

Anonymising keeps a row for statistics but must leave nothing that singles a person out:
their identifiers (`identity` columns), names, contact details, account and device ids,
locations, and references to tables that hold such identifiers (a customer_id is as good
as a name once joined).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vernly.policy.models import ErasureAction, Reference, RetentionAction, System, Table

IDENTIFYING_PREFIXES = (
    "user.name", "user.contact", "user.unique_id", "user.account", "user.authorization",
    "user.device.ip_address", "user.device.cookie_id", "user.device.device_id",
    "user.location", "user.biometric", "user.sensor.video",
)
"""Categories that identify a person directly or by linking (Recital 26)."""


@dataclass(frozen=True)
class Cascade:
    """A table whose rows reference the rows being deleted (children go first)."""

    table: str
    field: str
    """This table's column holding the parent's key."""
    parent_field: str
    """The parent's column it points at."""
    primary_key: str
    identity: tuple[tuple[str, str], ...]
    children: tuple[Cascade, ...] = ()


def single_key(table: Table) -> str:
    """The one key column retention sweeps address rows by ('' when it is not one)."""
    keys = table.key_columns
    return keys[0] if len(keys) == 1 else ""


def is_identifying(category: str | None) -> bool:
    return bool(category) and any(
        category == p or str(category).startswith(p + ".") for p in IDENTIFYING_PREFIXES)


def identity_columns(table: Table) -> tuple[tuple[str, str], ...]:
    """(column, kind) of every column a person may be found by."""
    return tuple((c.name, c.identity) for c in table.columns if c.identity)


def _references_identifying(table: Table, system: System) -> list[str]:
    by_name = {t.name: t for t in system.tables}
    out: list[str] = []
    for ref in table.references:
        system_id, name, _ = ref.target()
        target = by_name.get(name) if system_id in (None, system.id) else None
        # A reference into another system is treated as identifying: we cannot see its columns.
        if target is None or any(c.identity for c in target.columns):
            out.extend(ref.fields)
    return out


def identifying_columns(table: Table, system: System, *, links: bool = True
                        ) -> tuple[str, ...]:
    """Columns that identify a person; with `links`, also keys into tables that do."""
    keep_out = {*table.key_columns, table.timestamp_field}
    names = [c.name for c in table.columns
             if (c.identity or is_identifying(c.category)) and c.name not in keep_out]
    if links:
        names += [f for f in _references_identifying(table, system) if f not in names]
    return tuple(names)


def target_columns(table: Table, system: System, action: RetentionAction) -> tuple[str, ...]:
    """The columns null, mask or anonymise change (none for delete)."""
    if action == RetentionAction.anonymise:
        return identifying_columns(table, system)
    if action in (RetentionAction.null, RetentionAction.mask):
        wanted = ErasureAction.null if action == RetentionAction.null else ErasureAction.mask
        declared = tuple(c.name for c in table.columns if c.erasure == wanted)
        # Masking a key would not hide anyone and breaks the link the row needs.
        return declared or identifying_columns(table, system, links=False)
    return ()


def _points_at(ref: Reference, system_id: str, table: str) -> str | None:
    """The parent column a single-column reference points at in `table`, if it does."""
    target_system, name, columns = ref.target()
    if name != table or target_system not in (None, system_id) or len(columns) != 1:
        return None
    return columns[0]


def cascade_for(system: System, table: str, others: Sequence[System] = (),
                _seen: frozenset[str] = frozenset()) -> tuple[tuple[Cascade, ...], list[str]]:
    """Child tables of `table` in its system (recursively), and referencing tables elsewhere."""
    children: list[Cascade] = []
    seen = _seen | {table}
    for child in system.tables:
        for ref in child.references:
            parent_field = _points_at(ref, system.id, table)
            if parent_field is None or child.name in seen:
                continue
            grand, _ = cascade_for(system, child.name, (), seen)
            children.append(Cascade(child.name, ref.fields[0], parent_field,
                                    single_key(child), identity_columns(child), grand))
    cross = [f"{other.id}.{t.name}" for other in others if other.id != system.id
             for t in other.tables for ref in t.references
             if ref.target()[:2] == (system.id, table)]
    return tuple(children), cross
