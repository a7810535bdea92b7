"""Consent choices over HTTP at rising concurrency, on SQLite and on PostgreSQL ledgers.

vernly runs as a real server (`uvicorn --factory vernly.web.asgi:app_factory`, one worker)
in its own process on a free loopback port. An asyncio keep-alive client POSTs banner choices
(each a first visit: a new record and two events) to `/api/v1/consent` for a fixed time at
concurrency 1, 4, 16 and 64, and, in the same run against the same server, GETs `/healthz`
(the cheapest endpoint: the floor of what the HTTP stack can do on this machine).
On PostgreSQL it runs once with one server and once with two server processes on the same
ledger (the client's connections spread over both). The two endpoints take turns in 1 s
slices (ABBA), so load from other work on a shared machine falls on both alike. Prints
choices/s, events/s, p50/p99 latency, the same for the floor, the ratio, and the servers'
CPU time per request (read from `/proc`; on PostgreSQL also its backends' CPU time per
choice, "+x db"), which depends far less on other work than the rates do.

    make bench-consent                 # SQLite, PostgreSQL with one server and with two
    python bench/consent.py --seconds 3 --ledger sqlite --levels 16
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gzip
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("VERNLY_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
LEVELS = (1, 4, 16, 64)
CHOICES = ({"statistics": True, "marketing": True}, {"statistics": False, "marketing": False},
           {"statistics": True, "marketing": False})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def postgres_database() -> Iterator[str]:
    name = f"vernly_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with engine.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        engine.dispose()


@contextmanager
def server(workspace: Path, ledger_url: str) -> Iterator[tuple[str, int]]:
    port = free_port()
    env = dict(os.environ, VERNLY_WORKSPACE=str(workspace), VERNLY_DATABASE_URL=ledger_url,
               VERNLY_SECRET_KEY="bench", VERNLY_SWEEP_INTERVAL="0")
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "vernly.web.asgi:app_factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
         "--no-access-log"], env=env, cwd=workspace)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"server for {ledger_url.split(':')[0]} did not start")
            time.sleep(0.1)
        yield base, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=20)


class Connection:
    """A minimal HTTP/1.1 keep-alive client: the load generator must cost less than the
    server it measures (httpx spends more CPU per request than `/healthz` does)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = (f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                f"User-Agent: vernly-bench\r\nContent-Length: {len(body)}\r\n")
        if body:
            head += "Content-Type: application/json\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        await self.writer.drain()
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = next(int(v) for k, _, v in (ln.partition(":") for ln in lines[1:])
                      if k.lower() == "content-length")
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _load(bases: list[str], concurrency: int, seconds: float, kind: str
                ) -> dict[str, Any]:
    latencies: list[float] = []
    events = 0
    errors = 0
    bodies = [json.dumps({"decisions": c, "language": "nb"}).encode() for c in CHOICES]
    stop = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        nonlocal events, errors
        host, port = bases[n % len(bases)].removeprefix("http://").split(":")
        conn = Connection(host, int(port))
        i = n
        try:
            while time.perf_counter() < stop:
                started = time.perf_counter()
                if kind == "consent":
                    status, body = await conn.request("POST", "/api/v1/consent",
                                                      bodies[i % len(bodies)])
                else:
                    status, body = await conn.request("GET", "/healthz")
                latencies.append(time.perf_counter() - started)
                if status >= 400:
                    errors += 1
                elif kind == "consent":
                    events += len(json.loads(body)["events"])
                i += concurrency
        finally:
            conn.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    return {"elapsed": time.perf_counter() - began, "latencies": latencies,
            "events": events, "errors": errors}


def _summary(slices: list[dict[str, Any]], cpu: float) -> dict[str, float]:
    latencies = sorted(x for part in slices for x in part["latencies"])
    elapsed = sum(part["elapsed"] for part in slices)
    return {
        "requests": len(latencies), "rps": len(latencies) / elapsed,
        "events_per_s": sum(part["events"] for part in slices) / elapsed,
        "errors": sum(part["errors"] for part in slices),
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "cpu_ms": cpu / max(len(latencies), 1) * 1000,
    }


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far (Linux `/proc`), 0 elsewhere."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


SLICE_SECONDS = 1.0
"""The endpoints take turns in slices this long: other work on a shared machine comes and
goes within seconds, and both must meet the same share of it to be compared fairly."""


def measure(bases: list[str], pids: list[int], seconds: float, levels: list[int],
            backends: Any = None) -> list[dict[str, Any]]:
    """Per level: consent and `/healthz`, in alternating slices; with the servers' CPU time
    per request (and, on PostgreSQL, its backends' CPU time per request, `backends()`
    listing their process ids)."""
    asyncio.run(_load(bases, 4, 1.0, "consent"))  # warm up: migrations done, pools filled
    asyncio.run(_load(bases, 4, 0.5, "healthz"))
    rows = []
    for level in levels:
        slices: dict[str, list[dict[str, Any]]] = {"consent": [], "healthz": []}
        cpu = {"consent": 0.0, "healthz": 0.0}
        db_cpu = {"consent": 0.0, "healthz": 0.0}
        turns = max(1, round(seconds / SLICE_SECONDS))
        for turn in range(turns):
            # ABBA order, so neither endpoint always goes first after a change of load.
            order = ("consent", "healthz") if turn % 2 == 0 else ("healthz", "consent")
            for kind in order:
                db = backends() if backends else []
                before, db_before = cpu_seconds(pids), cpu_seconds(db)
                slices[kind].append(asyncio.run(_load(bases, level, seconds / turns, kind)))
                cpu[kind] += cpu_seconds(pids) - before
                db_cpu[kind] += cpu_seconds(db) - db_before
        consent, floor = (_summary(slices[k], cpu[k]) for k in ("consent", "healthz"))
        consent["db_cpu_ms"] = db_cpu["consent"] / max(consent["requests"], 1) * 1000
        floor["db_cpu_ms"] = db_cpu["healthz"] / max(floor["requests"], 1) * 1000
        rows.append({"concurrency": level, "consent": consent, "floor": floor})
    return rows


def banner_sizes() -> tuple[int, int]:
    static = ROOT / "src" / "vernly" / "web" / "static" / "consent"
    js, css = (static / "banner.js").read_bytes(), (static / "banner.css").read_bytes()
    return (len(gzip.compress(js, 9, mtime=0)) + len(gzip.compress(css, 9, mtime=0)),
            len(js) + len(css))


def machine() -> str:
    cpu = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        cpu = next((ln.split(":", 1)[1].strip() for ln in out.splitlines()
                    if ln.startswith("Model name")), "")
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs ({cpu or platform.processor()}), Python "
            f"{platform.python_version()}, {platform.system()} {platform.release()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="per level and endpoint")
    parser.add_argument("--ledger", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--levels", type=int, nargs="+", default=list(LEVELS),
                        help="concurrency levels")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    gz, raw = banner_sizes()
    print(f"banner code (JS+CSS): {gz} B gzip, {raw} B raw")
    with tempfile.TemporaryDirectory(prefix="vernly-bench-consent-") as tmp:
        ws = Path(tmp) / "ws"
        ws.mkdir()
        shutil.copyfile(ROOT / "src" / "vernly" / "policy" / "example" / "vernly.yaml",
                        ws / "vernly.yaml")
        kinds = {"sqlite": ["sqlite"], "postgresql": ["postgresql", "postgresql×2"],
                 "both": ["sqlite", "postgresql", "postgresql×2"]}[args.ledger]
        print(f"\n{'ledger':<13}{'conc':>5}{'choices/s':>11}{'events/s':>10}{'p50 ms':>9}"
              f"{'p99 ms':>9}{'errors':>7} | {'healthz/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
              f" | {'ratio':>6} | {'cpu ms/choice':>14}{'cpu ms/healthz':>15}")
        for kind in kinds:
            if kind == "sqlite":
                ctx: Any = _sqlite(ws)
            else:
                ctx = postgres_database()
            with ctx as url, servers(ws, url, 2 if kind.endswith("×2") else 1) as running:
                bases, pids = [b for b, _ in running], [p for _, p in running]
                backends = None if kind == "sqlite" else functools.partial(backend_pids, url)
                for row in measure(bases, pids, args.seconds, args.levels, backends):
                    c, f = row["consent"], row["floor"]
                    db = f"+{c['db_cpu_ms']:.2f} db" if kind != "sqlite" else ""
                    print(f"{kind:<13}{row['concurrency']:>5}{c['rps']:>11.0f}"
                          f"{c['events_per_s']:>10.0f}{c['p50_ms']:>9.1f}{c['p99_ms']:>9.1f}"
                          f"{c['errors']:>7} | {f['rps']:>10.0f}{f['p50_ms']:>9.1f}"
                          f"{f['p99_ms']:>9.1f} | {c['rps'] / f['rps']:>6.2f} | "
                          f"{c['cpu_ms']:>5.2f}{db:>9}{f['cpu_ms']:>15.2f}", flush=True)


def backend_pids(url: str) -> list[int]:
    """The process ids of PostgreSQL's backends serving the bench database (same machine)."""
    name = url.rsplit("/", 1)[1]
    engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            return [int(p) for p in conn.execute(
                text("SELECT pid FROM pg_stat_activity WHERE datname = :n"), {"n": name}
            ).scalars()]
    finally:
        engine.dispose()


@contextmanager
def servers(workspace: Path, ledger_url: str, count: int) -> Iterator[list[tuple[str, int]]]:
    """`count` server processes on one ledger, the first migrated before the next starts."""
    with ExitStack() as stack:
        yield [stack.enter_context(server(workspace, ledger_url)) for _ in range(count)]


@contextmanager
def _sqlite(ws: Path) -> Iterator[str]:
    yield f"sqlite:///{ws / '.vernly' / 'bench-ledger.sqlite'}"


if __name__ == "__main__":
    main()
