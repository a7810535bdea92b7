"""`build_demo`: a workspace with the example policy and synthetic data in every system.

Each SQL system is its own database (SQLite files under `data/` by default, or whatever
`VERNLY_WEBSHOP_URL`, `VERNLY_CASES_URL` and `VERNLY_VISITORS_URL` point at), filled in one
transaction each; a failed build leaves no half-filled demo behind.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Index, MetaData

from vernly.connectors.demo.load import Loader, finish
from vernly.connectors.demo.media import write_access_log, write_recordings
from vernly.connectors.demo.pools import make_pools
from vernly.connectors.demo.rows import COLUMNS, Population
from vernly.connectors.demo.schema import create_schema
from vernly.connectors.engines import make_engine
from vernly.connectors.form_store import FormStore, store_systems
from vernly.connectors.location import system_url
from vernly.connectors.records import as_utc
from vernly.errors import Conflict, InvalidInput
from vernly.policy.loader import example_policy_path, load_policy
from vernly.policy.models import Policy, SystemKind
from vernly.settings import POLICY_FILE


@dataclass
class DemoSummary:
    """What the demo holds and how long it took to build."""

    workspace: Path
    subjects: int
    now: datetime
    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    """System -> table -> rows."""
    files: int = 0
    log_lines: int = 0
    sample_emails: list[str] = field(default_factory=list)
    sample_phones: list[str] = field(default_factory=list)
    sample_ips: list[str] = field(default_factory=list)
    sample_window: tuple[datetime, datetime] | None = None
    """A time window with recordings on every camera."""
    seconds: float = 0.0

    @property
    def rows_total(self) -> int:
        return sum(sum(tables.values()) for tables in self.rows.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "workspace": str(self.workspace), "subjects": self.subjects,
            "now": self.now.isoformat(), "rows": self.rows, "rows_total": self.rows_total,
            "files": self.files, "log_lines": self.log_lines,
            "sample_emails": self.sample_emails, "sample_phones": self.sample_phones,
            "sample_ips": self.sample_ips,
            "sample_window": [t.isoformat() for t in self.sample_window]
            if self.sample_window else None,
            "seconds": round(self.seconds, 2),
        }


def log_lines_for(subjects: int) -> int:
    """Ten requests per person, within bounds that keep the log a realistic few MB."""
    return min(max(subjects * 10, 2_000), 300_000)


def build_demo(workspace: Path, subjects: int, now: datetime, seed: int = 42,
               env: Mapping[str, str] | None = None, force: bool = False) -> DemoSummary:
    """Write the example policy and build every system's synthetic data in `workspace`."""
    if subjects < 1:
        raise InvalidInput("--subjects: must be at least 1")
    started = time.perf_counter()
    now = as_utc(now)
    env = dict(os.environ if env is None else env)
    workspace = Path(workspace).resolve()
    policy_path = workspace / POLICY_FILE
    if policy_path.exists() and not force:
        raise Conflict(f"{policy_path}: already exists; use --force to rebuild the demo")
    workspace.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(workspace / "data", ignore_errors=True)
    shutil.copyfile(example_policy_path(), policy_path)
    policy = load_policy(policy_path).policy
    summary = DemoSummary(workspace=workspace, subjects=subjects, now=now)
    try:
        _build_databases(policy, workspace, env, subjects, now, seed, force, summary)
        _build_files(policy, workspace, env, subjects, now, seed, summary)
    except BaseException:
        shutil.rmtree(workspace / "data", ignore_errors=True)
        policy_path.unlink(missing_ok=True)
        raise
    summary.seconds = time.perf_counter() - started
    return summary


def _build_databases(policy: Policy, workspace: Path, env: Mapping[str, str], subjects: int,
                     now: datetime, seed: int, force: bool, summary: DemoSummary) -> None:
    # The forms' own database starts empty: vernly creates it and submissions fill it.
    form_systems = {s.id for s in store_systems(policy)}
    FormStore(policy, workspace, env).ensure_fresh()
    systems = [s for s in policy.systems if s.kind == SystemKind.sql and s.id not in form_systems]
    engines: dict[str, Engine] = {}
    schemas: dict[str, tuple[MetaData, list[Index]]] = {}
    loaders: dict[str, Loader] = {}
    try:
        for system in systems:
            expected = {key[1]: cols for key, cols in COLUMNS.items() if key[0] == system.id}
            declared = {t.name: tuple(c.name for c in t.columns) for t in system.tables}
            if {k: set(v) for k, v in declared.items()} != {k: set(v)
                                                            for k, v in expected.items()}:
                raise InvalidInput(f"system '{system.id}': the demo generates "
                                   f"{sorted(expected)} but the policy declares "
                                   f"{sorted(declared)} (or other columns)")
            url = system_url(system, workspace, env)
            if url.startswith("sqlite:///"):
                Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
            engines[system.id] = make_engine(url)
            schemas[system.id] = create_schema(system, engines[system.id], policy.systems,
                                               replace=force, with_indexes=False)
            loaders[system.id] = Loader(engines[system.id], schemas[system.id][0])
        population = Population(make_pools(seed, now.date()), subjects,
                                int(now.timestamp()), seed)
        for block in population.blocks():
            for (system_id, table), rows in block.items():
                if system_id in loaders:
                    loaders[system_id].insert(table, COLUMNS[(system_id, table)], rows)
        for loader in loaders.values():
            loader.commit()
        loaders.clear()
        for system_id, (metadata, indexes) in schemas.items():
            finish(engines[system_id], metadata, indexes)
        summary.sample_emails = population.samples.emails
        summary.sample_phones = population.samples.phones
        for (system_id, table), count in population.ids.items():
            summary.rows.setdefault(system_id, {})[table] = count
    finally:
        for loader in loaders.values():
            loader.rollback()
        for engine in engines.values():
            engine.dispose()


def _build_files(policy: Policy, workspace: Path, env: Mapping[str, str], subjects: int,
                 now: datetime, seed: int, summary: DemoSummary) -> None:
    for system in policy.systems:
        if system.kind == SystemKind.files:
            root = Path(system_url(system, workspace, env))
            files, window = write_recordings(root, now, seed)
            summary.files += files
            summary.sample_window = window
        elif system.kind == SystemKind.log:
            lines, ips = write_access_log(Path(system_url(system, workspace, env)), now,
                                          log_lines_for(subjects), seed)
            summary.log_lines += lines
            summary.sample_ips = ips


