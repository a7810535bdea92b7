"""Driving a request's per-system jobs by hand, as the workers would: `begin` (the run
job), then one `run_step` per system (the step jobs), queueing the systems a finished step
lets go. Each step gets a data map of its own, as each worker has."""

from __future__ import annotations

from typing import Any

from tests.connectors.cast import KARI_EMAIL
from tests.requests.desk import Desk
from tests.support.mailbox import Mailbox
from vernly.engine.requests import per_system, runner, service
from vernly.engine.requests.per_system import Round, StepRun
from vernly.notices.access_report import render

STEP_TRIES = 4
"""A step job's tries: the first and its three retries (`jobs.STEP_RETRY_DELAYS`)."""


def verified(desk: Desk, box: Mailbox, kind: str, email: str = KARI_EMAIL,
             details: dict[str, Any] | None = None) -> str:
    """A request made on the privacy centre and verified by the mailed code, not run."""
    view = service.submit(*desk.args, kind, email, details=details, channel="web",
                          actor=service.SUBJECT)
    service.send_code(*desk.args, view.id)
    service.verify_code(*desk.args, view.id, box.code_for(email))
    return view.id


def begin(desk: Desk, request_id: str) -> Round:
    data_map = runner.open_data_map(desk.loaded, desk.settings)
    try:
        started = per_system.begin(*desk.args, request_id, "scheduler", data_map=data_map,
                                   renderer=render)
    finally:
        data_map.close()
    assert started is not None
    return started


def step(desk: Desk, request_id: str, phase: str, system_id: str, *, retrying: bool = False,
         job_id: int | None = None) -> StepRun:
    data_map = runner.open_data_map(desk.loaded, desk.settings)
    try:
        return per_system.run_step(*desk.args, request_id, phase, system_id, "scheduler",
                                   data_map=data_map, renderer=render, retrying=retrying,
                                   job_id=job_id)
    finally:
        data_map.close()


def work_through(desk: Desk, request_id: str) -> list[StepRun]:
    """One round to its end: every queued system's job, each failing one tried until its
    retries are spent, the systems a finished step lets go queued after it."""
    started = begin(desk, request_id)
    queue = list(started.systems)
    ran: list[StepRun] = []
    while queue:
        system_id = queue.pop(0)
        for attempt in range(STEP_TRIES):
            done = step(desk, request_id, started.phase, system_id,
                        retrying=attempt < STEP_TRIES - 1)
            if done.status != "failed":
                break
        ran.append(done)
        queue += done.unblocked
    return ran
