"""A request is run by one runner at a time: while `vernly request erase` is busy with it,
`vernly request run` and the retry loop leave it alone (one line saying who has it); a
runner that died stops renewing its lease and is taken over once the lease has run out,
not before; and runners started together erase each system exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text, update

from tests.connectors.cast import KARI_EMAIL, KARI_PHONE
from tests.requests.desk import Desk
from tests.requests.support import audit_rows
from tests.support.vernly_with_faults import VERNLY as VERNLY_WITH_FAULTS
from vernly.engine.requests import lease, runner, service
from vernly.engine.requests.retries import retry_due
from vernly.errors import Conflict
from vernly.ledger.requests import DsrRequest
from vernly.notices.access_report import render

VERNLY = [str(Path(sys.executable).parent / "vernly")]


def _registered(desk: Desk) -> str:
    view = service.submit(*desk.args, "erasure", KARI_EMAIL, KARI_PHONE, channel="cli",
                          actor="operator:Ingrid Berg", verified_by_operator=True)
    return view.id


def _hold(desk: Desk, request_id: str, owner: str, until: datetime) -> None:
    with desk.ledger.session() as session:
        session.execute(update(DsrRequest).where(DsrRequest.id == request_id)
                        .values(run_owner=owner, run_until=until))


def _erasures(desk: Desk, request_id: str) -> list[str | None]:
    return [e.system for e in audit_rows(desk.ledger, request_id)
            if e.action == "request.erase"]


def test_a_busy_request_is_left_to_its_runner(cast_desk: Desk) -> None:
    desk = cast_desk
    env = {**os.environ, **desk.settings.env, "VERNLY_NOW": desk.now.isoformat(),
           "VERNLY_OPERATOR": "Ingrid Berg"}
    first = runner.open_data_map(desk.loaded, desk.settings).erasure_order()[0]
    busy = subprocess.Popen([*VERNLY_WITH_FAULTS, "--hang-after-erase-of", first, "--",
                             "request", "erase", "--email", KARI_EMAIL, "--phone", KARI_PHONE,
                             "-w", str(desk.settings.workspace)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        request_id = _wait_for_first_step(desk, busy)
        other = subprocess.run([*VERNLY, "request", "run", request_id, "-w",
                                str(desk.settings.workspace)], env=env, text=True,
                               capture_output=True, timeout=120)
        assert other.returncode == 1
        assert other.stderr.startswith(f"error: request {request_id} is being run by ")
        assert f":{busy.pid}:" in other.stderr and len(other.stderr.splitlines()) == 1
        _hold_next_attempt(desk, request_id)
        [skipped] = retry_due(desk.ledger, desk.later(hours=1).settings, desk.loaded, render)
        assert (skipped.request_id, skipped.state) == (request_id, "skipped")
        assert _erasures(desk, request_id) == [first]
    finally:
        busy.kill()
        busy.wait(timeout=10)
    # Killed: the lease beats no more, and while it has not run out the run is not taken.
    with pytest.raises(Conflict, match="is being run by"):
        service.run(*desk.args, request_id, "operator:Ingrid Berg", renderer=render)
    _hold(desk, request_id, _owner(desk, request_id), datetime.now(UTC) - timedelta(seconds=1))
    done = service.run(*desk.args, request_id, "operator:Ingrid Berg", renderer=render)
    assert done.result["systems_done"]
    assert sorted(_erasures(desk, request_id)) == sorted(s.system_id for s in done.steps)


def _wait_for_first_step(desk: Desk, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 60
    while True:
        with desk.ledger.session() as s:
            found = s.execute(text("SELECT request_id FROM dsr_steps WHERE status = 'done'")
                              ).first()
        if found:
            return str(found[0])
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the first system was never committed"
        time.sleep(0.05)


def _hold_next_attempt(desk: Desk, request_id: str) -> None:
    """Make the request due for a retry, as if an earlier run had failed."""
    with desk.ledger.session() as session:
        session.execute(update(DsrRequest).where(DsrRequest.id == request_id)
                        .values(next_attempt_at=desk.now))


def test_a_lease_that_ran_out_is_taken_over(cast_desk: Desk) -> None:
    desk = cast_desk
    request_id = _registered(desk)
    now = datetime.now(UTC)
    _hold(desk, request_id, "elsewhere:4242:abcd", now + timedelta(minutes=5))
    with pytest.raises(Conflict, match="is being run by elsewhere:4242:abcd"):
        service.run(*desk.args, request_id, "operator:Ingrid Berg", renderer=render)
    assert _erasures(desk, request_id) == []
    _hold(desk, request_id, "elsewhere:4242:abcd", now - timedelta(seconds=1))
    done = service.run(*desk.args, request_id, "operator:Ingrid Berg", renderer=render)
    assert done.result["systems_done"] and len(_erasures(desk, request_id)) == len(done.steps)
    with desk.ledger.session() as session:
        owner = session.get(DsrRequest, request_id)
        assert owner is not None and owner.run_owner is None, "given back when done"
    with pytest.raises(Conflict, match="lease ran out"):
        lease.renew(desk.ledger, request_id, "elsewhere:4242:abcd")


def test_runners_started_together_erase_each_system_once(cast_desk: Desk) -> None:
    desk = cast_desk
    request_id = _registered(desk)
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def one() -> None:
        start.wait()
        try:
            service.run(*desk.args, request_id, "operator:Ingrid Berg", renderer=render)
            outcomes.append("ran")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert "ran" in outcomes and len(outcomes) == 4
    view = service.get(*desk.args, request_id)
    erased = _erasures(desk, request_id)
    assert sorted(erased) == sorted(s.system_id for s in view.steps), "each system once"
    assert {s.attempts for s in view.steps} == {1}


def _owner(desk: Desk, request_id: str) -> str:
    with desk.ledger.session() as session:
        request = session.get(DsrRequest, request_id)
        assert request is not None and request.run_owner is not None
        return request.run_owner
