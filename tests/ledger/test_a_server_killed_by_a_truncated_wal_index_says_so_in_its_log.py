"""SQLite keeps a WAL database's index (`ledger.sqlite-shm`) in memory mapped from that
file, in every process that opens it: that is how several processes share one ledger.
Truncating the file under a running server is the one fault the server cannot survive (the
next access to the mapped pages is a SIGBUS). It does not vanish silently: its log names
the signal and where it struck."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.consent.support import make_workspace

CHOICE = {"decisions": {"statistics": True}}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_truncated_wal_index_kills_the_server_with_a_fatal_error_in_its_log(
        tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    ledger = tmp_path / "ledger.sqlite"
    port = _free_port()
    env = {**os.environ, "VERNLY_DATABASE_URL": f"sqlite:///{ledger}",
           "VERNLY_SWEEP_INTERVAL": "0"}
    env.pop("VERNLY_WORKSPACE", None)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "vernly"), "serve", "-w", str(ws), "--port",
         str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to 30 s for a cold start on a busy CI machine
            try:
                httpx.get(f"{base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert httpx.post(f"{base}/api/v1/consent", json=CHOICE).status_code == 201
        shm = Path(f"{ledger}-shm")
        assert shm.stat().st_size > 0
        os.truncate(shm, 0)
        with contextlib.suppress(httpx.TransportError):  # the server dies answering it
            httpx.post(f"{base}/api/v1/consent", json=CHOICE, timeout=5)
        output, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=10)
    assert proc.returncode != 0
    assert "Fatal Python error: Bus error" in output, output[-2000:]
    # Where: the thread that touched the ledger, down to vernly's own call.
    struck = output.split("Current thread", 1)[1].split("\n\n", 1)[0]
    assert "vernly/ledger/" in struck, struck
