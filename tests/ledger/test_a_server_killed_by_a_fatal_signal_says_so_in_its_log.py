"""A server killed by a fatal signal (a crash in a driver's C code, say) does not vanish
silently: its log names the signal and the stack of every thread at that moment."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.consent.support import make_workspace


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_server_killed_by_sigsegv_logs_a_fatal_error_with_its_threads(
        tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    port = _free_port()
    env = {**os.environ, "VERNLY_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.sqlite'}",
           "VERNLY_SWEEP_INTERVAL": "0"}
    env.pop("VERNLY_WORKSPACE", None)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "vernly"), "serve", "-w", str(ws), "--port",
         str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    try:
        for _ in range(300):  # up to 30 s for a cold start on a busy CI machine
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        os.kill(proc.pid, signal.SIGSEGV)
        output, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGSEGV
    assert "Fatal Python error: Segmentation fault" in output, output[-2000:]
    assert "uvicorn" in output.split("Fatal Python error", 1)[1]  # the serving thread's stack
