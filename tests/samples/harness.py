"""Small sample databases nobody here designed (shaped after Chinook and Sakila), declared
in a policy with nothing but tables, identity columns and references, as a new user would."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import MetaData, Table, create_engine, select, text

from vernly.connectors.datamap import DataMap
from vernly.policy.loader import load_example
from vernly.policy.models import ErasureDefaults, Policy, System

Snapshot = dict[str, list[tuple[Any, ...]]]


def policy_with(systems_yaml: str, erasure: Mapping[str, Any] | None = None) -> Policy:
    """The example policy with its systems replaced by the given ones."""
    systems = [System.model_validate(s) for s in yaml.safe_load(systems_yaml)]
    update: dict[str, Any] = {"systems": systems}
    if erasure is not None:
        update["erasure"] = ErasureDefaults.model_validate(erasure)
    return load_example().policy.model_copy(update=update)


@contextmanager
def sample(tmp_path: Path, systems_yaml: str, ddl: Mapping[str, list[str]],
           rows: Mapping[str, Mapping[str, list[dict[str, Any]]]],
           urls: Mapping[str, str] | None = None,
           erasure: Mapping[str, Any] | None = None) -> Iterator[DataMap]:
    """A data map over freshly created databases (SQLite files unless `urls` are given)."""
    urls = dict(urls or {sid: f"sqlite:///{tmp_path / f'{sid}.sqlite'}" for sid in ddl})
    for sid, statements in ddl.items():
        engine = create_engine(urls[sid])
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
            metadata = MetaData()
            for name, table_rows in rows.get(sid, {}).items():
                table = Table(name, metadata, autoload_with=conn)
                if table_rows:
                    conn.execute(table.insert(), table_rows)
        engine.dispose()
    policy = policy_with(systems_yaml, erasure)
    env = {f"SAMPLE_{sid.upper()}_URL": url for sid, url in urls.items()}
    datamap = DataMap(policy, tmp_path, env)
    try:
        yield datamap
    finally:
        datamap.close()


def snapshot(datamap: DataMap) -> Snapshot:
    """Every row of every declared table, in key order."""
    out: Snapshot = {}
    for sid, sql in datamap.sql_systems().items():
        with sql.engine.connect() as conn:
            for name in sql.specs:
                table = Table(name, MetaData(), autoload_with=conn)
                out[f"{sid}.{name}"] = sorted(tuple(r) for r in conn.execute(select(table)))
    return out


def keys_found(datamap: DataMap, **identity: Any) -> dict[str, set[Any]]:
    """table -> keys of the records an access request returns (own and context)."""
    from vernly.connectors.identity import Identity

    found: dict[str, set[Any]] = {}
    for result in datamap.collect(Identity.of(**identity)):
        for record in result.records:
            found.setdefault(f"{record.system}.{record.table}", set()).add(record.key)
    return found


def erase_everywhere(datamap: DataMap, now: Any, **identity: Any) -> list[Any]:
    from vernly.connectors.identity import Identity

    person = Identity.of(**identity)
    return [datamap.erase(person, sid, now) for sid in datamap.erasure_order()
            if datamap.system(sid).kind == "sql"]
