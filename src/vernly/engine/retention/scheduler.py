"""Sweeps on a schedule inside `vernly serve`: one background thread per process.

Every replica may run a scheduler; the ledger lock makes sure only one of them acts at a
time (the others record a skipped run). The thread is `vernly.engine.periodic.Periodic`'s.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from vernly.engine.periodic import Periodic
from vernly.engine.retention.rules import retention_for
from vernly.engine.retention.sweep import SweepReport, run_sweep
from vernly.ledger.db import Ledger
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings

log = logging.getLogger("vernly.retention")


class SweepScheduler(Periodic):
    """Runs `run_sweep` every `interval` seconds until stopped."""

    thread_name = "vernly-sweep"

    def __init__(self, settings: Settings, loaded: LoadedPolicy, ledger: Ledger,
                 interval: float | None = None, first_delay: float = 5.0,
                 on_report: Callable[[SweepReport], None] | None = None) -> None:
        super().__init__(settings.sweep_interval_seconds if interval is None else interval,
                         first_delay)
        self.settings, self.loaded, self.ledger = settings, loaded, ledger
        self.on_report = on_report
        self.runs = 0

    def run_once(self) -> SweepReport | None:
        try:
            with retention_for(self.settings, self.loaded, self.ledger) as ctx:
                report = run_sweep(ctx, actor="system")
        except Exception:  # the scheduler must outlive a bad night; the error is logged
            log.exception("retention sweep failed")
            return None
        self.runs += 1
        log.info("retention sweep %s: %s", report.run_id, report.status)
        if self.on_report is not None:
            self.on_report(report)
        return report
