"""Keeping a lease alive for exactly as long as the work holding it is alive.

A lease in the ledger (the sweep lock, a request's run) has a short time to live; a thread
beside the work renews it every third of that time. If the process dies, the beats stop
and the lease runs out soon after, whatever the host, PID or container; while the process
lives, a long step (a big file store, a slow customer database) never lets it lapse.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType

log = logging.getLogger("vernly.leases")


class Heartbeat:
    """Calls `renew` every `every` seconds on a daemon thread while the `with` block runs.

    `renew` returns False when the lease was lost (it ran out and someone else took it);
    then `lost` is set and the beats stop, so the work can stop at its next checkpoint."""

    def __init__(self, renew: Callable[[], bool], every: float, name: str) -> None:
        self.renew, self.every, self.name = renew, every, name
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        self._thread = threading.Thread(target=self._beat, name=self.name, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.every + 5)

    def _beat(self) -> None:
        while not self._stop.wait(self.every):
            try:
                kept = self.renew()
            except Exception as exc:  # the ledger may blink; the next beat tries again
                log.warning("%s: renewing the lease failed (%s)", self.name,
                            type(exc).__name__)
                continue
            if not kept:
                self.lost.set()
                return
