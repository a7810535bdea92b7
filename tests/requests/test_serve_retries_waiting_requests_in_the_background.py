"""Inside `vernly serve` a background thread looks every `request_retry_interval_seconds`
for requests whose retry is due and runs them (as `scheduler` in the audit log), next to
the retention sweeps; 0 turns it off, and stopping the app stops it at once."""

from __future__ import annotations

import time
from dataclasses import replace

from fastapi.testclient import TestClient

from tests.connectors.cast import KARI_EMAIL
from tests.requests.desk import Desk
from tests.requests.support import audit_rows, unreachable
from vernly.engine.requests import service
from vernly.engine.requests.retries import RetryScheduler
from vernly.notices.access_report import render
from vernly.web.app import create_app


def test_the_loop_runs_a_request_once_its_retry_is_due(sqlite_cast_desk: Desk) -> None:
    desk = sqlite_cast_desk
    with unreachable(desk.settings.workspace, "visitors"):
        waiting = desk.operator_run("erasure", KARI_EMAIL)
    assert waiting.waiting_on == ["visitors"] and waiting.next_attempt_at
    due = desk.at(waiting.next_attempt_at)
    scheduler = RetryScheduler(due.settings, due.loaded, due.ledger, render, interval=0.2,
                               first_delay=0)
    scheduler.start()
    deadline = time.monotonic() + 30
    while scheduler.passes < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    began = time.monotonic()
    scheduler.stop()
    assert time.monotonic() - began < 10
    assert scheduler.passes >= 2
    done = service.get(*due.args, waiting.id)
    assert done.waiting_on == [] and done.result["systems_done"]
    resumed = [e.actor for e in audit_rows(desk.ledger, waiting.id)
               if e.action == "request.resumed"]
    assert resumed == ["system"], "run once, by the scheduler (actor system)"


def test_the_app_starts_the_loop_only_when_an_interval_is_set(sqlite_cast_desk: Desk) -> None:
    for interval, enabled in ((0, False), (60, True)):
        settings = replace(sqlite_cast_desk.settings, request_retry_interval_seconds=interval)
        app = create_app(settings)
        with TestClient(app):
            scheduler = app.state.retry_scheduler
            assert scheduler.enabled is enabled
            assert (scheduler._thread is not None) is enabled
            assert app.state.sweep_scheduler.enabled, "the sweeps run as before"
        assert scheduler._thread is None
        app.state.ledger.dispose()
