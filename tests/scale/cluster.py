"""Several `vernly serve` and `vernly worker` processes on one PostgreSQL ledger, started at
the same instant, and a local SMTP server that keeps what it receives."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import IO, Any

import httpx
from aiosmtpd.controller import Controller

SRC = str(Path(__file__).resolve().parents[2] / "src")
VERNLY = [sys.executable, "-m", "vernly"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Mailbox:
    """Every message the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.port = free_port()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def cast_workspace(where: Path) -> Path:
    """The example policy with the connector tests' cast (Kari, Ola, Per) in its three
    SQLite databases, and an empty CCTV folder and web server log."""
    from tests.requests.conftest import write_cast
    from vernly.policy.loader import example_policy_path

    where.mkdir(parents=True)
    (where / "vernly.yaml").write_text(example_policy_path().read_text(encoding="utf-8"))
    write_cast(where)
    (where / "data" / "cctv").mkdir(parents=True)
    (where / "data" / "logs").mkdir(parents=True)
    (where / "data" / "logs" / "access.log").write_text("")
    return where


class Cluster:
    """`servers` web replicas (`--no-worker`) and `workers` workers on one ledger."""

    def __init__(self, workspace: Path, env: Mapping[str, str], logs: Path, servers: int = 3,
                 workers: int = 2) -> None:
        self.workspace, self.logs = workspace, logs
        self.env = {**os.environ, "PYTHONPATH": SRC, "VERNLY_WORKSPACE": str(workspace), **env}
        self.ports = [free_port() for _ in range(servers)]
        self.servers: list[subprocess.Popen[bytes]] = []
        self.workers: list[subprocess.Popen[bytes]] = []
        self._worker_count = workers
        self._files: list[IO[bytes]] = []
        logs.mkdir(parents=True, exist_ok=True)

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    def _spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("ab")
        self._files.append(log)
        return subprocess.Popen([*VERNLY, *args], env=self.env, stdout=log,
                                stderr=subprocess.STDOUT)

    def start_worker(self, index: int) -> subprocess.Popen[bytes]:
        return self._spawn(f"worker{index}", "worker", "--concurrency", "2")

    def start(self, timeout: float = 180) -> None:
        """Start every process at once, then wait until every server answers."""
        self.servers = [self._spawn(f"server{i}", "serve", "--no-worker", "--port", str(port))
                        for i, port in enumerate(self.ports)]
        self.workers = [self.start_worker(i) for i in range(self._worker_count)]
        deadline = time.monotonic() + timeout
        for url, process in zip(self.urls, self.servers, strict=True):
            while not _answers(url):
                assert process.poll() is None, f"{url} exited: {self.log_of(process)}"
                assert time.monotonic() < deadline, f"{url} did not come up"
                time.sleep(0.2)
        for process in self.workers:
            assert process.poll() is None, f"a worker exited: {self.log_of(process)}"

    def log_of(self, process: subprocess.Popen[bytes]) -> str:
        """The end of every process's log (which one failed is in its own)."""
        return "\n".join(f"--- {p.name}\n{p.read_text()[-1500:]}"
                         for p in sorted(self.logs.glob("*.log")))

    def kill_worker(self, index: int) -> None:
        self.workers[index].send_signal(signal.SIGKILL)
        self.workers[index].wait(10)

    def restart_worker(self, index: int) -> None:
        self.workers[index] = self.start_worker(index)

    def stop(self) -> None:
        for process in self.servers + self.workers:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.servers + self.workers:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in self._files:
            log.close()


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


@contextmanager
def running(cluster: Cluster) -> Iterator[Cluster]:
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
