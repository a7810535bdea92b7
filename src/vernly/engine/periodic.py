"""Periodic work inside `vernly serve`: one background thread per job and process.

The thread waits on an Event, so stopping the app interrupts the wait at once instead of
sleeping out the interval. What a job does is its `run_once`; it must not raise (a job
that fails logs and is tried again next interval).
"""

from __future__ import annotations

import threading


class Periodic:
    """Calls `run_once` every `interval` seconds (after `first_delay`) until stopped."""

    thread_name = "vernly-periodic"

    def __init__(self, interval: float, first_delay: float) -> None:
        self.interval = float(interval)
        self.first_delay = min(first_delay, self.interval)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def enabled(self) -> bool:
        return self.interval > 0

    def start(self) -> None:
        if not self.enabled or self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def run_once(self) -> object:
        raise NotImplementedError

    def _loop(self) -> None:
        delay = self.first_delay
        while not self._stop.wait(delay):
            self.run_once()
            delay = self.interval
