"""Inside `vernly serve` a background thread sweeps every `sweep_interval_seconds` (0 turns
it off); its runs are recorded as the scheduler's, and stopping the app stops it at once."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.retention.support import NOW, cctv_file, days, loaded, settings, workspace
from vernly.engine.retention.scheduler import SweepScheduler
from vernly.ledger.db import Ledger
from vernly.ledger.retention import SweepRun
from vernly.web.app import create_app


def test_the_scheduler_sweeps_repeatedly_until_stopped(tmp_path: Path) -> None:
    ws, env = workspace(tmp_path)
    old = cctv_file(ws, "resepsjon", NOW - days(8))
    ledger = Ledger(env["VERNLY_DATABASE_URL"])
    scheduler = SweepScheduler(settings(ws, env, NOW), loaded(ws), ledger, interval=0.3,
                               first_delay=0)
    scheduler.start()
    deadline = time.monotonic() + 30
    while scheduler.runs < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    thread = scheduler._thread
    assert thread is not None
    scheduler.stop()
    assert not thread.is_alive(), "stopping the scheduler ends its thread"
    assert scheduler.runs >= 2
    assert not old.exists()
    with ledger.session() as session:
        runs = session.execute(select(SweepRun)).scalars().all()
    assert {r.actor for r in runs} == {"system"}
    assert all(r.status == "succeeded" for r in runs)
    ledger.dispose()


def test_the_app_starts_the_scheduler_only_when_an_interval_is_set(tmp_path: Path) -> None:
    ws, env = workspace(tmp_path)
    for interval, enabled in (("0", False), ("900", True)):
        app = create_app(settings(ws, env, NOW, VERNLY_SWEEP_INTERVAL=interval))
        with TestClient(app):
            scheduler = app.state.sweep_scheduler
            assert scheduler.enabled is enabled
            assert (scheduler._thread is not None) is enabled
        assert scheduler._thread is None
        app.state.ledger.dispose()
