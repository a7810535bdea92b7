"""A system's step job that runs again after its step is done (a duplicate queued by the
catch-up, a job retried after its worker died past the commit) does nothing: no second
erasure, no new attempt, no second audit entry, and the request is concluded once. A step
left `running` by a killed worker is left alone while that worker's lease on it is live,
and taken over once the lease has run out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from tests.requests.desk import Desk
from tests.requests.support import audit_rows
from tests.requests.system_jobs import begin, step, verified
from tests.support.mailbox import Mailbox
from vernly.engine.requests import service
from vernly.engine.requests.steps import StepBusy
from vernly.ledger.requests import RequestStep


def _actions(desk: Desk, request_id: str, action: str) -> list[str | None]:
    return [e.system for e in audit_rows(desk.ledger, request_id) if e.action == action]


def test_a_step_job_run_twice_erases_once(queue_desk: Desk, mailbox: Mailbox) -> None:
    desk = queue_desk
    request_id = verified(desk, mailbox, "erasure")
    started = begin(desk, request_id)
    first = started.systems[0]
    ran = step(desk, request_id, started.phase, first, job_id=101)
    assert ran.status == "done"
    again = step(desk, request_id, started.phase, first, job_id=102)
    assert again.status == "already_done"
    view = service.get(*desk.args, request_id)
    [done] = [s for s in view.steps if s.system_id == first]
    assert done.attempts == 1 and done.detail["job"] == 101
    assert _actions(desk, request_id, "request.erase") == [first]
    queue = [s for s in started.systems if s != first] + ran.unblocked
    while queue:
        system_id = queue.pop(0)
        queue += step(desk, request_id, started.phase, system_id).unblocked
    for system_id in [s.system_id for s in service.get(*desk.args, request_id).steps]:
        assert step(desk, request_id, started.phase, system_id).status in (
            "already_done", "not_running")
    erased = _actions(desk, request_id, "request.erase")
    assert sorted(erased) == sorted(set(erased)), "each system erased once"
    assert len(_actions(desk, request_id, "request.waiting")) + len(
        _actions(desk, request_id, "request.completed")) == 1, "concluded once"
    assert begin(desk, request_id).systems == [], "a repeated run job queues nothing"


def _held(desk: Desk, request_id: str, system_id: str, until: datetime) -> None:
    with desk.ledger.session() as session:
        session.execute(update(RequestStep)
                        .where(RequestStep.request_id == request_id,
                               RequestStep.system_id == system_id)
                        .values(status="running", run_owner="worker-a:4242:dead",
                                run_until=until))


def test_a_step_left_running_by_a_killed_worker_is_taken_over_after_its_lease(
        queue_desk: Desk, mailbox: Mailbox) -> None:
    desk = queue_desk
    request_id = verified(desk, mailbox, "erasure")
    started = begin(desk, request_id)
    system_id = started.systems[0]
    _held(desk, request_id, system_id, datetime.now(UTC) + timedelta(minutes=5))
    with pytest.raises(StepBusy, match="being run by worker-a:4242:dead"):
        step(desk, request_id, started.phase, system_id)
    assert _actions(desk, request_id, "request.erase") == []
    _held(desk, request_id, system_id, datetime.now(UTC) - timedelta(seconds=1))
    assert step(desk, request_id, started.phase, system_id).status == "done"
    assert _actions(desk, request_id, "request.erase") == [system_id]
