"""`/healthz` says the process answers; `/readyz` says whether it may take traffic: 503 with
a one-line reason while the ledger's schema is not at this version's heads or, on
PostgreSQL, while no worker is beating, and 200 once one is."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.scale.cluster import SRC, VERNLY, cast_workspace
from vernly.settings import load_settings
from vernly.web.app import create_app


def test_an_old_schema_makes_the_server_not_ready(tmp_path: Path) -> None:
    ws = cast_workspace(tmp_path / "ws")
    app = create_app(load_settings(ws, {"VERNLY_DATABASE_URL":
                                        f"sqlite:///{tmp_path / 'ledger.sqlite'}"}))
    client = TestClient(app)
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"ledger": "ok", "migrations": "ok"}
    with app.state.ledger.session() as session:
        session.execute(text("UPDATE vernly_schema SET fingerprint = 'an older version'"))
    stale = client.get("/readyz")
    assert stale.status_code == 503
    assert stale.json()["reason"].startswith("migrations: the ledger's schema is not at ")
    assert client.get("/healthz").status_code == 200


def test_on_postgresql_the_server_is_ready_once_a_worker_beats(postgres_url: str,
                                                               tmp_path: Path) -> None:
    ws = cast_workspace(tmp_path / "ws")
    env = {"VERNLY_DATABASE_URL": postgres_url, "VERNLY_SECRET_KEY": "readyz-test"}
    client = TestClient(create_app(load_settings(ws, env)))
    waiting = client.get("/readyz")
    assert waiting.status_code == 503
    assert waiting.json()["reason"].startswith("worker: no worker has sent a heartbeat")
    worker = subprocess.Popen([*VERNLY, "worker", "-w", str(ws)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL,
                              env={**os.environ, "PYTHONPATH": SRC, **env})
    try:
        deadline = time.monotonic() + 120
        while (ready := client.get("/readyz")).status_code != 200:
            assert worker.poll() is None and time.monotonic() < deadline, ready.json()
            time.sleep(0.5)
        assert ready.json()["checks"] == {"ledger": "ok", "migrations": "ok", "worker": "ok"}
    finally:
        worker.terminate()
        worker.wait(30)
