"""`vernly serve` as a real process on a free loopback port, its output kept for reading."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.consent.support import free_port


@dataclass
class Served:
    url: str
    process: subprocess.Popen[str]
    output: list[str] = field(default_factory=list)
    """Everything the server printed (its access log too), once it has stopped."""


@contextmanager
def vernly_serve(workspace: Path, *args: str, **env: str) -> Iterator[Served]:
    port = free_port()
    environment = {**os.environ, "VERNLY_SECRET_KEY": "test-secret-key",
                   "VERNLY_DATABASE_URL": f"sqlite:///{workspace / 'ledger.sqlite'}", **env}
    environment.pop("VERNLY_WORKSPACE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "vernly", "serve", "-w", str(workspace), "--port", str(port),
         *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=environment, text=True)
    served = Served(f"http://127.0.0.1:{port}", process)
    try:
        for _ in range(300):  # up to 30 s for a cold start on a busy machine
            try:
                httpx.get(served.url + "/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                time.sleep(0.1)
        yield served
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=15)
        served.output.extend(out.splitlines())
