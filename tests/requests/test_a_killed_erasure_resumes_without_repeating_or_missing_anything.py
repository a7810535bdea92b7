"""Kill `vernly request erase` (SIGKILL) after its first system is committed; `vernly request
run` then finishes the other systems without erasing the first one again, and the databases
end exactly as after an erasure that was never interrupted."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE
from tests.requests.conftest import write_cast
from tests.requests.desk import Desk
from tests.requests.support import query, snapshot
from tests.support.vernly_with_faults import VERNLY as VERNLY_WITH_FAULTS
from vernly.connectors.datamap import DataMap

VERNLY = [str(Path(sys.executable).parent / "vernly")]
NOW = "2026-06-15T12:00:00+00:00"


def _vernly(workspace: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*VERNLY, *args, "-w", str(workspace)], env=env, text=True,
                          capture_output=True, timeout=120)


def _step_done(desk: Desk, system: str) -> str | None:
    with desk.ledger.session() as s:
        found = s.execute(text("SELECT request_id FROM dsr_steps WHERE phase = 'erase' AND "
                               "system_id = :s AND status = 'done'"), {"s": system}).first()
    return str(found[0]) if found else None


def test_a_killed_erasure_resumes_where_it_stopped(cast_desk: Desk, tmp_path: Path) -> None:
    desk = cast_desk
    workspace = desk.settings.workspace
    reference = tmp_path / "reference"
    reference.mkdir()
    shutil.copy(workspace / "vernly.yaml", reference / "vernly.yaml")
    write_cast(reference)
    base_env = {**os.environ, **desk.settings.env, "VERNLY_NOW": NOW,
                "VERNLY_OPERATOR": "Ingrid Berg"}

    # The uninterrupted run, in its own workspace and ledger.
    clean = _vernly(reference, {**base_env, "VERNLY_DATABASE_URL":
                                f"sqlite:///{reference / 'ledger.sqlite'}"},
                    "request", "erase", "--email", KARI_EMAIL, "--phone", KARI_PHONE, "--json")
    assert clean.returncode == 0, clean.stderr

    first = DataMap(desk.loaded.policy, workspace, {}).erasure_order()[0]
    before = snapshot(workspace)
    process = subprocess.Popen(
        [*VERNLY_WITH_FAULTS, "--hang-after-erase-of", first, "--", "request", "erase", "--email",
         KARI_EMAIL, "--phone", KARI_PHONE, "-w", str(workspace)], env=base_env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while (request_id := _step_done(desk, first)) is None:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the first system was never committed"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)

    halfway = snapshot(workspace)
    assert halfway != before, "the first system's erasure is committed"
    assert query(workspace, "webshop", "SELECT id FROM customers WHERE email = :e",
                 e=KARI_EMAIL), "the other systems are untouched so far"
    with desk.ledger.session() as s:
        state = s.execute(text("SELECT state FROM dsr_requests WHERE id = :r"),
                          {"r": request_id}).scalar_one()
    assert state == "in_progress"

    _lease_runs_out(desk, request_id)
    resumed = _vernly(workspace, base_env, "request", "run", request_id, "--json")
    assert resumed.returncode == 0, resumed.stderr
    result = json.loads(resumed.stdout)
    assert all(s["status"] == "done" for s in result["systems"].values())

    assert snapshot(workspace) == snapshot(reference)
    with desk.ledger.session() as s:
        attempts = dict(s.execute(text("SELECT system_id, attempts FROM dsr_steps WHERE "
                                       "request_id = :r"), {"r": request_id}).all())
        erased = s.execute(text("SELECT system FROM audit_log WHERE action = 'request.erase' "
                                "AND target = :r"), {"r": request_id}).scalars().all()
    assert set(attempts.values()) == {1}, attempts
    assert sorted(erased) == sorted(attempts), "one erasure per system, none twice"
    assert _vernly(workspace, base_env, "audit", "verify").returncode == 0


def _lease_runs_out(desk: Desk, request_id: str) -> None:
    """The killed run beats no more: its lease runs out (here at once rather than after its
    time to live). Until then another runner is turned away."""
    held = _vernly(desk.settings.workspace, {**os.environ, **desk.settings.env},
                   "request", "run", request_id)
    assert held.returncode == 1 and "is being run by" in held.stderr
    with desk.ledger.session() as s:
        s.execute(text("UPDATE dsr_requests SET run_until = :t WHERE id = :r"),
                  {"t": datetime.now(UTC) - timedelta(seconds=1), "r": request_id})
