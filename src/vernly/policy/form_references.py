"""Cross-reference checks of the `forms:` section: what a schema alone cannot express.

Each form names an activity and a `system.table` that exist; its fields are named once;
its confirmation and host notice point at fields of the right type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from vernly.policy.models import FieldType, Form, MessageChannel, Policy

if TYPE_CHECKING:
    from vernly.policy.loader import Path_


class Checker(Protocol):
    def add(self, path: Path_, message: str) -> None: ...

    def ref(self, path: Path_, kind: str, value: str, known: list[str],
            owner: str = "") -> None: ...

    def unique(self, section: str, ids: list[str], what: str) -> None: ...


ADDRESS_TYPES = {MessageChannel.email: FieldType.email, MessageChannel.sms: FieldType.phone}
"""The field type that holds an address of each channel."""


def check_forms(c: Checker, policy: Policy, category: Callable[[Path_, str], None]) -> None:
    c.unique("forms", [f.id for f in policy.forms], "form")
    activities = [a.id for a in policy.activities]
    stores = [f"{s.id}.{t.name}" for s in policy.systems for t in s.tables]
    for fi, form in enumerate(policy.forms):
        base: Path_ = ("forms", fi)
        c.ref((*base, "activity"), "activity", form.activity, activities)
        c.ref((*base, "store"), "table", form.store, stores, " (expected 'system.table')")
        names: set[str] = set()
        for i, spec in enumerate(form.fields):
            if spec.name in names:
                c.add((*base, "fields", i, "name"), f"duplicate field '{spec.name}' in form "
                                                    f"'{form.id}', expected each field once")
            names.add(spec.name)
            category((*base, "fields", i, "category"), spec.category)
        _check_after(c, base, form)


def _check_after(c: Checker, base: Path_, form: Form) -> None:
    fields = [f.name for f in form.fields]
    confirm, notify = form.after.confirm, form.after.notify_host
    if confirm is not None:
        path: Path_ = (*base, "after", "confirm", "field")
        spec = form.field(confirm.field)
        wanted = ADDRESS_TYPES[confirm.channel]
        if spec is None:
            c.ref(path, "field", confirm.field, fields, f" in form '{form.id}'")
        elif spec.type != wanted:
            c.add(path, f"a confirmation by {confirm.channel} goes to field '{spec.name}' of "
                        f"type {spec.type}, expected a field of type {wanted}")
    if notify is not None:
        path = (*base, "after", "notify_host", "field")
        spec = form.field(notify.field)
        if spec is None:
            c.ref(path, "field", notify.field, fields, f" in form '{form.id}'")
        elif spec.type != FieldType.host:
            c.add(path, f"field '{spec.name}' is of type {spec.type}, expected a field of "
                        "type host")
        for hi, host in enumerate(form.hosts):
            if not (host.email or host.phone):
                c.add((*base, "hosts", hi), f"host '{host.id}' has neither e-mail nor phone, "
                                            "expected one: the host notice goes there")
    if any(f.type == FieldType.host for f in form.fields) and not form.hosts:
        c.add((*base, "fields"), f"form '{form.id}' has a host field but no hosts, expected "
                                 "a 'hosts' list")
