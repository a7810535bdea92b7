"""Whether this server may take traffic: the ledger answers, its schema is at the heads of
the migrations this code carries, and (PostgreSQL) at least one worker is beating, so the
jobs a request hands off will run."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from vernly.ledger.db import Ledger, is_current
from vernly.settings import Settings


@dataclass(frozen=True)
class Check:
    """One readiness check: its name, whether it passed, and why not (one line)."""

    name: str
    ok: bool
    reason: str = ""


def readiness(ledger: Ledger, settings: Settings) -> list[Check]:
    """Every check, in order; a check after a failed ledger check is not attempted."""
    try:
        with ledger.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        return [Check("ledger", False, f"the ledger does not answer ({type(exc).__name__})")]
    checks = [Check("ledger", True)]
    current = is_current(ledger.engine)
    checks.append(Check("migrations", current, "" if current else
                        "the ledger's schema is not at this version's migration heads; "
                        "start one server or worker of this version to upgrade it"))
    if settings.on_postgresql:
        checks.append(_worker_check(ledger))
    return checks


def _worker_check(ledger: Ledger) -> Check:
    from vernly.engine.jobs import live_workers

    try:
        count = live_workers(ledger)
    except SQLAlchemyError as exc:
        return Check("worker", False, f"the job queue does not answer ({type(exc).__name__})")
    return Check("worker", count > 0, "" if count else
                 "no worker has sent a heartbeat recently; start `vernly worker` or serve "
                 "without --no-worker")
