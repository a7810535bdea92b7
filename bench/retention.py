"""`make bench-retention`: vernly's sweep against the floor, on the same data in the same run.

SQL: a `school_signups` table (the example policy's 12-month rule) of ROWS rows, EXPIRED of
them older than the cutoff, in time order like real sign-ups, with the demo's indexes
(primary key, e-mail, signed_up_at). Every measurement gets its own fresh copy of the same
data (SQLite copies the file; PostgreSQL clones a template database):

* the floor: one `DELETE FROM school_signups WHERE signed_up_at < :cutoff` in one
  transaction, on an open connection with the settings vernly's own connections use,
  timed until the connection is closed (SQLite then folds its write-ahead log back);
* vernly in process: what `vernly sweep` runs after parsing its arguments (settings,
  policy loaded and compiled, ledger opened, lock taken, every rule of the policy carried
  out, the run and audit records written), in a warm process (one sweep with nothing to do
  first);
* a scheduler run: `SweepScheduler.run_once`, what `vernly serve` runs every interval, with
  the policy loaded and the ledger opened when the server started;
* vernly as a command: `vernly sweep` in a new process, interpreter start included, the
  way cron runs it.

The four alternate their order from one repetition to the next. Files: FILES CCTV
recordings in 10 camera folders over 35 days (80 % older than 7 days), the same four on
fresh identical trees, the floor being `find ROOT -type f -name '*.mp4' ! -newermt CUTOFF
-delete` on a tree whose mtimes are the recording times.

The generated data is kept between runs: the SQLite template under bench/out/retention/,
the PostgreSQL template as database `vernly_bench_ret_<rows>_<expired>` (`--drop-cache`
removes both). Prints medians over REPS repetitions, the range, and the ratios. Usage:
  python bench/retention.py [--rows N] [--expired N] [--files N] [--reps N]
                            [--only sqlite,pg,files] [--drop-cache]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from vernly.connectors.demo.schema import build_metadata
from vernly.engine.retention.rules import retention_for
from vernly.engine.retention.scheduler import SweepScheduler
from vernly.engine.retention.sweep import run_sweep
from vernly.ledger.db import Ledger
from vernly.policy.loader import LoadedPolicy, example_policy_path, load_policy
from vernly.settings import load_settings

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
CUTOFF = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)  # P12M before NOW
VERNLY = str(Path(sys.executable).parent / "vernly")
PG_ADMIN = os.environ.get("VERNLY_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
OUT = Path(__file__).resolve().parent / "out"
CACHE = OUT / "retention"
TEMPLATE_VERSION = "retention-bench-1"
"""Part of the PostgreSQL template's comment: a cached template from another layout is rebuilt."""

Measure = Callable[[Path, dict[str, str]], float]


def log(message: str) -> None:
    print(message, flush=True)


# -- the workspace and the two ways of running vernly -----------------------------------------

def make_workspace(root: Path) -> Path:
    """The example policy with empty webshop/cases databases, an empty log and CCTV folder."""
    ws = root / "ws"
    shutil.rmtree(ws, ignore_errors=True)
    (ws / "data" / "logs").mkdir(parents=True, exist_ok=True)
    (ws / "data" / "cctv").mkdir(parents=True, exist_ok=True)
    (ws / "data" / "logs" / "access.log").write_text("")
    shutil.copyfile(example_policy_path(), ws / "vernly.yaml")
    policy = load_policy(ws / "vernly.yaml").policy
    for system_id in ("webshop", "cases", "visitors"):
        engine = create_engine(f"sqlite:///{ws / 'data' / f'{system_id}.sqlite'}")
        metadata, _ = build_metadata(policy.system(system_id), list(policy.systems))
        metadata.create_all(engine)
        engine.dispose()
    shutil.copyfile(ws / "data" / "visitors.sqlite", root / "empty-visitors.sqlite")
    return ws


def run_cli(ws: Path, env: dict[str, str]) -> float:
    """`vernly sweep` as cron runs it: a new process."""
    started = time.perf_counter()
    done = subprocess.run([VERNLY, "sweep", "--workspace", str(ws), "--now", NOW.isoformat()],
                          env={**os.environ, **env}, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"vernly sweep failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return elapsed


def run_in_process(ws: Path, env: dict[str, str]) -> float:
    """The body of `vernly sweep` (and of the scheduler's run): settings, policy, compile,
    ledger, lock, every rule, the run and audit records."""
    started = time.perf_counter()
    settings = replace(load_settings(ws, {**os.environ, **env}), now_override=NOW)
    with retention_for(settings, load_policy(settings.policy_path)) as ctx:
        report = run_sweep(ctx, actor="cli")
    elapsed = time.perf_counter() - started
    if report.status != "succeeded":
        raise SystemExit(f"in-process sweep {report.status}: "
                         f"{[r['error'] for r in report.rules if r.get('error')]}")
    return elapsed


_SERVED: dict[str, tuple[LoadedPolicy, Ledger]] = {}


def run_scheduled(ws: Path, env: dict[str, str]) -> float:
    """One run of `vernly serve`'s scheduler (`SweepScheduler.run_once`): the policy was
    loaded and the ledger opened when the server started, as they are in a server."""
    settings = replace(load_settings(ws, {**os.environ, **env}), now_override=NOW)
    url = settings.database_url
    if url not in _SERVED:
        _SERVED[url] = (load_policy(settings.policy_path), Ledger(url))
    loaded, ledger = _SERVED[url]
    started = time.perf_counter()
    report = SweepScheduler(settings, loaded, ledger, interval=0).run_once()
    elapsed = time.perf_counter() - started
    if report is None or report.status != "succeeded":
        raise SystemExit(f"scheduled sweep failed: {report and report.rules}")
    return elapsed


def close_served() -> None:
    for _, ledger in _SERVED.values():
        ledger.dispose()
    _SERVED.clear()


KINDS: list[tuple[str, Callable[[Path, dict[str, str]], float]]] = [
    ("in_process", run_in_process), ("scheduler", run_scheduled), ("cli", run_cli)]
"""The ways vernly is measured, each on its own fresh copy of the data."""


def warm(ws: Path, env: dict[str, str]) -> None:
    """One sweep with nothing to do in this process first, as a running server has done."""
    run_in_process(ws, env)
    run_scheduled(ws, env)


def startup(ws: Path, env: dict[str, str]) -> float:
    """What `vernly sweep` costs with nothing to do: interpreter, imports, policy, ledger."""
    return statistics.median([run_cli(ws, env) for _ in range(3)])


def rotated(rep: int, steps: list[tuple[str, Callable[[], None]]]) -> None:
    """Each repetition runs the steps in the other order than the one before."""
    for _, step in (steps if rep % 2 == 0 else list(reversed(steps))):
        step()


# -- SQLite --------------------------------------------------------------------------------

def sqlite_template(path: Path, ws: Path, rows: int, expired: int) -> None:
    policy = load_policy(ws / "vernly.yaml").policy
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{building}")
    metadata, _ = build_metadata(policy.system("visitors"), list(policy.systems))
    metadata.create_all(engine)
    engine.dispose()
    first, span_old = CUTOFF - timedelta(days=4 * 365), 4 * 365 * 86400
    span_new = (NOW - CUTOFF).total_seconds()
    con = sqlite3.connect(building)
    con.execute("PRAGMA journal_mode=WAL")
    # Expired rows spread over the 4 years before the cutoff, the rest over the last year.
    con.execute(f"""
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})
        INSERT INTO school_signups (id, name, email, school, consent_given_at, signed_up_at)
        SELECT i, 'Elev ' || i, 'elev' || i || '@skole.no', 'Oslo',
               strftime('%Y-%m-%d %H:%M:%S.000000', ts, 'unixepoch'),
               strftime('%Y-%m-%d %H:%M:%S.000000', ts, 'unixepoch')
        FROM (SELECT i, CASE WHEN i <= {expired}
                   THEN {int(first.timestamp())} + (i - 1) * {span_old // max(expired, 1)}
                   ELSE {int(CUTOFF.timestamp())} + 60
                        + (i - {expired}) * {int(span_new // max(rows - expired, 1))} END AS ts
              FROM n)""")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    building.rename(path)


def sqlite_floor(path: Path) -> tuple[float, int]:
    con = sqlite3.connect(path, isolation_level=None)
    # The settings of vernly's connections (connectors/engines.py).
    for pragma in ("journal_mode=WAL", "busy_timeout=30000", "foreign_keys=ON",
                   "synchronous=NORMAL"):
        con.execute(f"PRAGMA {pragma}")
    started = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    cursor = con.execute("DELETE FROM school_signups WHERE signed_up_at < ?",
                         (CUTOFF.strftime("%Y-%m-%d %H:%M:%S.%f"),))
    con.execute("COMMIT")
    deleted = cursor.rowcount
    # Closing is part of the work: SQLite folds the write-ahead log (~290 MiB here) back
    # into the file and removes it when the last connection goes, as it does after vernly.
    con.close()
    return time.perf_counter() - started, deleted


def sqlite_count(path: Path) -> int:
    con = sqlite3.connect(path)
    count = int(con.execute("SELECT COUNT(*) FROM school_signups").fetchone()[0])
    con.close()
    return count


def _drop_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def bench_sqlite(root: Path, ws: Path, rows: int, expired: int, reps: int
                 ) -> dict[str, list[float]]:
    template = CACHE / f"signups-{rows}-{expired}.sqlite"
    if template.exists():
        log(f"SQLite: {rows:,} rows ({expired:,} expired), cached in {template}")
    else:
        log(f"SQLite: building {rows:,} rows ({expired:,} expired) ...")
        started = time.perf_counter()
        sqlite_template(template, ws, rows, expired)
        log(f"  built in {time.perf_counter() - started:.1f} s "
            f"({template.stat().st_size / 2**20:.0f} MiB)")
    ledger = {"VERNLY_DATABASE_URL": f"sqlite:///{root / 'ledger-sqlite.sqlite'}"}
    figures: dict[str, list[float]] = {"floor": [], **{kind: [] for kind, _ in KINDS}}
    empty = {**ledger, "VERNLY_VISITORS_URL": f"sqlite:///{root / 'empty-visitors.sqlite'}"}
    warm(ws, empty)
    figures["startup"] = [startup(ws, empty)]

    def vernly(kind: str, run: Measure, rep: int) -> Callable[[], None]:
        def step() -> None:
            target = root / f"visitors-{kind}-{rep}.sqlite"  # a new file: no pooled handle
            shutil.copyfile(template, target)
            os.sync()  # the copy's writeback must not land in the measurement
            env = {**ledger, "VERNLY_VISITORS_URL": f"sqlite:///{target}"}
            figures[kind].append(run(ws, env))
            left = sqlite_count(target)
            assert left == rows - expired, f"vernly ({kind}) left {left} rows"
            _drop_sqlite(target)
        return step

    def floor(rep: int) -> Callable[[], None]:
        def step() -> None:
            copy = root / f"floor-{rep}.sqlite"
            shutil.copyfile(template, copy)
            os.sync()
            seconds, deleted = sqlite_floor(copy)
            assert deleted == expired, deleted
            figures["floor"].append(seconds)
            _drop_sqlite(copy)
        return step

    for rep in range(reps):
        rotated(rep, [("floor", floor(rep)),
                      *((kind, vernly(kind, run, rep)) for kind, run in KINDS)])
        log(_rep_line(rep, figures))
    return figures


# -- PostgreSQL ----------------------------------------------------------------------------

def _pg_exec(sql: str) -> Any:
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        result = conn.execute(text(sql))
        value = result.scalar() if result.returns_rows else None
    engine.dispose()
    return value


def _pg_url(name: str) -> str:
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


def pg_template(name: str, ws: Path, rows: int, expired: int) -> None:
    _pg_exec(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _pg_exec(f"CREATE DATABASE {name}")
    url = _pg_url(name)
    policy = load_policy(ws / "vernly.yaml").policy
    engine = create_engine(url)
    metadata, _ = build_metadata(policy.system("visitors"), list(policy.systems))
    metadata.create_all(engine)
    first, span_old = CUTOFF - timedelta(days=4 * 365), 4 * 365 * 86400
    span_new = (NOW - CUTOFF).total_seconds()
    with engine.begin() as conn:
        conn.execute(text(f"""
            INSERT INTO school_signups (id, name, email, school, consent_given_at, signed_up_at)
            SELECT i, 'Elev ' || i, 'elev' || i || '@skole.no', 'Oslo', ts, ts
            FROM (SELECT i, CASE WHEN i <= {expired}
                       THEN to_timestamp({int(first.timestamp())}
                                         + (i - 1) * {span_old // max(expired, 1)})
                       ELSE to_timestamp({int(CUTOFF.timestamp())} + 60 + (i - {expired})
                                         * {int(span_new // max(rows - expired, 1))}) END AS ts
                  FROM generate_series(1, {rows}) AS i) AS g"""))
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(
            text("VACUUM ANALYZE school_signups"))
    engine.dispose()
    _pg_exec(f"COMMENT ON DATABASE {name} IS '{_pg_tag(rows, expired)}'")


def _pg_tag(rows: int, expired: int) -> str:
    return f"{TEMPLATE_VERSION} rows={rows} expired={expired}"


def _pg_cached(name: str, rows: int, expired: int) -> bool:
    tag = _pg_exec(f"SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                   f"WHERE datname = '{name}'")
    return tag == _pg_tag(rows, expired)


def pg_clone(template: str, name: str) -> str:
    _pg_exec(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _pg_exec(f"CREATE DATABASE {name} TEMPLATE {template}")
    _pg_exec("CHECKPOINT")  # the clone's writes must not land in the measurement
    return _pg_url(name)


def pg_floor(url: str) -> tuple[float, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        started = time.perf_counter()
        with conn.begin():
            deleted = conn.execute(text("DELETE FROM school_signups WHERE signed_up_at < :c"),
                                   {"c": CUTOFF}).rowcount
    engine.dispose()  # closed inside the timing, as for SQLite
    return time.perf_counter() - started, deleted


def pg_count(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        count = int(conn.execute(text("SELECT COUNT(*) FROM school_signups")).scalar_one())
    engine.dispose()
    return count


def pg_template_name(rows: int, expired: int) -> str:
    return f"vernly_bench_ret_{rows}_{expired}"


def bench_pg(root: Path, ws: Path, rows: int, expired: int, reps: int
             ) -> dict[str, list[float]]:
    template = pg_template_name(rows, expired)
    if _pg_cached(template, rows, expired):
        log(f"PostgreSQL: {rows:,} rows ({expired:,} expired), cached as database {template}")
    else:
        log(f"PostgreSQL: building {rows:,} rows ({expired:,} expired) ...")
        started = time.perf_counter()
        pg_template(template, ws, rows, expired)
        log(f"  built in {time.perf_counter() - started:.1f} s")
    ledger = {"VERNLY_DATABASE_URL": f"sqlite:///{root / 'ledger-pg.sqlite'}"}
    figures: dict[str, list[float]] = {"floor": [], **{kind: [] for kind, _ in KINDS}}
    clones: list[str] = []

    def clone(label: str) -> str:
        name = f"vernly_bench_ret_{label}"  # a new database: no pooled connection to it
        clones.append(name)
        return pg_clone(template, name)

    def vernly(kind: str, run: Measure, rep: int) -> Callable[[], None]:
        def step() -> None:
            url = clone(f"{kind}_{rep}")
            figures[kind].append(run(ws, {**ledger, "VERNLY_VISITORS_URL": url}))
            assert pg_count(url) == rows - expired
            _pg_exec(f"DROP DATABASE {clones.pop()} WITH (FORCE)")
        return step

    def floor(rep: int) -> Callable[[], None]:
        def step() -> None:
            url = clone(f"floor_{rep}")
            seconds, deleted = pg_floor(url)
            assert deleted == expired, deleted
            figures["floor"].append(seconds)
            _pg_exec(f"DROP DATABASE {clones.pop()} WITH (FORCE)")
        return step

    try:
        empty = {**ledger, "VERNLY_VISITORS_URL": clone("empty")}
        _pg_exec_in(empty["VERNLY_VISITORS_URL"], "TRUNCATE school_signups")
        warm(ws, empty)
        figures["startup"] = [startup(ws, empty)]
        for rep in range(reps):
            rotated(rep, [("floor", floor(rep)),
                          *((kind, vernly(kind, run, rep)) for kind, run in KINDS)])
            log(_rep_line(rep, figures))
    finally:
        for name in clones:
            _pg_exec(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return figures


def _pg_exec_in(url: str, sql: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()


# -- CCTV files ----------------------------------------------------------------------------

def make_tree(root: Path, files: int) -> int:
    """FILES recordings over 35 days in 10 camera folders; returns how many are expired."""
    cameras = [str(root / f"kamera{n:02d}") for n in range(10)]
    step = 35 * 86400 / files
    cutoff = (NOW - timedelta(days=7)).timestamp()
    now = NOW.timestamp()
    expired = 0
    for camera in cameras:
        os.makedirs(camera, exist_ok=True)
    for i in range(files):
        at = now - (i * step + 1)
        path = f"{cameras[i % 10]}/{datetime.fromtimestamp(at, UTC):%Y%m%dT%H%M%S}.mp4"
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o644))
        os.utime(path, (at, at))
        expired += at < cutoff
    return expired


def remaining(root: Path) -> int:
    return sum(len(os.listdir(root / d)) for d in os.listdir(root))


def bench_files(root: Path, ws: Path, files: int, reps: int) -> dict[str, list[float]]:
    log(f"Files: {files:,} recordings ...")
    base = {"VERNLY_DATABASE_URL": f"sqlite:///{root / 'ledger-files.sqlite'}",
            "VERNLY_VISITORS_URL": f"sqlite:///{root / 'empty-visitors.sqlite'}"}
    figures: dict[str, list[float]] = {"floor": [], **{kind: [] for kind, _ in KINDS}}
    cutoff = (NOW - timedelta(days=7)).strftime("%Y-%m-%d %H:%M:%S +0000")
    tree = root / "cctv"

    def fresh() -> int:
        shutil.rmtree(tree, ignore_errors=True)
        expired = make_tree(tree, files)
        os.sync()  # the new tree's writeback must not land in the measurement
        return expired

    def vernly(kind: str, run: Measure) -> Callable[[], None]:
        def step() -> None:
            expired = fresh()
            figures[kind].append(run(ws, {**base, "VERNLY_CCTV_PATH": str(tree)}))
            assert remaining(tree) == files - expired
        return step

    def floor() -> None:
        expired = fresh()
        started = time.perf_counter()
        subprocess.run(["find", str(tree), "-type", "f", "-name", "*.mp4", "!", "-newermt",
                        cutoff, "-delete"], check=True)
        figures["floor"].append(time.perf_counter() - started)
        assert remaining(tree) == files - expired

    empty = {**base, "VERNLY_CCTV_PATH": str(ws / "data" / "cctv")}
    warm(ws, empty)
    figures["startup"] = [startup(ws, empty)]
    for rep in range(reps):
        rotated(rep, [("floor", floor), *((kind, vernly(kind, run)) for kind, run in KINDS)])
        log(_rep_line(rep, figures))
    shutil.rmtree(tree, ignore_errors=True)
    return figures


# -- report --------------------------------------------------------------------------------

def _rep_line(rep: int, figures: dict[str, list[float]]) -> str:
    return (f"  rep {rep + 1}: floor {figures['floor'][-1]:.2f} s, vernly in process "
            f"{figures['in_process'][-1]:.2f} s, scheduler run {figures['scheduler'][-1]:.2f} s, "
            f"vernly sweep (CLI) {figures['cli'][-1]:.2f} s")


def summary(figures: dict[str, list[float]]) -> dict[str, float]:
    med = {k: statistics.median(v) for k, v in figures.items()}
    return {**med, **{f"ratio_{kind}": med[kind] / med["floor"] for kind, _ in KINDS}}


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}"


def report(name: str, figures: dict[str, list[float]]) -> str:
    s = summary(figures)
    cells = [f"{s['floor']:.2f} ({_spread(figures['floor'])})"]
    for kind, _ in KINDS:
        cells += [f"{s[kind]:.2f} ({_spread(figures[kind])})", f"**{s[f'ratio_{kind}']:.2f}**"]
    return f"| {name} | " + " | ".join(cells) + f" | {s['startup']:.2f} |"


def drop_cache() -> None:
    shutil.rmtree(CACHE, ignore_errors=True)
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        names = conn.execute(text("SELECT datname FROM pg_database "
                                  "WHERE datname LIKE 'vernly_bench_ret_%'")).scalars().all()
        for name in names:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--expired", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--only", default="sqlite,pg,files")
    parser.add_argument("--drop-cache", action="store_true",
                        help="remove the cached SQLite and PostgreSQL templates and exit")
    args = parser.parse_args()
    if args.drop_cache:
        drop_cache()
        return
    wanted = set(args.only.split(","))
    log(f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
    CACHE.mkdir(parents=True, exist_ok=True)
    root = CACHE / "run"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    results: list[tuple[str, dict[str, list[float]]]] = []
    try:
        ws = make_workspace(root)
        steps: list[tuple[str, str, Callable[[], dict[str, list[float]]]]] = [
            ("sqlite", f"SQLite, {args.rows:,} rows / {args.expired:,} expired",
             lambda: bench_sqlite(root, ws, args.rows, args.expired, args.reps)),
            ("pg", f"PostgreSQL, {args.rows:,} rows / {args.expired:,} expired",
             lambda: bench_pg(root, ws, args.rows, args.expired, args.reps)),
            ("files", f"CCTV files, {args.files:,}",
             lambda: bench_files(root, ws, args.files, args.reps))]
        for key, name, step in steps:
            if key in wanted:
                results.append((name, step()))
    finally:
        close_served()
        shutil.rmtree(root, ignore_errors=True)
    log("")
    log(f"medians of {args.reps} repetitions (range), seconds; load average now "
        f"{os.getloadavg()[0]:.1f}")
    log("| data | floor | vernly in process | ratio | scheduler run | ratio | "
        "vernly sweep (CLI) | ratio | CLI with nothing to do |")
    log("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, figures in results:
        log(report(name, figures))
    (OUT / "retention-results.json").write_text(json.dumps(
        {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
         "results": {name: {"runs": figures, "summary": summary(figures)}
                     for name, figures in results}}, indent=2))


if __name__ == "__main__":
    main()
