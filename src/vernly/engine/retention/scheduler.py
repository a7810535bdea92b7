"""Sweeps on a schedule inside `vernly serve`: one background thread per process.

Every replica may run a scheduler; the ledger lock makes sure only one of them acts at a
time (the others record a skipped run). The thread waits on an Event, so stopping the
app interrupts the wait at once instead of sleeping out the interval.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from vernly.engine.retention.rules import retention_for
from vernly.engine.retention.sweep import SweepReport, run_sweep
from vernly.ledger.db import Ledger
from vernly.policy.loader import LoadedPolicy
from vernly.settings import Settings

log = logging.getLogger("vernly.retention")


class SweepScheduler:
    """Runs `run_sweep` every `interval` seconds until stopped."""

    def __init__(self, settings: Settings, loaded: LoadedPolicy, ledger: Ledger,
                 interval: float | None = None, first_delay: float = 5.0,
                 on_report: Callable[[SweepReport], None] | None = None) -> None:
        self.settings, self.loaded, self.ledger = settings, loaded, ledger
        self.interval = float(settings.sweep_interval_seconds if interval is None else interval)
        self.first_delay = min(first_delay, self.interval)
        self.on_report = on_report
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.runs = 0

    @property
    def enabled(self) -> bool:
        return self.interval > 0

    def start(self) -> None:
        if not self.enabled or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="vernly-sweep", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run_once(self) -> SweepReport | None:
        try:
            with retention_for(self.settings, self.loaded, self.ledger) as ctx:
                report = run_sweep(ctx, actor="scheduler")
        except Exception:  # the scheduler must outlive a bad night; the error is logged
            log.exception("retention sweep failed")
            return None
        self.runs += 1
        log.info("retention sweep %s: %s", report.run_id, report.status)
        if self.on_report is not None:
            self.on_report(report)
        return report

    def _loop(self) -> None:
        delay = self.first_delay
        while not self._stop.wait(delay):
            self.run_once()
            delay = self.interval
