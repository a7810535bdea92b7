"""Crash safety: a sweep SIGKILLed between two committed batches has removed only expired
rows; the next run finishes the job, removes nothing extra, and the killed run is on record
as interrupted (in the ledger and the audit log)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update

from tests.retention.support import NOW, days, ids, insert_rows, sweep, url_of, workspace
from tests.support.vernly_with_faults import VERNLY as VERNLY_WITH_FAULTS
from vernly.ledger.audit import AuditEntry
from vernly.ledger.db import Ledger
from vernly.ledger.retention import SweepLock, SweepRun


def test_the_next_sweep_finishes_what_a_killed_one_started(tmp_path: Path) -> None:
    ws, env = workspace(tmp_path)
    visitors = url_of(ws, env, "visitors")
    rows = [{"id": i, "name": f"Elev {i}", "email": f"elev{i}@skole.no", "school": "Oslo",
             "signed_up_at": NOW - days(400 if i % 4 else 30)} for i in range(1, 401)]
    insert_rows(visitors, "school_signups", rows)
    young = {r["id"] for r in rows if r["id"] % 4 == 0}
    expired = {r["id"] for r in rows} - young

    child_env = {**os.environ, **env, "VERNLY_SWEEP_BATCH": "20", "VERNLY_NOW": NOW.isoformat()}
    process = subprocess.Popen([*VERNLY_WITH_FAULTS, "--sweep-pause", "0.4", "--", "sweep",
                                "--workspace", str(ws)], env=child_env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(ids(visitors, "school_signups")) == len(rows):
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "the sweep never committed a batch"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(10)
    assert process.returncode == -signal.SIGKILL

    after_kill = ids(visitors, "school_signups")
    assert young <= after_kill, "a row younger than the cutoff was removed"
    assert after_kill & expired, "the sweep was not killed part way"

    _lease_runs_out(env["VERNLY_DATABASE_URL"])
    report = sweep(ws, env, NOW)

    assert report.status == "succeeded"
    assert ids(visitors, "school_signups") == young
    done = next(r for r in report.rules if r["rule"] == "school_visits:0:visitors.school_signups")
    assert done["deleted"] == len(after_kill & expired)
    ledger = Ledger(env["VERNLY_DATABASE_URL"])
    with ledger.session() as session:
        statuses = sorted(session.execute(select(SweepRun.status)).scalars())
        interrupted = session.execute(select(AuditEntry).where(
            AuditEntry.action == "retention.sweep.interrupted")).scalars().all()
    assert statuses == ["interrupted", "succeeded"]
    assert len(interrupted) == 1
    # The killed run's counts are saved after each committed batch: at most the one batch
    # committed just before the kill can be missing from them.
    removed_before_kill = len(expired - after_kill)
    recorded = interrupted[0].counts.get("deleted", 0)
    assert removed_before_kill - 20 <= recorded <= removed_before_kill


def _lease_runs_out(url: str) -> None:
    """The killed sweep beats no more: its lease runs out (here at once rather than after
    its time to live)."""
    ledger = Ledger(url)
    with ledger.session() as session:
        session.execute(update(SweepLock).values(expires_at=datetime.now(UTC)
                                                 - timedelta(seconds=1)))
    ledger.dispose()
