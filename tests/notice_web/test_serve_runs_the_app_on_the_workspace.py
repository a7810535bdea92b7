"""`vernly serve` prints where to look and serves the workspace's notice over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from vernly.cli.main import app as cli


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_prints_the_urls_and_serves_the_notice(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert CliRunner().invoke(cli, ["init", str(ws)]).exit_code == 0
    port = _free_port()
    env = {**os.environ, "VERNLY_DATABASE_URL": f"sqlite:///{tmp_path / 'ledger.sqlite'}"}
    env.pop("VERNLY_WORKSPACE", None)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "vernly"), "serve", "-w", str(ws), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    try:
        body = ""
        for _ in range(300):  # up to 30 s for a cold start on a busy CI machine
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/en/privacy", timeout=2)
                body = response.text
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert "Privacy notice" in body and "_gid" in body
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/operators/me").status_code == 401
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=10)
    assert f"Privacy notice (nb): http://localhost:{port}/personvern" in output
    assert f"Privacy notice (en): http://localhost:{port}/en/privacy" in output
    assert f"API documentation:   http://localhost:{port}/docs" in output


def test_serve_without_a_policy_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "-w", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip() == (f"error: {tmp_path.resolve()}: not a vernly workspace (no "
                                     "vernly.yaml); run 'vernly init' there or pass --workspace")
