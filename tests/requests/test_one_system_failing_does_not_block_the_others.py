"""An erasure run as one job per system while one system cannot be reached: that system's
job tries it again after each of its delays and then leaves its step failed, while every
other system is erased once; the request then waits for its own retry (in progress, the
next attempt set by the backoff, the lease given back). A failed system whose rows others
point into holds back only the system it must be erased before. Once the system is back,
the catch-up's run queues only its step and the request is done."""

from __future__ import annotations

from collections import Counter

from tests.requests.desk import Desk
from tests.requests.support import audit_rows, put_back, unreachable
from tests.requests.system_jobs import STEP_TRIES, begin, step, verified, work_through
from tests.support.mailbox import Mailbox
from vernly.engine.requests import service
from vernly.engine.requests.jobs import needing_a_run
from vernly.ledger.requests import DsrRequest


def _erased(desk: Desk, request_id: str) -> Counter[str | None]:
    return Counter(e.system for e in audit_rows(desk.ledger, request_id)
                   if e.action == "request.erase")


def test_a_failing_system_is_retried_while_the_others_are_erased_once(
        queue_desk: Desk, mailbox: Mailbox) -> None:
    desk = queue_desk
    request_id = verified(desk, mailbox, "erasure")
    with unreachable(desk.settings.workspace, "visitors") as path:
        ran = work_through(desk, request_id)
        view = service.get(*desk.args, request_id)
        steps = {s.system_id: s for s in view.steps}
        assert steps["visitors"].status == "failed"
        assert steps["visitors"].attempts == STEP_TRIES, "tried again by its own job"
        assert {s for s, st in steps.items() if st.status == "done"} == set(steps) - {
            "visitors"}
        assert set(_erased(desk, request_id).values()) == {1}
        assert set(_erased(desk, request_id)) == set(steps) - {"visitors"}
        assert view.state == "in_progress" and not view.result["systems_done"]
        assert [r.concluded is not None for r in ran].count(True) == 1, "one finisher"
        with desk.ledger.session() as session:
            request = session.get(DsrRequest, request_id)
            assert request is not None
            assert request.run_owner is None and request.next_attempt_at is not None
            due = request.next_attempt_at
        actions = [e.action for e in audit_rows(desk.ledger, request_id)]
        assert actions.count("request.waiting") == 1
        assert actions.count("request.step_failed") == STEP_TRIES
        put_back(path)
        assert request_id not in needing_a_run(desk.ledger, desk.settings)
        later = desk.at(due)
        assert request_id in needing_a_run(later.ledger, later.settings)
        again = begin(later, request_id)
        assert again.systems == ["visitors"], "only the failed system is queued again"
        assert step(later, request_id, again.phase, "visitors").status == "done"
    view = service.get(*desk.args, request_id)
    assert view.result["systems_done"]
    assert sorted(_erased(desk, request_id)) == sorted(s.system_id for s in view.steps)
    assert set(_erased(desk, request_id).values()) == {1}


def test_a_failed_system_holds_back_only_the_system_it_must_be_erased_before(
        queue_desk: Desk, mailbox: Mailbox) -> None:
    desk = queue_desk
    request_id = verified(desk, mailbox, "erasure")
    with unreachable(desk.settings.workspace, "cases"):
        work_through(desk, request_id)
    view = service.get(*desk.args, request_id)
    steps = {s.system_id: s for s in view.steps}
    assert steps["cases"].status == "failed"
    assert steps["webshop"].status == "pending"
    assert steps["webshop"].waits_for == ["cases"]
    assert {s for s, st in steps.items() if st.status == "done"} == set(steps) - {
        "cases", "webshop"}
    assert view.result["waiting"] == {"webshop": ["cases"]}
    again = begin(desk.later(hours=1), request_id)
    assert again.systems == ["cases"], "webshop still waits for cases"
    later = desk.later(hours=1)
    done = step(later, request_id, again.phase, "cases")
    assert done.unblocked == ["webshop"]
    step(later, request_id, again.phase, "webshop")
    assert service.get(*desk.args, request_id).result["systems_done"]
    assert set(_erased(desk, request_id).values()) == {1}
