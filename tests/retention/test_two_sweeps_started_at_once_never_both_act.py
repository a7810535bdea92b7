"""The sweep lock lives in the ledger: of many sweeps starting at the same instant exactly
one acts, the others record a skipped run; an expired lease can be taken over. On the
SQLite and the PostgreSQL ledger."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tests.retention.support import NOW, days, insert_rows, loaded, url_of, workspace
from vernly.engine.retention import locks, sweep
from vernly.engine.retention.rules import retention_for
from vernly.engine.retention.sweep import SweepReport, run_sweep
from vernly.ledger.db import Ledger
from vernly.ledger.retention import SweepLock, SweepRun
from vernly.settings import load_settings


def test_only_one_of_eight_simultaneous_acquirers_gets_the_lock(ledger_url: str) -> None:
    ledger = Ledger(ledger_url)
    barrier = threading.Barrier(8)
    won: list[str] = []

    def contend(n: int) -> None:
        owner = f"host:{n}:x"
        barrier.wait()
        if locks.acquire(ledger, owner):
            won.append(owner)

    threads = [threading.Thread(target=contend, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1
    assert not locks.acquire(ledger, "someone:else:y")
    assert locks.renew(ledger, won[0])
    locks.release(ledger, won[0])
    assert locks.acquire(ledger, "someone:else:y")
    ledger.dispose()


def test_an_expired_lease_is_taken_over_and_its_holder_notices(ledger_url: str) -> None:
    ledger = Ledger(ledger_url)
    assert locks.acquire(ledger, "stalled:1:a")
    with ledger.session() as session:
        session.execute(update(SweepLock).values(
            expires_at=locks._now() - timedelta(seconds=1)))
    assert locks.acquire(ledger, "fresh:2:b")
    assert not locks.renew(ledger, "stalled:1:a")
    ledger.dispose()


def test_a_sweep_that_finds_another_running_records_a_skip_and_acts_on_nothing(
        tmp_path: Path, ledger_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ws, env = workspace(tmp_path)
    env["VERNLY_DATABASE_URL"] = ledger_url
    insert_rows(url_of(ws, env, "visitors"), "school_signups", [
        {"id": i, "name": "Per Olsen", "email": f"per{i}@skole.no",
         "signed_up_at": NOW - days(400)} for i in range(1, 61)])
    save = sweep._Progress.save
    monkeypatch.setattr(sweep._Progress, "save",
                        lambda self: (save(self), time.sleep(0.2))[0])  # a slow first sweep
    slow = replace(load_settings(ws, {**env, "VERNLY_SWEEP_BATCH": "5"}), now_override=NOW)
    fast = replace(load_settings(ws, env), now_override=NOW)
    reports: list[SweepReport] = []

    def first() -> None:
        with retention_for(slow, loaded(ws)) as ctx:
            reports.append(run_sweep(ctx))

    ledger = Ledger(ledger_url)  # migrated before two processes share it
    runner = threading.Thread(target=first)
    runner.start()
    while locks.holder(ledger) is None and runner.is_alive():
        pass
    with retention_for(fast, loaded(ws), ledger) as ctx:
        second = run_sweep(ctx)
    runner.join()

    assert second.status == "skipped"
    assert all(not r.get("deleted") for r in second.rules)
    assert reports[0].status == "succeeded"
    assert next(r for r in reports[0].rules
                if r["rule"] == "school_visits:0:visitors.school_signups")["deleted"] == 60
    with ledger.session() as session:
        statuses = sorted(session.execute(select(SweepRun.status)).scalars())
    assert statuses == ["skipped", "succeeded"]
    ledger.dispose()
