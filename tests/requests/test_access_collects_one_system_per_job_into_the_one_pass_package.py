"""An access request on the task queue collects one system per job: every system whose
rows do not depend on another's is queued at once, and the returns in `cases` (found from
the person's orders in `webshop`) only once webshop is done, from webshop's stored part.
What each job found lies encrypted in the package store, never in clear. Systems that only
give a note or a task (nothing to read outside the ledger) are done by the run job itself.
The finisher's package holds exactly the bytes a single pass over every system makes. A system that
cannot be reached fails only its own step (and the system that needs its rows waits); the
retry collects only what is missing."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from tests.connectors.cast import KARI_EMAIL
from tests.requests.desk import Desk
from tests.requests.support import put_back, unreachable
from tests.requests.system_jobs import begin, step, verified, work_through
from tests.support.mailbox import Mailbox
from tests.support.packages import open_package
from vernly.engine.requests import package, runner, service
from vernly.engine.requests.identities import identity_of
from vernly.engine.requests.package_store import PARTS, package_dir
from vernly.engine.requests.ports import AccessReport
from vernly.engine.requests.store import load, step_rows
from vernly.ledger.audit import AuditEntry
from vernly.ledger.requests import DsrRequest
from vernly.notices.access_report import render


def one_pass_members(desk: Desk, request_id: str) -> dict[str, bytes]:
    """The package's members as one collection over every system writes them."""
    with desk.ledger.session() as session:
        identity = identity_of(load(session, request_id))
        open_tasks = [s.detail["open_task"] for s in step_rows(session, request_id, "collect")
                      if "open_task" in s.detail]
    data_map = runner.open_data_map(desk.loaded, desk.settings)
    try:
        systems = data_map.collect(identity, desk.now, "access")
    finally:
        data_map.close()
    policy = desk.loaded.policy
    report = AccessReport(policy=policy, request_id=request_id, kind="access",
                          generated_at=desk.now, systems=systems,
                          activities=package.activities_of(policy, systems),
                          open_tasks=open_tasks)
    members = {name: text.encode() for name, text in package.csv_files(systems).items()}
    members["data.json"] = json.dumps(package.data_document(report), ensure_ascii=False,
                                      separators=(",", ":")).encode()
    members["report.nb.html"] = render(report, "nb").encode()
    members["report.en.html"] = render(report, "en").encode()
    return members


def test_access_runs_one_job_per_system_and_its_package_is_the_one_pass_package(
        queue_desk: Desk, mailbox: Mailbox) -> None:
    desk = queue_desk
    request_id = verified(desk, mailbox, "access")
    started = begin(desk, request_id)
    declared = [s.id for s in desk.loaded.policy.systems]
    assert started.phase == "collect"
    sql = {s.id for s in desk.loaded.policy.systems if s.kind == "sql"}
    assert sorted(started.systems) == sorted(sql - {"cases"}), \
        "cases waits for the orders its returns are found from"
    with desk.ledger.session() as session:
        status = {s.system_id: s.status for s in step_rows(session, request_id, "collect")}
    # No window, no IP address, external or manual: only a note or a task, so the run
    # job has done those steps itself instead of queueing a job for each.
    assert {s for s, st in status.items() if st == "done"} == set(declared) - sql
    first = step(desk, request_id, "collect", "webshop")
    assert first.status == "done" and first.unblocked == ["cases"]
    parts = package_dir(desk.settings) / PARTS / request_id
    stored = (parts / "webshop.enc").read_bytes()
    assert KARI_EMAIL.encode() not in stored and b"Kari" not in stored
    for system_id in [s for s in started.systems if s != "webshop"] + ["cases"]:
        assert step(desk, request_id, "collect", system_id).status == "done"
    view = service.get(*desk.args, request_id)
    # Questback's task (a processor without a connection) keeps it open, with its package.
    assert view.result["systems_done"] and view.package_path
    got = open_package(view.package_path, desk.settings)
    members = {name: got.read(name) for name in got.namelist()}
    assert members == one_pass_members(desk, request_id)
    assert view.result["systems"]["webshop"] == {"customers": 1, "orders": 3,
                                                 "order_lines": 4, "shipments": 2}
    with desk.ledger.session() as session:
        collected = session.execute(
            select(AuditEntry.system).where(AuditEntry.target == request_id,
                                            AuditEntry.action == "request.collect")
        ).scalars().all()
    assert sorted(collected) == sorted(declared), "one collect entry per system, inline or not"


def test_an_unreachable_system_fails_alone_and_the_retry_collects_only_what_is_missing(
        queue_desk: Desk, mailbox: Mailbox) -> None:
    desk = queue_desk
    request_id = verified(desk, mailbox, "access")
    with unreachable(desk.settings.workspace, "webshop") as path:
        work_through(desk, request_id)
        view = service.get(*desk.args, request_id)
        status = {s.system_id: s.status for s in view.steps}
        assert status["webshop"] == "failed" and status["cases"] == "pending"
        assert {s for s, st in status.items() if st == "done"} == set(status) - {
            "webshop", "cases"}
        assert view.state == "in_progress" and not view.package_path
        assert view.result["waiting"] == {"cases": ["webshop"]}
        put_back(path)
        with desk.ledger.session() as session:
            request = session.get(DsrRequest, request_id)
            assert request is not None and request.next_attempt_at is not None
            due = request.next_attempt_at
        later = desk.at(due)
        again = begin(later, request_id)
        assert again.systems == ["webshop"], "only the failed system is queued again"
        assert step(later, request_id, "collect", "webshop").unblocked == ["cases"]
        assert step(later, request_id, "collect", "cases").status == "done"
    view = service.get(*desk.args, request_id)
    assert view.result["systems_done"] and view.package_path
    assert Path(view.package_path).is_file()
