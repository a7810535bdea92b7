"""A run that is alive keeps its request's lease however long one system takes (a heartbeat
renews it), so a second runner is turned away even after the lease's time to live; once
the run is over (every system done) the lease is given back. The sweep lock is kept the
same way, and a sweep that stops beating loses its lock once the time to live has
passed."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE
from tests.requests.desk import Desk
from vernly.connectors.identity import Identity
from vernly.connectors.records import ErasureOutcome
from vernly.engine.heartbeat import Heartbeat
from vernly.engine.requests import lease, runner, service
from vernly.engine.retention import locks
from vernly.errors import Conflict
from vernly.ledger.requests import DsrRequest
from vernly.notices.access_report import render

TTL = timedelta(seconds=1)


class SlowFirstSystem:
    """The real data map, with the first system's erasure taking three times the TTL."""

    def __init__(self, inner: Any, started: threading.Event) -> None:
        self.inner, self.started = inner, started

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def erase(self, identity: Identity, system_id: str, now: datetime) -> ErasureOutcome:
        if system_id == self.inner.erasure_order()[0]:
            self.started.set()
            time.sleep(3 * TTL.total_seconds())
        outcome: ErasureOutcome = self.inner.erase(identity, system_id, now)
        return outcome


def test_a_slow_system_does_not_let_a_second_runner_in(cast_desk: Desk,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    desk = cast_desk
    monkeypatch.setattr(lease, "TTL", TTL)
    monkeypatch.setattr(lease, "BEAT", TTL.total_seconds() / 4)
    request_id = service.submit(*desk.args, "erasure", KARI_EMAIL, KARI_PHONE, channel="cli",
                                actor="operator:Ingrid Berg", verified_by_operator=True).id
    started = threading.Event()
    slow = SlowFirstSystem(runner.open_data_map(desk.loaded, desk.settings), started)
    first = threading.Thread(target=service.run, args=(*desk.args, request_id,
                                                       "operator:Ingrid Berg"),
                             kwargs={"data_map": slow, "renderer": render})
    first.start()
    try:
        assert started.wait(60)
        time.sleep(2 * TTL.total_seconds())  # past the lease's time to live, still running
        with pytest.raises(Conflict, match="is being run by"):
            service.run(*desk.args, request_id, "operator:Ingrid Berg", renderer=render)
    finally:
        first.join(120)
    with desk.ledger.session() as session:
        request = session.get(DsrRequest, request_id)
        assert request is not None
        assert request.result["systems_done"] and request.run_owner is None


def test_a_sweep_lock_lives_with_its_heartbeat_and_lapses_without(
        cast_desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = cast_desk.ledger
    assert locks.acquire(ledger, "sweep-a", ttl=TTL)
    with Heartbeat(lambda: locks.renew(ledger, "sweep-a", ttl=TTL), 0.25, "test-beat"):
        time.sleep(3 * TTL.total_seconds())
        assert not locks.acquire(ledger, "sweep-b", ttl=TTL), "a live sweep keeps its lock"
    time.sleep(1.5 * TTL.total_seconds())
    assert locks.acquire(ledger, "sweep-b", ttl=TTL), "a sweep that stopped beating loses it"
