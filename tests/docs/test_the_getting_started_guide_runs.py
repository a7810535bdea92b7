"""Every command of `docs/getting-started.md` runs, in order, as a reader would type it: on
the guide's own shop database (its SQL block), with the policy its YAML block writes, the
server it starts and the banner it puts on a site. The guide cannot go stale."""

from __future__ import annotations

import os
import re
import shlex
import socket
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

import vernly

GUIDE = Path(__file__).parents[2] / "docs" / "getting-started.md"
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```$", re.M | re.S)
EXITS = re.compile(r"#\s*exits (\d+)")
GUIDE_PORT = "8000"


@dataclass(frozen=True)
class Block:
    lang: str
    info: str
    body: str


def _blocks() -> list[Block]:
    return [Block(m[1], m[2].strip(), m[3]) for m in FENCE.finditer(GUIDE.read_text("utf-8"))]


def _free_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


@dataclass
class Reader:
    """A shell session as the guide's reader has it: a current folder and exported variables."""

    cwd: Path
    env: dict[str, str]
    port: str
    server: subprocess.Popen[bytes] | None = None

    def run(self, line: str) -> None:
        command = line.split("#", 1)[0].strip()
        expected = int(m[1]) if (m := EXITS.search(line)) else 0
        words = shlex.split(command)
        if words[0] == "cd":
            self.cwd = (self.cwd / words[1]).resolve()
        elif words[0] == "export":
            name, _, value = words[1].partition("=")
            self.env[name] = value
        elif words[:2] == ["vernly", "serve"]:
            self.serve(command.replace(f"--port {GUIDE_PORT}", f"--port {self.port}"))
        else:
            done = subprocess.run(["bash", "-c", command], cwd=self.cwd, env=self.env,
                                  capture_output=True, text=True, timeout=300, check=False)
            assert done.returncode == expected, (
                f"`{command}` exited {done.returncode}, the guide says {expected}:\n"
                f"{done.stdout}\n{done.stderr}")
            assert "Traceback" not in done.stderr, done.stderr

    def serve(self, command: str) -> None:
        with (self.cwd.parent / "serve.log").open("wb") as log:
            self.server = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=self.cwd,
                                           env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.server.poll() is None, "vernly serve stopped"
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/personvern").status_code == 200:
                    return
            except httpx.TransportError:
                pass  # not listening yet
            time.sleep(0.5)
        raise AssertionError("vernly serve did not answer")

    def fetch_links(self, html: str) -> None:
        assert self.server is not None, "the banner step comes after vernly serve"
        local = re.findall(rf'(?:src|href)="(http://localhost:{GUIDE_PORT}/[^"]*)"', html)
        assert local, "the banner snippet names no vernly address"
        for url in local:
            real = url.replace(f"localhost:{GUIDE_PORT}", f"127.0.0.1:{self.port}")
            assert httpx.get(real).status_code == 200, url


@pytest.fixture
def reader(tmp_path: Path) -> Iterator[Reader]:
    shim = tmp_path / "bin" / "vernly"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m vernly "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERNLY_")}
    source = str(Path(vernly.__file__).parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH")) if p)
    env["PATH"] = f"{shim.parent}{os.pathsep}{env['PATH']}"
    found = Reader(tmp_path / "start", env, _free_port())
    found.cwd.mkdir()
    yield found
    if found.server is not None:
        found.server.terminate()
        found.server.wait(timeout=30)


def test_every_command_of_the_guide_runs_to_a_first_answered_access_request(
        reader: Reader) -> None:
    blocks = _blocks()
    kinds = [b.lang for b in blocks]
    assert kinds.count("sql") == 1 and "html" in kinds and "sh" in kinds
    for block in blocks:
        if block.lang == "sql":
            with sqlite3.connect(reader.cwd / "shop.db") as db:
                db.executescript(block.body)
        elif block.lang == "sh":
            for line in block.body.splitlines():
                if line.strip() and not line.lstrip().startswith("#"):
                    reader.run(line)
        elif block.lang == "yaml" and block.info.startswith("file="):
            (reader.cwd / block.info.removeprefix("file=")).write_text(block.body, "utf-8")
        elif block.lang == "html":
            reader.fetch_links(block.body)
    packages = list((reader.cwd / "answers").glob("*.zip"))
    assert len(packages) == 1
    with zipfile.ZipFile(packages[0]) as package:
        everything = b"".join(package.read(name) for name in package.namelist())
    assert b"kari@example.no" in everything
    assert b"ola@example.no" not in everything


def test_the_guide_starts_from_an_empty_folder_with_vernly_init() -> None:
    commands = [line.split("#", 1)[0].strip() for b in _blocks() if b.lang == "sh"
                for line in b.body.splitlines() if line.strip()]
    assert commands[:3] == ["mkdir nordlys", "cd nordlys", "vernly init"]
    for step in ("vernly policy draft --url", "vernly policy check --connect",
                 "vernly serve", "vernly request access"):
        assert any(c.startswith(step) for c in commands), step
