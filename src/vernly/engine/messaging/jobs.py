"""Outbox delivery as a periodic job on the task queue (PostgreSQL ledger): instead of a
courier thread in every server, one `messages.deliver` job per tick of
`message_interval_seconds`, run by one worker. Each message is still claimed in the ledger
before it is sent (`delivery._claim`), so a message is sent once per event even when an
immediate delivery after a commit races the job."""

from __future__ import annotations

import logging

import procrastinate

from vernly.engine.jobs import cron_every, runtime
from vernly.engine.messaging.delivery import deliver_due
from vernly.settings import Settings

log = logging.getLogger("vernly.messaging")

QUEUE = "messages"
DELIVER = "messages.deliver"


def deliver(context: procrastinate.JobContext, timestamp: int) -> None:
    """Send every message whose attempt is due."""
    rt = runtime(context)
    done = deliver_due(rt.ledger, rt.settings)
    if done.sent or done.retrying or done.failed:
        log.info("messages: %d sent, %d to retry, %d failed", len(done.sent),
                 len(done.retrying), len(done.failed))


def install(app: procrastinate.App, settings: Settings) -> None:
    if settings.message_interval_seconds <= 0:
        return
    task = app.task(name=DELIVER, queue=QUEUE, pass_context=True, queueing_lock=DELIVER,
                    lock=DELIVER)(deliver)
    app.periodic(cron=cron_every(settings.message_interval_seconds,
                                 "VERNLY_MESSAGE_INTERVAL"))(task)
