"""`vernly demo` as a newcomer runs it, with no setting: a request sent on its privacy centre
gets its code e-mail caught by the demo's own mail catcher, and the demo outbox page shows
the code and the status link, which opens the request's page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.support.mailbox import free_port

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, "vernly demo stopped"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer")


def test_a_code_sent_on_the_demo_can_be_read_in_its_outbox(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VERNLY_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    process = subprocess.Popen(
        [sys.executable, "-m", "vernly", "demo", str(tmp_path / "demo"), "--subjects", "20",
         "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/personvern/sentrum", process)
        with httpx.Client(base_url=base, follow_redirects=True) as client:
            form = client.get("/personvern/rettigheter/innsyn").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', form)
            assert token
            sent = client.post("/personvern/rettigheter/innsyn",
                               data={"csrf_token": token.group(1),
                                     "email": "kari.nordmann@example.no"})
            assert "/personvern/status/" in str(sent.url)
            outbox = client.get("/demo/utboks").text
        assert "Demoens utboks" in outbox and "kari.nordmann@example.no" in outbox
        assert re.search(r"Engangskode / one-time code: \d{6}", outbox)
        link = re.search(r"(http://localhost:\d+/personvern/status/[\w-]+)", outbox)
        assert link and link.group(1).endswith(str(sent.url).rsplit("/", 1)[1])
        assert 'data-state="sent"' in outbox  # the catcher took it
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0].decode()
    assert "read it at http://localhost" in output
