"""Consent choices over HTTP at rising concurrency, on SQLite and on PostgreSQL ledgers.

vernly runs as a real server (`uvicorn --factory vernly.web.asgi:app_factory`, one worker)
in its own process on a free loopback port. An asyncio keep-alive client POSTs banner choices
(each a first visit: a new record and two events) to `/api/v1/consent` for a fixed time at
concurrency 1, 4, 16 and 64, and, in the same run against the same server, GETs `/healthz`
(the cheapest endpoint: the floor of what the HTTP stack can do on this machine).
On PostgreSQL it runs once with one server and once with two server processes on the same
ledger (the client's connections spread over both). Prints choices/s, events/s, p50/p99
latency, the same for the floor, and the ratio.

    make bench-consent                 # SQLite, PostgreSQL with one server and with two
    python bench/consent.py --seconds 3 --ledger sqlite --levels 16
"""

from __future__ import annotations

import argparse
import asyncio
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
def server(workspace: Path, ledger_url: str) -> Iterator[str]:
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
        yield base
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
                ) -> dict[str, float]:
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
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "requests": len(latencies), "rps": len(latencies) / elapsed,
        "events_per_s": events / elapsed, "errors": errors,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def measure(bases: list[str], seconds: float, levels: list[int]) -> list[dict[str, Any]]:
    asyncio.run(_load(bases, 4, 1.0, "consent"))  # warm up: migrations done, pools filled
    asyncio.run(_load(bases, 4, 0.5, "healthz"))
    rows = []
    for level in levels:
        consent = asyncio.run(_load(bases, level, seconds, "consent"))
        floor = asyncio.run(_load(bases, level, seconds, "healthz"))
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
              f" | {'ratio':>6}")
        for kind in kinds:
            if kind == "sqlite":
                ctx: Any = _sqlite(ws)
            else:
                ctx = postgres_database()
            with ctx as url, servers(ws, url, 2 if kind.endswith("×2") else 1) as bases:
                for row in measure(bases, args.seconds, args.levels):
                    c, f = row["consent"], row["floor"]
                    print(f"{kind:<13}{row['concurrency']:>5}{c['rps']:>11.0f}"
                          f"{c['events_per_s']:>10.0f}{c['p50_ms']:>9.1f}{c['p99_ms']:>9.1f}"
                          f"{c['errors']:>7} | {f['rps']:>10.0f}{f['p50_ms']:>9.1f}"
                          f"{f['p99_ms']:>9.1f} | {c['rps'] / f['rps']:>6.2f}", flush=True)


@contextmanager
def servers(workspace: Path, ledger_url: str, count: int) -> Iterator[list[str]]:
    """`count` server processes on one ledger, the first migrated before the next starts."""
    with ExitStack() as stack:
        yield [stack.enter_context(server(workspace, ledger_url)) for _ in range(count)]


@contextmanager
def _sqlite(ws: Path) -> Iterator[str]:
    yield f"sqlite:///{ws / '.vernly' / 'bench-ledger.sqlite'}"


if __name__ == "__main__":
    main()
