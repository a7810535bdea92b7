"""Consent expiry on a schedule (PostgreSQL ledger): what `vernly consent expire` does, once
an hour, by exactly one worker per tick."""

from __future__ import annotations

import logging

import procrastinate

from vernly.engine.consent.expiry import expire_stale
from vernly.engine.jobs import runtime
from vernly.settings import Settings

log = logging.getLogger("vernly.consent")

QUEUE = "consent"
EXPIRE = "consent.expire"
HOURLY = "7 * * * *"


def expire(context: procrastinate.JobContext, timestamp: int) -> None:
    """Record 'expired' for consent over twelve months old or under an older notice."""
    rt = runtime(context)
    with rt.ledger.session() as session:
        count = expire_stale(session, rt.loaded.policy.notice.version, rt.settings.now())
    log.info("consent expiry: %d record(s) expired", count)


def install(app: procrastinate.App, settings: Settings) -> None:
    task = app.task(name=EXPIRE, queue=QUEUE, pass_context=True, queueing_lock=EXPIRE)(expire)
    app.periodic(cron=HOURLY)(task)
