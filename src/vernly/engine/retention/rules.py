"""The retention rules of a workspace, compiled once, with the clock they are judged by."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from vernly.connectors.datamap import DataMap
from vernly.ledger.db import Ledger
from vernly.policy.errors import PolicyError
from vernly.policy.loader import LoadedPolicy
from vernly.policy.retention_clock import cutoff_for, zone_for_country
from vernly.policy.retention_rules import (
    Compiled,
    CompiledRule,
    RuleMode,
    compile_retention,
    retention_problems,
)
from vernly.settings import Settings


def compile_or_fail(loaded: LoadedPolicy) -> Compiled:
    """The compiled rules; a policy with uncompilable rules is refused with positions."""
    compiled = compile_retention(loaded.policy)
    if compiled.errors:
        raise PolicyError(retention_problems(loaded))
    return compiled


def cutoff(rule: CompiledRule, now: datetime, zone: tzinfo) -> datetime | None:
    """Records whose trigger time is before this are past the rule's limit at `now`.

    None for rules without a period vernly can compute ('per agreement').
    """
    if rule.mode == RuleMode.manual and rule.trigger.value == "per_agreement":
        return None
    return cutoff_for(rule.duration, now, fiscal=rule.fiscal, zone=zone)


@dataclass
class Retention:
    """Everything a sweep, a plan or the status needs, opened once."""

    settings: Settings
    loaded: LoadedPolicy
    ledger: Ledger
    compiled: Compiled
    datamap: DataMap
    zone: tzinfo

    def now(self, override: datetime | None = None) -> datetime:
        moment = override or self.settings.now()
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def close(self) -> None:
        self.datamap.close()


def open_retention(settings: Settings, loaded: LoadedPolicy, ledger: Ledger,
                   compiled: Compiled | None = None) -> Retention:
    compiled = compiled or compile_or_fail(loaded)
    datamap = DataMap(loaded.policy, settings.workspace, settings.env)
    zone = zone_for_country(loaded.policy.controller.address.country)
    return Retention(settings, loaded, ledger, compiled, datamap, zone)


@contextmanager
def retention_for(settings: Settings, loaded: LoadedPolicy,
                  ledger: Ledger | None = None) -> Iterator[Retention]:
    """Open, use and close (the ledger too, when this opened it)."""
    compiled = compile_or_fail(loaded)  # before the ledger: a bad policy touches nothing
    own = ledger is None
    ledger = ledger or Ledger(settings.database_url, secret_key=settings.secret_key)
    context = open_retention(settings, loaded, ledger, compiled)
    try:
        yield context
    finally:
        context.close()
        if own:
            ledger.dispose()
