"""A request the person verified whose run never started (the server stopped between the
code and queueing the run) is found by the catch-up job (PostgreSQL) and by the retry loop
of `vernly serve` (SQLite) a minute later, and carried to the end without an operator. A
request an operator verified still waits for the operator's run."""

from __future__ import annotations

from tests.connectors.cast import PER_EMAIL
from tests.requests.desk import Desk
from tests.requests.system_jobs import verified, work_through
from tests.support.mailbox import Mailbox
from vernly.engine.requests import retries, service
from vernly.engine.requests.jobs import needing_a_run


def test_a_verified_request_that_never_ran_is_started_without_an_operator(
        queue_desk: Desk, mailbox: Mailbox) -> None:
    desk = queue_desk
    request_id = verified(desk, mailbox, "erasure")
    by_operator = service.submit(*desk.args, "erasure", PER_EMAIL, channel="cli",
                                 actor="operator:Ingrid Berg", verified_by_operator=True).id
    assert service.get(*desk.args, request_id).state == "verified"
    soon, later = desk.later(seconds=20), desk.later(minutes=2)
    assert request_id not in needing_a_run(soon.ledger, soon.settings), (
        "its own server is still about to run it")
    assert needing_a_run(later.ledger, later.settings) == [request_id]
    assert retries.due(later.ledger, later.settings) == [request_id]
    assert by_operator not in needing_a_run(later.ledger, later.settings)
    work_through(later, request_id)
    done = service.get(*desk.args, request_id)
    assert done.state == "in_progress" and done.result["systems_done"], (
        "erased everywhere; the processor's manual task is left to its owner")
    assert needing_a_run(desk.later(hours=1).ledger, desk.later(hours=1).settings) == []
