"""`make cluster-demo`: vernly as a small cluster on one PostgreSQL ledger, on loopback.

Builds the demo workspace (`cluster-demo/`), then starts two web servers (`--no-worker`) on
ports 8001 and 8002 and two workers, all at the same instant, against a fresh database
`vernly_cluster` on the PostgreSQL named by `VERNLY_CLUSTER_ADMIN_URL` (default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres). Put any reverse proxy in front of
the two ports (docs/deploy.md has one for Caddy and nginx); Ctrl-C stops everything.
Kill a worker or a server (`kill -9 PID`) and watch the others carry on.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

PORTS = (8001, 8002)
WORKERS = 2
DATABASE = "vernly_cluster"


def fresh_database(admin_url: str) -> str:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {DATABASE}"))
    engine.dispose()
    return make_url(admin_url).set(database=DATABASE).render_as_string(hide_password=False)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the cluster as Ctrl-C does


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    vernly = str(Path(sys.executable).parent / "vernly")
    workspace = Path(os.environ.get("DEMO", "cluster-demo")).resolve()
    admin = os.environ.get("VERNLY_CLUSTER_ADMIN_URL",
                           "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    demo_env = {k: v for k, v in os.environ.items() if k != "VERNLY_DATABASE_URL"}
    subprocess.run([vernly, "demo", str(workspace), "--no-serve", "--force"], check=True,
                   env=demo_env, stdout=subprocess.DEVNULL)
    env = {**os.environ, "VERNLY_WORKSPACE": str(workspace),
           "VERNLY_DATABASE_URL": fresh_database(admin),
           "VERNLY_SECRET_KEY": os.environ.get("VERNLY_SECRET_KEY",
                                               secrets.token_urlsafe(32))}
    processes = [subprocess.Popen([vernly, "serve", "--no-worker", "--port", str(port)],
                                  env=env) for port in PORTS]
    processes += [subprocess.Popen([vernly, "worker"], env=env) for _ in range(WORKERS)]
    print(f"\nvernly cluster on {DATABASE}: servers "
          + ", ".join(f"http://localhost:{p}/personvern (pid {pr.pid})"
                      for p, pr in zip(PORTS, processes, strict=False))
          + f"; workers pid {', '.join(str(p.pid) for p in processes[len(PORTS):])}"
          + "\nreadiness: /readyz on each server; Ctrl-C stops the cluster\n", flush=True)
    try:
        while all(p.poll() is None for p in processes[:len(PORTS)]):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(30)


if __name__ == "__main__":
    main()
