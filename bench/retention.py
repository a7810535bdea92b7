"""`make bench-retention`: vernly's sweep against the floor, on the same data in the same run.

SQL: a `school_signups` table (the example policy's 12-month rule) of ROWS rows, EXPIRED of
them older than the cutoff, in time order like real sign-ups, with the demo's indexes
(primary key, e-mail, signed_up_at). Each repetition takes a fresh copy of the same data
twice: one for `vernly sweep` run end to end as a process (as cron runs it), one for the
floor, a single `DELETE FROM school_signups WHERE signed_up_at < :cutoff` in one transaction.
SQLite copies the file; PostgreSQL clones a template database.

Files: FILES CCTV recordings in 10 camera folders over 35 days (80 % older than 7 days);
`vernly sweep` against `find ROOT -type f -name '*.mp4' ! -newermt CUTOFF -delete` on an
identical tree whose mtimes are the recording times.

Prints medians over REPS repetitions and the ratios. Usage:
  python bench/retention.py [--rows N] [--expired N] [--files N] [--reps N] [--only sqlite,pg,files]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from vernly.connectors.demo.schema import build_metadata
from vernly.policy.loader import example_policy_path, load_policy

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
CUTOFF = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)  # P12M before NOW
VERNLY = str(Path(sys.executable).parent / "vernly")
PG_ADMIN = os.environ.get("VERNLY_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def log(message: str) -> None:
    print(message, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


# -- the workspace -------------------------------------------------------------------------

def make_workspace(root: Path) -> Path:
    """The example policy with empty webshop/cases databases, an empty log and CCTV folder."""
    ws = root / "ws"
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


def run_vernly(ws: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([VERNLY, "sweep", "--workspace", str(ws), "--now", NOW.isoformat()],
                          env={**os.environ, **env}, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"vernly sweep failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return elapsed


def startup(ws: Path, env: dict[str, str]) -> float:
    """What `vernly sweep` costs with nothing to do: interpreter, imports, policy, ledger."""
    return median([run_vernly(ws, env) for _ in range(3)])


# -- SQLite --------------------------------------------------------------------------------

def sqlite_template(path: Path, ws: Path, rows: int, expired: int) -> None:
    policy = load_policy(ws / "vernly.yaml").policy
    engine = create_engine(f"sqlite:///{path}")
    metadata, _ = build_metadata(policy.system("visitors"), list(policy.systems))
    metadata.create_all(engine)
    engine.dispose()
    first, span_old = CUTOFF - timedelta(days=4 * 365), 4 * 365 * 86400
    span_new = (NOW - CUTOFF).total_seconds()
    con = sqlite3.connect(path)
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
    con.close()


def sqlite_floor(path: Path) -> tuple[float, int]:
    con = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        con.execute(f"PRAGMA {pragma}")
    started = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    cursor = con.execute("DELETE FROM school_signups WHERE signed_up_at < ?",
                         (CUTOFF.strftime("%Y-%m-%d %H:%M:%S.%f"),))
    con.execute("COMMIT")
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed, cursor.rowcount


def sqlite_count(path: Path) -> int:
    con = sqlite3.connect(path)
    count = int(con.execute("SELECT COUNT(*) FROM school_signups").fetchone()[0])
    con.close()
    return count


def bench_sqlite(root: Path, ws: Path, rows: int, expired: int, reps: int) -> dict[str, float]:
    template = root / "template.sqlite"
    log(f"SQLite: building {rows:,} rows ({expired:,} expired) ...")
    started = time.perf_counter()
    sqlite_template(template, ws, rows, expired)
    log(f"  built in {time.perf_counter() - started:.1f} s "
        f"({template.stat().st_size / 2**20:.0f} MiB)")
    target = ws / "data" / "visitors.sqlite"
    env = {"VERNLY_DATABASE_URL": f"sqlite:///{root / 'ledger.sqlite'}",
           "VERNLY_VISITORS_URL": f"sqlite:///{target}"}
    empty = startup(ws, env)
    ours, floor = [], []
    for rep in range(reps):
        shutil.copyfile(template, target)
        ours.append(run_vernly(ws, env))
        left = sqlite_count(target)
        assert left == rows - expired, f"vernly left {left} rows"
        copy = root / "floor.sqlite"
        shutil.copyfile(template, copy)
        seconds, deleted = sqlite_floor(copy)
        assert deleted == expired, deleted
        floor.append(seconds)
        copy.unlink()
        log(f"  rep {rep + 1}: vernly {ours[-1]:.2f} s, floor {floor[-1]:.2f} s")
    return {"vernly": median(ours), "floor": median(floor), "startup": empty}


# -- PostgreSQL ----------------------------------------------------------------------------

def _pg_exec(sql: str) -> None:
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def pg_template(name: str, ws: Path, rows: int, expired: int) -> str:
    _pg_exec(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _pg_exec(f"CREATE DATABASE {name}")
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
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
    return url


def pg_clone(template: str, name: str) -> str:
    _pg_exec(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _pg_exec(f"CREATE DATABASE {name} TEMPLATE {template}")
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


def pg_floor(url: str) -> tuple[float, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        started = time.perf_counter()
        with conn.begin():
            deleted = conn.execute(text("DELETE FROM school_signups WHERE signed_up_at < :c"),
                                   {"c": CUTOFF}).rowcount
        elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed, deleted


def pg_count(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        count = int(conn.execute(text("SELECT COUNT(*) FROM school_signups")).scalar_one())
    engine.dispose()
    return count


def bench_pg(root: Path, ws: Path, rows: int, expired: int, reps: int) -> dict[str, float]:
    log(f"PostgreSQL: building {rows:,} rows ({expired:,} expired) ...")
    started = time.perf_counter()
    pg_template("vernly_bench_tpl", ws, rows, expired)
    log(f"  built in {time.perf_counter() - started:.1f} s")
    env = {"VERNLY_DATABASE_URL": f"sqlite:///{root / 'ledger-pg.sqlite'}"}
    ours, floor = [], []
    try:
        for rep in range(reps):
            url = pg_clone("vernly_bench_tpl", "vernly_bench_run")
            env["VERNLY_VISITORS_URL"] = url
            if rep == 0:
                empty = startup(ws, {**env, "VERNLY_VISITORS_URL":
                                         f"sqlite:///{root / 'empty-visitors.sqlite'}"})
            ours.append(run_vernly(ws, env))
            assert pg_count(url) == rows - expired
            _pg_exec("DROP DATABASE vernly_bench_run WITH (FORCE)")
            url = pg_clone("vernly_bench_tpl", "vernly_bench_floor")
            seconds, deleted = pg_floor(url)
            assert deleted == expired, deleted
            floor.append(seconds)
            _pg_exec("DROP DATABASE vernly_bench_floor WITH (FORCE)")
            log(f"  rep {rep + 1}: vernly {ours[-1]:.2f} s, floor {floor[-1]:.2f} s")
    finally:
        for name in ("vernly_bench_run", "vernly_bench_floor", "vernly_bench_tpl"):
            _pg_exec(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return {"vernly": median(ours), "floor": median(floor), "startup": empty}


# -- CCTV files ----------------------------------------------------------------------------

def make_tree(root: Path, files: int) -> int:
    """FILES recordings over 35 days in 10 camera folders; returns how many are expired."""
    cameras = [f"kamera{n:02d}" for n in range(10)]
    step = 35 * 86400 / files
    cutoff = NOW - timedelta(days=7)
    expired = 0
    for camera in cameras:
        (root / camera).mkdir(parents=True, exist_ok=True)
    for i in range(files):
        at = NOW - timedelta(seconds=i * step + 1)
        path = root / cameras[i % 10] / f"{at:%Y%m%dT%H%M%S}.mp4"
        path.write_bytes(b"")
        os.utime(path, (at.timestamp(), at.timestamp()))
        expired += at < cutoff
    return expired


def remaining(root: Path) -> int:
    return sum(len(os.listdir(root / d)) for d in os.listdir(root))


def bench_files(root: Path, ws: Path, files: int, reps: int) -> dict[str, float]:
    log(f"Files: {files:,} recordings ...")
    env = {"VERNLY_DATABASE_URL": f"sqlite:///{root / 'ledger-files.sqlite'}",
           "VERNLY_VISITORS_URL": f"sqlite:///{root / 'empty-visitors.sqlite'}"}
    ours, floor = [], []
    cutoff = (NOW - timedelta(days=7)).strftime("%Y-%m-%d %H:%M:%S +0000")
    for rep in range(reps):
        tree = root / "cctv"
        shutil.rmtree(tree, ignore_errors=True)
        expired = make_tree(tree, files)
        env["VERNLY_CCTV_PATH"] = str(tree)
        ours.append(run_vernly(ws, env))
        assert remaining(tree) == files - expired
        shutil.rmtree(tree)
        make_tree(tree, files)
        started = time.perf_counter()
        subprocess.run(["find", str(tree), "-type", "f", "-name", "*.mp4", "!", "-newermt",
                        cutoff, "-delete"], check=True)
        floor.append(time.perf_counter() - started)
        assert remaining(tree) == files - expired
        log(f"  rep {rep + 1}: vernly {ours[-1]:.2f} s, find -delete {floor[-1]:.2f} s "
            f"({expired:,} removed)")
    shutil.rmtree(root / "cctv", ignore_errors=True)
    return {"vernly": median(ours), "floor": median(floor),
            "startup": startup(ws, {**env, "VERNLY_CCTV_PATH": str(ws / "data" / "cctv")})}


def report(name: str, figures: dict[str, float]) -> str:
    engine = figures["vernly"] - figures["startup"]
    return (f"| {name} | {figures['vernly']:.2f} | {figures['startup']:.2f} | {engine:.2f} | "
            f"{figures['floor']:.2f} | {figures['vernly'] / figures['floor']:.2f} | "
            f"{engine / figures['floor']:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--expired", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--only", default="sqlite,pg,files")
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    log(f"machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}")
    results: list[tuple[str, dict[str, float]]] = []
    with tempfile.TemporaryDirectory(prefix="vernly-bench-retention-") as tmp:
        root = Path(tmp)
        ws = make_workspace(root)
        steps: list[tuple[str, str, Callable[[], dict[str, float]]]] = [
            ("sqlite", f"SQLite, {args.rows:,} rows / {args.expired:,} expired",
             lambda: bench_sqlite(root, ws, args.rows, args.expired, args.reps)),
            ("pg", f"PostgreSQL, {args.rows:,} rows / {args.expired:,} expired",
             lambda: bench_pg(root, ws, args.rows, args.expired, args.reps)),
            ("files", f"CCTV files, {args.files:,}",
             lambda: bench_files(root, ws, args.files, args.reps))]
        for key, name, step in steps:
            if key in wanted:
                results.append((name, step()))
    log("")
    log(f"medians of {args.reps} repetitions, seconds")
    log("| data | vernly sweep (end to end) | of which start-up | sweep work | floor | "
        "ratio end to end | ratio of the work |")
    log("|---|---:|---:|---:|---:|---:|---:|")
    for name, figures in results:
        log(report(name, figures))


if __name__ == "__main__":
    main()
