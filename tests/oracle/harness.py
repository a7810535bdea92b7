"""Putting a drawn world into real databases, running vernly on it, reading it back."""

from __future__ import annotations

import functools
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from sqlalchemy import Engine, MetaData, create_engine, select

from tests.oracle.reference import Key, effects
from tests.oracle.schemas import (
    World,
    create,
    env_name,
    erasure_defaults,
    features,
    policy_systems,
)
from vernly.connectors.datamap import DataMap
from vernly.connectors.identity import Identity
from vernly.policy.loader import load_example
from vernly.policy.models import Policy

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") else None
"""SQLite files live in memory-backed storage where there is some: a disk's fsyncs would
make each example ten times slower."""

State = dict[tuple[str, str], dict[tuple[Any, ...], dict[str, Any]]]
"""(system, table) -> key -> row."""

EXAMPLES = {"sqlite": 100, "postgresql": 20, "mariadb": 20}

SEEN: dict[str, Counter[str]] = {}
"""'test [backend]' -> feature -> examples that had it (and '(examples)' -> examples run,
'(completed)' -> 1 when hypothesis ran them all without finding a failure)."""


@dataclass
class Backend:
    """Where the worlds are put: SQLite files, or two databases on a real server."""

    kind: str
    server_urls: dict[str, str] | None = None
    """For PostgreSQL and MariaDB: system -> URL of a database kept for the session; each
    example creates its tables there and drops them afterwards."""
    multiplier: float = field(default_factory=lambda: float(
        os.environ.get("VERNLY_ORACLE_MULTIPLIER", "1")))

    def examples(self, share: float = 1.0) -> int:
        return max(1, round(EXAMPLES[self.kind] * self.multiplier * share))

    def settings(self, test: Callable[..., None], share: float = 1.0) -> Callable[..., None]:
        """Hypothesis settings for this backend; `share` of the usual number of examples."""
        return settings(
            max_examples=self.examples(share), deadline=None, derandomize=True, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            # No `explain` phase: it traces every line run, which costs minutes here. The
            # servers do not shrink either: the SQLite run shrinks the same worlds, and a
            # server's failing world is printed whole (shrinking one costs minutes).
            phases=[Phase.explicit, Phase.reuse, Phase.generate,
                    *([Phase.shrink] if self.server_urls is None else [])],
        )(test)

    @contextmanager
    def urls(self, systems: tuple[str, ...]) -> Iterator[dict[str, str]]:
        if self.server_urls is not None:
            yield {s: self.server_urls[s] for s in systems}
            return
        with tempfile.TemporaryDirectory(prefix="vernly-oracle-", dir=SCRATCH) as folder:
            yield {s: f"sqlite:///{Path(folder) / f'{s}.sqlite'}" for s in systems}


@dataclass
class Loaded:
    world: World
    datamap: DataMap
    engines: dict[str, Engine]
    metadata: dict[str, MetaData]


@functools.cache
def _example_policy() -> Policy:
    return load_example().policy


def policy_for(world: World) -> Policy:
    """The example policy with the world's systems in place of its own."""
    return _example_policy().model_copy(update={
        "systems": policy_systems(world), "activities": [], "recipients": [],
        "erasure": erasure_defaults(world)})


@contextmanager
def loaded(world: World, backend: Backend) -> Iterator[Loaded]:
    """The world's tables and rows in real databases, with a DataMap over them."""
    with backend.urls(world.systems) as urls, \
            tempfile.TemporaryDirectory(prefix="vernly-oracle-ws-", dir=SCRATCH) as workspace:
        engines = {s: create_engine(url) for s, url in urls.items()}
        metadata = {s: MetaData() for s in world.systems}
        try:
            for system in world.systems:
                create(world, system, engines[system], metadata[system])
            env = {env_name(s): url for s, url in urls.items()}
            datamap = DataMap(policy_for(world), Path(workspace), env)
            try:
                yield Loaded(world, datamap, engines, metadata)
            finally:
                datamap.close()
        finally:
            if backend.server_urls is not None:
                for system, tables in metadata.items():
                    tables.drop_all(engines[system])
            for engine in engines.values():
                engine.dispose()


def identity_of(world: World) -> Identity:
    ids = world.identifiers
    return Identity.of(email=ids.get("email"), phone=ids.get("phone"),
                       customer_number=ids.get("customer_number"))


def collected(db: Loaded) -> set[Key]:
    """(system, table, key values) of every record `collect` returns."""
    found: set[Key] = set()
    for result in db.datamap.collect(identity_of(db.world), NOW):
        for record in result.records:
            table = db.world.table(record.system, record.table)
            if all(c in record.fields for c in table.key):
                values = tuple(record.fields[c] for c in table.key)
            else:
                values = record.key if isinstance(record.key, tuple) else (record.key,)
            found.add((record.system, record.table, values))
    return found


def erase_everywhere(db: Loaded) -> None:
    identity = identity_of(db.world)
    for system in db.datamap.erasure_order():
        db.datamap.erase(identity, system, NOW)


def read_state(db: Loaded) -> State:
    state: State = {}
    for t in db.world.tables:
        table = db.metadata[t.system].tables[t.name]
        with db.engines[t.system].connect() as conn:
            rows = [dict(r) for r in conn.execute(select(table)).mappings()]
        state[t.node] = {t.key_of(r): r for r in rows}
    return state


def seen(backend: Backend, test: str, world: World) -> None:
    counts = SEEN.setdefault(f"{test} [{backend.kind}]", Counter())
    counts["(examples)"] += 1
    counts.update(features(world) | effects(world, NOW.date()))


def run(backend: Backend, test: str, check: Callable[[], None]) -> None:
    """Run a hypothesis test and remember that it got through every example."""
    check()
    SEEN.setdefault(f"{test} [{backend.kind}]", Counter())["(completed)"] = 1


def describe_keys(world: World, keys: set[Key], own: set[Key], context: set[Key]) -> str:
    lines = []
    for system, table, values in sorted(keys, key=repr):
        kind = "own" if (system, table, values) in own else (
            "context" if (system, table, values) in context else "neither own nor context")
        row = next((r for r in world.rows[(system, table)]
                    if world.table(system, table).key_of(r) == values), None)
        lines.append(f"  {system}.{table} {values} ({kind}): {row}")
    return "\n".join(lines)


def state_differences(world: World, expected: State, actual: State) -> list[str]:
    out = []
    for t in world.tables:
        want, got = expected[t.node], actual[t.node]
        for k in sorted(set(want) - set(got), key=repr):
            out.append(f"{t.system}.{t.name} {k}: should be there as {want[k]}, was deleted")
        for k in sorted(set(got) - set(want), key=repr):
            out.append(f"{t.system}.{t.name} {k}: should be deleted, is there as {got[k]}")
        for k in sorted(set(want) & set(got), key=repr):
            if want[k] != got[k]:
                cols = [c for c in want[k] if want[k][c] != got[k].get(c)]
                out.append(f"{t.system}.{t.name} {k}: "
                           + ", ".join(f"{c} should be {want[k][c]!r}, is {got[k].get(c)!r}"
                                       for c in cols))
    return out
