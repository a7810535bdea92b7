"""Running again the requests that wait for a failed system, once their retry is due.

`retry_due` runs every open request whose `next_attempt_at` has come (by the settings'
clock), oldest first, and every request the person verified that never started (the
process stopped between the code and the run); `vernly serve` calls it every
`request_retry_interval_seconds` (`RetryScheduler`) and `vernly request retry` once, for
cron. Each run is the ordinary `runner.run`: done systems are skipped, and the request's
lease means a request another runner holds is simply left to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, and_, or_, select

from vernly.engine.periodic import Periodic
from vernly.engine.requests import runner
from vernly.engine.requests.downloads import remove_expired
from vernly.engine.requests.kinds import RequestState
from vernly.engine.requests.ports import ReportRenderer
from vernly.errors import Conflict, VernlyError
from vernly.ledger.db import Ledger
from vernly.ledger.requests import DsrRequest
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings

log = logging.getLogger("vernly.requests")
ACTOR = "system"
BATCH = 50
"""At most this many requests per pass; the rest are due on the next one."""
VERIFIED_GRACE = timedelta(minutes=1)
"""How long after the person's code a request that has not started is taken to have lost
its run (the run starts right after the code, in the same process)."""


@dataclass(frozen=True)
class Retried:
    """What one retry did, without personal data."""

    request_id: str
    state: str
    """The request's state afterwards; `skipped` when another runner held it."""
    failed: list[str]
    """Systems still failing."""
    error: str | None = None
    """Why the run itself stopped (not a system's failure), one line."""


def due(ledger: Ledger, settings: Settings, limit: int = BATCH) -> list[str]:
    """Ids of the open requests whose retry is due, the longest waiting first, then those
    verified but never started."""
    with ledger.session() as session:
        return list(session.execute(
            select(DsrRequest.id)
            .where(or_(and_(DsrRequest.state == RequestState.in_progress.value,
                            DsrRequest.next_attempt_at <= settings.now()),
                       never_started(settings)))
            .order_by(DsrRequest.next_attempt_at.is_(None), DsrRequest.next_attempt_at,
                      DsrRequest.id).limit(limit)
        ).scalars().all())


def never_started(settings: Settings) -> ColumnElement[bool]:
    """Verified by the person's code a while ago (`VERIFIED_GRACE`) and never started: the
    process that verified it stopped before running or queueing it. A request an operator
    verified waits for the operator's run, as it always has."""
    return and_(DsrRequest.state == RequestState.verified.value,
                DsrRequest.verified_by == "email-code",
                DsrRequest.verified_at <= settings.now() - VERIFIED_GRACE)


def retry_due(ledger: Ledger, settings: Settings, loaded: LoadedPolicy,
              renderer: ReportRenderer, actor: str = ACTOR) -> list[Retried]:
    """Run every request whose retry is due; one failing never stops the others."""
    done: list[Retried] = []
    for request_id in due(ledger, settings):
        try:
            view = runner.run(ledger, settings, loaded, request_id, actor, renderer=renderer)
        except Conflict as exc:
            done.append(Retried(request_id, "skipped", [], str(exc)))
            continue
        except VernlyError as exc:
            log.warning("request %s: retry stopped: %s", request_id, exc)
            done.append(Retried(request_id, "in_progress", [], str(exc)))
            continue
        except Exception as exc:  # the loop must outlive one bad request; logged, ids only
            log.exception("request %s: retry stopped (%s)", request_id, type(exc).__name__)
            done.append(Retried(request_id, "in_progress", [], type(exc).__name__))
            continue
        done.append(Retried(request_id, view.state, view.waiting_on))
        log.info("request %s retried: %s%s", request_id, view.state,
                 f", still waiting on {', '.join(view.waiting_on)}" if view.waiting_on else "")
    return done


class RetryScheduler(Periodic):
    """`retry_due` every `interval` seconds inside `vernly serve`, until stopped."""

    thread_name = "vernly-request-retries"

    def __init__(self, settings: Settings, loaded: LoadedPolicy, ledger: Ledger,
                 renderer: ReportRenderer, interval: float | None = None,
                 first_delay: float = 5.0,
                 on_pass: Callable[[list[Retried]], None] | None = None) -> None:
        super().__init__(settings.request_retry_interval_seconds if interval is None
                         else interval, first_delay)
        self.settings, self.loaded, self.ledger = settings, loaded, ledger
        self.renderer = renderer
        self.on_pass = on_pass
        self.passes = 0

    def run_once(self) -> list[Retried]:
        try:
            retried = retry_due(self.ledger, self.settings, self.loaded, self.renderer)
            remove_expired(self.ledger, self.settings)  # packages past their link's expiry
        except Exception:  # e.g. the ledger is briefly unreachable; tried again next time
            log.exception("request retries failed")
            return []
        self.passes += 1
        if self.on_pass is not None:
            self.on_pass(retried)
        return retried
