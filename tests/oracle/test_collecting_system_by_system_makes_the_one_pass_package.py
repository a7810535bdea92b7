"""Collecting one system at a time (each system's part stored and read back as the jobs
keep it, a system collected only from the own rows of the systems it needs) makes exactly
the package one pass over every system makes: the same data.json and CSV bytes."""

from __future__ import annotations

import json
import pickle
from typing import Any

from hypothesis import given, note

from tests.oracle.harness import NOW, Backend, identity_of, loaded, run, seen
from tests.oracle.schemas import World, worlds
from vernly.connectors.datamap import DataMap
from vernly.connectors.records import CollectedPart, SystemRecords
from vernly.engine.requests import package
from vernly.engine.requests.ports import AccessReport


def per_system(datamap: DataMap, world: World) -> list[SystemRecords]:
    blockers = datamap.collection_blockers()
    parts: dict[str, CollectedPart] = {}
    todo = [s.id for s in datamap.policy.systems]
    while todo:
        ready = [s for s in todo if blockers.get(s, set()) <= set(parts)]
        assert ready, f"no system can be collected first among {todo}"
        for system_id in ready:
            given: dict[Any, Any] = {}
            for blocker in blockers.get(system_id, set()):
                given.update(parts[blocker].own)
            part = datamap.collect_part(identity_of(world), system_id, given, NOW)
            parts[system_id] = pickle.loads(pickle.dumps(part))  # as the store keeps it
        todo = [s for s in todo if s not in parts]
    return datamap.assemble(parts)


def package_bytes(datamap: DataMap, systems: list[SystemRecords]) -> dict[str, bytes]:
    report = AccessReport(policy=datamap.policy, request_id="r1", kind="access",
                          generated_at=NOW, systems=systems,
                          activities=package.activities_of(datamap.policy, systems))
    members = {name: text.encode() for name, text in package.csv_files(systems).items()}
    members["data.json"] = json.dumps(package.data_document(report), ensure_ascii=False,
                                      separators=(",", ":")).encode()
    return members


def test_collecting_system_by_system_makes_the_one_pass_package(backend: Backend) -> None:
    @backend.settings
    @given(worlds())
    def check(world: World) -> None:
        seen(backend, "per-system access", world)
        note(f"the world:\n{world.describe()}")
        with loaded(world, backend) as db:
            one_pass = package_bytes(db.datamap, db.datamap.collect(identity_of(world), NOW))
            assembled = package_bytes(db.datamap, per_system(db.datamap, world))
        assert assembled == one_pass

    run(backend, "per-system access", check)
