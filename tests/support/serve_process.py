"""`vernly serve` as a real process on a free loopback port, for tests that must see what
the process itself does (its log, how it dies)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.mailbox import free_port


@dataclass
class Served:
    base: str
    process: subprocess.Popen[str]
    output: str = ""
    """Everything the process wrote (stdout and stderr), once it has ended."""


@contextmanager
def vernly_serve(workspace: Path, ledger_url: str) -> Iterator[Served]:
    """A running `vernly serve` on `ledger_url`, answering `/healthz`; stopped (or killed)
    afterwards, its output kept on the `Served`."""
    port = free_port()
    env = {**os.environ, "VERNLY_DATABASE_URL": ledger_url, "VERNLY_SWEEP_INTERVAL": "0"}
    env.pop("VERNLY_WORKSPACE", None)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "vernly"), "serve", "-w", str(workspace),
         "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
        text=True)
    served = Served(f"http://127.0.0.1:{port}", process)
    try:
        for _ in range(300):  # up to 30 s for a cold start on a busy CI machine
            try:
                httpx.get(f"{served.base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield served
    finally:
        if process.poll() is None:
            process.terminate()
        try:
            served.output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            served.output, _ = process.communicate(timeout=10)
