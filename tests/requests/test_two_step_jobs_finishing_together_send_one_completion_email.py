"""When the last two systems' jobs of a request finish at the same instant, exactly one of
them concludes it: one `request.completed` entry, one completion e-mail in the outbox and
at the SMTP server, for every request."""

from __future__ import annotations

import threading

from tests.connectors.cast import KARI_EMAIL
from tests.requests.desk import Desk
from tests.requests.support import audit_rows
from tests.requests.system_jobs import begin, step, verified
from tests.support.mailbox import Mailbox
from vernly.engine.requests import service
from vernly.engine.requests.per_system import StepRun
from vernly.ledger.messages import OutboxMessage

CHANGES = {"changes": {"user.contact.phone_number": "+4799988877"}}


def _last_two_together(desk: Desk, request_id: str) -> list[StepRun]:
    started = begin(desk, request_id)
    assert len(started.systems) >= 2
    *first, a, b = started.systems
    for system_id in first:
        step(desk, request_id, started.phase, system_id)
    together = threading.Barrier(2)
    ran: list[StepRun] = []

    def one(system_id: str) -> None:
        together.wait()
        ran.append(step(desk, request_id, started.phase, system_id))

    threads = [threading.Thread(target=one, args=(s,)) for s in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return ran


def test_two_last_steps_together_complete_the_request_once(queue_desk: Desk,
                                                           mailbox: Mailbox) -> None:
    desk = queue_desk
    for finished in range(1, 4):
        request_id = verified(desk, mailbox, "rectification", details=CHANGES)
        ran = _last_two_together(desk, request_id)
        assert len(ran) == 2 and {r.status for r in ran} == {"done"}
        assert [r.concluded is not None for r in ran].count(True) == 1, "one finisher"
        assert service.get(*desk.args, request_id).state == "completed"
        entries = [e.action for e in audit_rows(desk.ledger, request_id)]
        assert entries.count("request.completed") == 1
        with desk.ledger.session() as session:
            queued = session.query(OutboxMessage).filter_by(
                request_id=request_id, purpose="request.completed").count()
        assert queued == 1
        told = [m for m in mailbox.to(KARI_EMAIL) if "complete" in str(m["Subject"])]
        assert len(told) == finished, "one completion e-mail per request"
