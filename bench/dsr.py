"""`make bench-dsr`: data subject request latency on ~10 million rows.

For 200 random people (webshop customers, most of them also in other systems) it measures,
in the same run on the same data:

* vernly end to end: register the request, record the operator's verification, collect the
  person's rows in every system, write the package (data.json, CSVs, nb and en reports),
  record every step and audit entry — until the zip is on disk;
* vernly's collection phase alone (finding and reading the rows in every system);
* the floor: hand-written SQL reading exactly the same rows over open connections;

and then erasure of 20 other people on a copy of the data. Prints p50/p95 and ratios; the
goal is end-to-end p50 <= 50 ms and collection within 2x the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dsr_data import SYSTEMS, Built, People, build
from bench.dsr_floor import Floor

from vernly.connectors.datamap import DataMap
from vernly.engine.requests import service
from vernly.ledger.db import Ledger
from vernly.notices.access_report import render
from vernly.policy.loader import load_policy
from vernly.settings import load_settings

PG_ADMIN = os.environ.get("VERNLY_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
OPERATOR = "operator:bench"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def stats(values: list[float]) -> dict[str, float]:
    return {"p50": round(statistics.median(values), 3), "p95": round(pct(values, 95), 3),
            "n": len(values)}


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return (time.perf_counter() - started) * 1000, result


def desk(built: Built, ledger_path: Path) -> tuple[Any, Any, Ledger]:
    if ledger_path.exists():
        ledger_path.unlink()
    env = {**built.env, "VERNLY_DATABASE_URL": f"sqlite:///{ledger_path}"}
    settings = load_settings(built.workspace, env)
    return settings, load_policy(settings.policy_path), Ledger(settings.database_url)


def measure_access(built: Built, kind: str, people: int, seed: int) -> dict[str, Any]:
    settings, loaded, ledger = desk(built, built.workspace / ".vernly" / "bench-ledger.sqlite")
    data_map = DataMap(loaded.policy, built.workspace, built.env)
    floor = Floor(kind, {s: built.env[f"VERNLY_{s.upper()}_URL"] for s in SYSTEMS})
    population = People(int(built.customers * 1.2), built.seed)
    rng = random.Random(seed)
    chosen = [population[i] for i in rng.sample(range(built.customers), people + 10)]
    e2e: list[float] = []
    collect: list[float] = []
    floor_ms: list[float] = []
    mismatches = 0
    rows = 0
    for index, person in enumerate(chosen):
        def vernly(p: Any = person) -> Any:
            return service.submit_and_run(ledger, settings, loaded, "access", p.email, p.phone,
                                          None, OPERATOR, "cli", data_map=data_map,
                                          renderer=render)

        def by_hand(p: Any = person) -> dict[str, int]:
            return floor.lookup(p.email, p.phone)

        # Alternate who goes first so neither always gets the warmer cache.
        if index % 2:
            t_floor, counts = timed(by_hand)
            t_e2e, view = timed(vernly)
        else:
            t_e2e, view = timed(vernly)
            t_floor, counts = timed(by_hand)
        found = {f"{s}.{t}": n for s, tables in view.result["systems"].items()
                 for t, n in tables.items() if n}
        if index < 10:
            continue  # warm-up
        mismatches += found != counts
        rows += sum(counts.values())
        e2e.append(t_e2e)
        collect.append(view.result["timings_ms"]["collect"])
        floor_ms.append(t_floor)
    data_map.close()
    floor.close()
    ledger.dispose()
    out = {"e2e_ms": stats(e2e), "collect_ms": stats(collect), "floor_ms": stats(floor_ms),
           "rows_per_person": round(rows / people, 1), "mismatches": mismatches}
    out["ratio_collect_floor_p50"] = round(out["collect_ms"]["p50"] / out["floor_ms"]["p50"], 2)
    out["ratio_e2e_floor_p50"] = round(out["e2e_ms"]["p50"] / out["floor_ms"]["p50"], 2)
    return out


def erasure_copy(built: Built, kind: str) -> tuple[Built, Callable[[], None]]:
    """A throw-away copy of the customer data to erase in."""
    if kind == "sqlite":
        copy = Path(tempfile.mkdtemp(prefix="dsr-erase-", dir=built.workspace.parent))
        shutil.copyfile(built.workspace / "vernly.yaml", copy / "vernly.yaml")
        shutil.copytree(built.workspace / "data", copy / "data")
        env = {f"VERNLY_{s.upper()}_URL": f"sqlite:///{copy / 'data' / f'{s}.sqlite'}"
               for s in SYSTEMS}
        return (Built(copy, env, built.counts, built.customers, built.seed),
                lambda: shutil.rmtree(copy))
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    base = PG_ADMIN.rsplit("/", 1)[0]
    env = {}
    with admin.connect() as conn:
        for s in SYSTEMS:
            conn.execute(text(f"DROP DATABASE IF EXISTS vernly_bench_erase_{s} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE vernly_bench_erase_{s} "
                              f"TEMPLATE vernly_bench_{s}"))
            env[f"VERNLY_{s.upper()}_URL"] = f"{base}/vernly_bench_erase_{s}"

    def drop() -> None:
        with admin.connect() as conn:
            for s in SYSTEMS:
                conn.execute(text(f"DROP DATABASE IF EXISTS vernly_bench_erase_{s} WITH (FORCE)"))
        admin.dispose()

    return Built(built.workspace, env, built.counts, built.customers, built.seed), drop


def measure_erasure(built: Built, kind: str, count: int, seed: int) -> dict[str, Any]:
    copy, drop = erasure_copy(built, kind)
    try:
        settings, loaded, ledger = desk(copy, copy.workspace / ".vernly" / "bench-erase.sqlite")
        data_map = DataMap(loaded.policy, copy.workspace, copy.env)
        population = People(int(built.customers * 1.2), built.seed)
        rng = random.Random(seed + 1)
        times: list[float] = []
        changed = 0
        for i in rng.sample(range(built.customers), count + 3):
            p = population[i]
            ms, view = timed(lambda p=p: service.submit_and_run(
                ledger, settings, loaded, "erasure", p.email, p.phone, None, OPERATOR, "cli",
                data_map=data_map, renderer=render))
            changed += sum(s.get("deleted", 0) + s.get("nulled", 0)
                           for s in view.result["systems"].values())
            times.append(ms)
        data_map.close()
        ledger.dispose()
        return {"erase_ms": stats(times[3:]),
                "rows_changed_per_person": round(changed / len(times), 1)}
    finally:
        drop()


def machine() -> dict[str, str]:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
    model = next((line.split(":", 1)[1].strip() for line in lscpu if "Model name" in line), "")
    return {"nproc": str(os.cpu_count()), "cpu": model, "python": platform.python_version(),
            "sqlite": __import__("sqlite3").sqlite_version, "platform": platform.platform()}


def pg_reachable() -> bool:
    try:
        engine = create_engine(PG_ADMIN, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000,
                        help="Customers; total rows are about 10 per customer.")
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--erasures", type=int, default=20)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": machine(), "backends": {}}
    for kind in args.backends.split(","):
        if kind == "postgresql" and not pg_reachable():
            print(f"postgresql: not reachable at {PG_ADMIN.split('@')[-1]}, skipped")
            continue
        print(f"{kind}: building or reusing ~{args.customers * 10:,} rows ...", flush=True)
        started = time.perf_counter()
        built = build(args.out, kind, args.customers, args.seed, PG_ADMIN)
        print(f"{kind}: {built.rows:,} rows ready ({time.perf_counter() - started:.0f}s)")
        access = measure_access(built, kind, args.people, args.seed)
        erasure = measure_erasure(built, kind, args.erasures, args.seed)
        results["backends"][kind] = {"rows": built.rows, **access, **erasure}
        report(kind, results["backends"][kind])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "dsr-results.json").write_text(json.dumps(results, indent=1))
    print(f"machine: {results['machine']}")


def report(kind: str, r: dict[str, Any]) -> None:
    print(f"\n{kind}: {r['rows']:,} rows, {r['rows_per_person']} rows per person, "
          f"{r['e2e_ms']['n']} people")
    print(f"  {'':<34}{'p50 ms':>10}{'p95 ms':>10}")
    for label, key in (("vernly access, end to end", "e2e_ms"),
                       ("vernly collection phase", "collect_ms"),
                       ("floor: hand-written SQL", "floor_ms"),
                       ("vernly erasure, one person", "erase_ms")):
        print(f"  {label:<34}{r[key]['p50']:>10.2f}{r[key]['p95']:>10.2f}")
    print(f"  collection / floor (p50): {r['ratio_collect_floor_p50']}x (goal <= 2x)")
    print(f"  end to end / floor (p50): {r['ratio_e2e_floor_p50']}x; "
          f"end to end p50 goal <= 50 ms: {'met' if r['e2e_ms']['p50'] <= 50 else 'NOT met'}")
    print(f"  rows differing from the floor: {r['mismatches']} people")


if __name__ == "__main__":
    main()
