"""The GDPR linter: finds what a policy leaves unsaid or promises without a way to keep it.

Pure: reads a `LoadedPolicy`, returns findings placed at `file:line:column`. Each rule
family lives in its own module with its `RULES` (stable codes) and a `check(ctx)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from vernly.policy.lint import (
    anonymisation,
    consent,
    cookies,
    data_map,
    database,
    forms,
    languages,
    legal_basis,
    request_graph,
    retention,
    retention_compile,
    rights,
    transfers,
)
from vernly.policy.lint.context import Context
from vernly.policy.lint.findings import Finding, Rule, Severity

if TYPE_CHECKING:
    from vernly.policy.loader import LoadedPolicy

__all__ = ["RULES", "Finding", "Rule", "Severity", "lint"]

_FAMILIES = (legal_basis, retention, retention_compile, transfers, consent, anonymisation,
             cookies, data_map, rights, request_graph, forms, languages)

CHECKS: tuple[Callable[[Context], Iterator[Finding]], ...] = tuple(m.check for m in _FAMILIES)
RULES: tuple[Rule, ...] = tuple(sorted((r for m in (*_FAMILIES, database) for r in m.RULES),
                                       key=lambda r: r.code))
"""Every rule's stable code; `database` rules are checked by `policy check --connect`."""


def lint(loaded: LoadedPolicy) -> list[Finding]:
    """Every finding in the policy, in file order."""
    ctx = Context(loaded)
    return sorted(f for check in CHECKS for f in check(ctx))
