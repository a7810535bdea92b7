"""A small workspace on the example policy with rows, recordings and log lines we choose.

The cast: Kari Nordmann and Ola Hansen (webshop customers, course participants),
Per Olsen and Lise Berg (pupils on school visits).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, insert, select, text

from vernly.connectors.demo.schema import build_metadata
from vernly.connectors.location import system_url
from vernly.engine.retention.rules import Retention, retention_for
from vernly.engine.retention.sweep import SweepReport, run_sweep
from vernly.ledger.db import Ledger
from vernly.policy.loader import LoadedPolicy, example_policy_path, load_policy
from vernly.settings import Settings, load_settings

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
KARI = {"name": "Kari Nordmann", "email": "kari@example.no", "phone": "+4792412345"}
OLA = {"name": "Ola Hansen", "email": "ola@example.no", "phone": "+4741234567"}
PER = {"name": "Per Olsen", "email": "per@skole.no", "phone": "+4790011223"}
LISE = {"name": "Lise Berg", "email": "lise@skole.no", "phone": "+4790044556"}
CAST = (KARI, OLA, PER, LISE)
URL_ENV = {"webshop": "VERNLY_WEBSHOP_URL", "cases": "VERNLY_CASES_URL",
           "visitors": "VERNLY_VISITORS_URL"}


def workspace(tmp_path: Path, urls: Mapping[str, str] | None = None,
              policy_text: str | None = None) -> tuple[Path, dict[str, str]]:
    """A workspace folder and the environment pointing its systems at empty databases."""
    ws = tmp_path / "ws"
    ws.mkdir(parents=True, exist_ok=True)
    if policy_text is None:
        shutil.copyfile(example_policy_path(), ws / "vernly.yaml")
    else:
        (ws / "vernly.yaml").write_text(policy_text)
    env = {"VERNLY_DATABASE_URL": f"sqlite:///{ws / '.vernly' / 'ledger.sqlite'}",
           "VERNLY_SECRET_KEY": "test", "VERNLY_SWEEP_INTERVAL": "3600"}
    for system, name in URL_ENV.items():
        if urls and system in urls:
            env[name] = urls[system]
    policy = load_policy(ws / "vernly.yaml").policy
    for system in policy.systems:
        if system.kind != "sql":
            continue
        url = system_url(system, ws, env)
        if url.startswith("sqlite"):
            Path(url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        metadata, _ = build_metadata(system, list(policy.systems))
        metadata.create_all(engine)
        engine.dispose()
    (ws / "data" / "cctv").mkdir(parents=True, exist_ok=True)
    (ws / "data" / "logs").mkdir(parents=True, exist_ok=True)
    (ws / "data" / "logs" / "access.log").write_text("")
    return ws, env


_LOADED: dict[tuple[str, float], LoadedPolicy] = {}


def loaded(ws: Path) -> LoadedPolicy:
    """The workspace's policy, parsed once per content (YAML parsing is the slow part)."""
    path = ws / "vernly.yaml"
    key = (str(path), path.stat().st_mtime)
    if key not in _LOADED:
        _LOADED[key] = load_policy(path)
    return _LOADED[key]


def settings(ws: Path, env: Mapping[str, str], now: datetime = NOW, **more: str) -> Settings:
    return replace(load_settings(ws, {**env, **more}), now_override=now)


def url_of(ws: Path, env: Mapping[str, str], system_id: str) -> str:
    return system_url(loaded(ws).policy.system(system_id), ws, env)


def insert_rows(url: str, table: str, rows: Iterable[dict[str, Any]]) -> None:
    rows = list(rows)
    if not rows:
        return
    engine = create_engine(url)
    from sqlalchemy import MetaData, Table

    with engine.begin() as conn:
        core = Table(table, MetaData(), autoload_with=conn)
        conn.execute(insert(core), rows)
    engine.dispose()


def clear(url: str, *tables: str) -> None:
    engine = create_engine(url)
    from sqlalchemy import MetaData, Table

    with engine.begin() as conn:
        for name in tables:
            conn.execute(delete(Table(name, MetaData(), autoload_with=conn)))
    engine.dispose()


def ids(url: str, table: str) -> set[int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = {int(r[0]) for r in conn.execute(text(f"SELECT id FROM {table}"))}
    engine.dispose()
    return found


def column(url: str, table: str, name: str) -> dict[int, Any]:
    engine = create_engine(url)
    from sqlalchemy import MetaData, Table

    with engine.connect() as conn:
        core = Table(table, MetaData(), autoload_with=conn)
        found = {int(r[0]): r[1] for r in conn.execute(select(core.c.id, core.c[name]))}
    engine.dispose()
    return found


@contextmanager
def retention(ws: Path, env: Mapping[str, str], now: datetime = NOW,
              ledger: Ledger | None = None) -> Iterator[Retention]:
    s = settings(ws, env, now)
    with retention_for(s, loaded(ws), ledger) as ctx:
        yield ctx


def sweep(ws: Path, env: Mapping[str, str], now: datetime = NOW, *, dry_run: bool = False,
          ledger: Ledger | None = None, batch: int | None = None) -> SweepReport:
    with retention(ws, env, now, ledger) as ctx:
        return run_sweep(ctx, dry_run=dry_run, batch=batch)


def result(report: SweepReport, rule_id: str) -> dict[str, Any]:
    return next(r for r in report.rules if r["rule"] == rule_id)


def cctv_file(ws: Path, camera: str, at: datetime) -> Path:
    path = ws / "data" / "cctv" / camera / f"{at.astimezone(UTC):%Y%m%dT%H%M%S}.mp4"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    return path


def log_line(ip: str, at: datetime, path: str = "/") -> str:
    return (f'{ip} - - [{at.astimezone(UTC):%d/%b/%Y:%H:%M:%S +0000}] "GET {path} HTTP/1.1" '
            f'200 512 "-" "Mozilla/5.0"\n')


def days(n: float) -> timedelta:
    return timedelta(days=n)
