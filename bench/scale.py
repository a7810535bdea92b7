"""`make bench-scale`: access requests completed per minute by 1 and by 2 workers on a
PostgreSQL ledger, on the bench-dsr data (`bench/dsr_data.py`, ~10 rows per customer in
PostgreSQL customer databases; 1,000,000 customers by default, reused when built).

For each worker count: a fresh ledger database, the workers started (`vernly worker
--concurrency 2`), `--requests` access requests for random customers registered as verified
and queued at once (as the web servers do), and the time until every one has collected
every system and written its package. Prints requests per minute and the ratio 2:1,
measured in the same run on the same data.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dsr import PG_ADMIN, machine, pg_reachable
from bench.dsr_data import People, build

from vernly.engine import jobs
from vernly.engine.requests import service
from vernly.engine.requests.jobs import defer_run
from vernly.ledger.db import Ledger
from vernly.policy.loader import load_policy
from vernly.settings import load_settings

SECRET = "bench-scale"


def fresh_ledger() -> tuple[str, str]:
    name = f"vernly_scale_{uuid.uuid4().hex[:8]}"
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return name, make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)


def drop(name: str) -> None:
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    engine.dispose()


def unfinished(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(
                "SELECT count(*) FROM dsr_requests WHERE package_path IS NULL")).scalar_one())
    finally:
        engine.dispose()


def run(workspace: Path, systems_env: dict[str, str], workers: int, emails: list[str]
        ) -> float:
    """Requests per minute with `workers` workers."""
    name, url = fresh_ledger()
    env = {**systems_env, "VERNLY_DATABASE_URL": url, "VERNLY_SECRET_KEY": SECRET,
           "VERNLY_SWEEP_INTERVAL": "0", "VERNLY_SMTP_PORT": "1"}
    settings = load_settings(workspace, env)
    loaded = load_policy(settings.policy_path)
    ledger = Ledger(url, also=(jobs.apply_schema,))
    ids = [service.submit(ledger, settings, loaded, "access", email, channel="api",
                          actor="operator:bench", verified_by_operator=True).id
           for email in emails]
    vernly = str(Path(sys.executable).parent / "vernly")
    procs = [subprocess.Popen([vernly, "worker", "--concurrency", "2", "-w", str(workspace)],
                              env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for _ in range(workers)]
    try:
        time.sleep(5)  # the workers are up and idle before the clock starts
        queue = jobs.create_app(settings, worker=False)
        queue.open()
        started = time.perf_counter()
        for request_id in ids:
            defer_run(queue, request_id, "operator:bench")
        while unfinished(url):
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        queue.close()
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(60)
        ledger.dispose()
        drop(name)
    return len(ids) / elapsed * 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not pg_reachable():
        print(f"postgresql: not reachable at {PG_ADMIN.split('@')[-1]}; nothing measured")
        return
    print(f"building or reusing ~{args.customers * 10:,} rows on PostgreSQL ...", flush=True)
    built = build(args.out, "postgresql", args.customers, args.seed, PG_ADMIN)
    people = People(args.customers, args.seed)
    rng = random.Random(args.seed)
    rates = {}
    for workers in (1, 2):
        emails = [people[rng.randrange(args.customers)].email for _ in range(args.requests)]
        rates[workers] = run(built.workspace, built.env, workers, emails)
        print(f"{workers} worker(s): {rates[workers]:.0f} access requests completed per "
              f"minute ({args.requests} requests, {built.rows:,} rows)", flush=True)
    print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
