"""A server SIGKILLed while choices stream in, with batches held open between their inserts
and their commit: every choice it answered is in the ledger with its events; what it had
not answered is either wholly there or wholly absent, never half. On SQLite and
PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select

from tests.consent.support import free_port
from tests.support.vernly_with_faults import VERNLY as VERNLY_WITH_FAULTS
from vernly.ledger.consent import ConsentEvent, ConsentRecord
from vernly.ledger.db import Ledger


def _serve(workspace: Path, ledger_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "VERNLY_DATABASE_URL": ledger_url, "VERNLY_SECRET_KEY": "k",
           "VERNLY_SWEEP_INTERVAL": "0", "VERNLY_REQUEST_RETRY_INTERVAL": "0"}
    return subprocess.Popen([*VERNLY_WITH_FAULTS, "--consent-commit-delay", "0.05", "--",
                             "serve", "--port", str(port), "-w", str(workspace)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_every_answered_choice_survives_a_kill(workspace: Path, ledger_url: str) -> None:
    Ledger(ledger_url).dispose()  # migrated before the server starts
    port = free_port()
    server = _serve(workspace, ledger_url, port)
    base = f"http://127.0.0.1:{port}"
    answered: list[str] = []
    stop = threading.Event()

    def post_until_refused() -> None:
        with httpx.Client(base_url=base, timeout=30) as http:
            while not stop.is_set():
                try:
                    answer = http.post("/api/v1/consent", json={"decisions": {
                        "statistics": True, "marketing": False}})
                except httpx.HTTPError:
                    if server.poll() is not None:
                        return
                    time.sleep(0.05)
                    continue
                assert answer.status_code == 201, answer.text
                answered.append(answer.json()["record_id"])

    clients = [threading.Thread(target=post_until_refused) for _ in range(8)]
    try:
        for client in clients:
            client.start()
        deadline = time.monotonic() + 60
        while len(answered) < 40:
            assert server.poll() is None and time.monotonic() < deadline, "no choices answered"
            time.sleep(0.02)
        server.send_signal(signal.SIGKILL)
        server.wait(10)
    finally:
        stop.set()
        server.kill()
        for client in clients:
            client.join(30)

    ledger = Ledger(ledger_url)
    with ledger.session() as session:
        stored = set(session.scalars(select(ConsentRecord.id)))
        events = dict(session.execute(select(ConsentEvent.record_id, func.count())
                                      .group_by(ConsentEvent.record_id)).all())
    ledger.dispose()
    assert set(answered) <= stored, "an answered choice was lost"
    assert all(events.get(record) == 2 for record in stored), "a half-written choice"
