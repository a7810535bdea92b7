"""Run the `vernly` command with a fault injected, for crash tests that kill a subprocess.

    python tests/support/vernly_with_faults.py --hang-after-erase-of SYSTEM -- request erase ...
    python tests/support/vernly_with_faults.py --sweep-pause 0.4 -- sweep ...

The faults are monkeypatches applied in this process before the command runs, so
production code carries no test hooks:

- `--hang-after-erase-of SYSTEM`: once SYSTEM's erasure step is committed, the run hangs
  before the next system's step starts, so a test can kill it between two systems.
- `--sweep-pause SECONDS`: a sweep sleeps after each committed batch, which widens the
  window for a kill between two batches.
- `--consent-commit-delay SECONDS`: a batch of consent choices waits this long between its
  inserts and its commit, so a kill lands inside an open batch.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

VERNLY: list[str] = [sys.executable, str(Path(__file__).resolve())]
"""The command line prefix that runs this wrapper."""


def hang_after_erase_of(system: str) -> None:
    from vernly.engine.requests import steps

    original = steps.start
    erased: set[str] = set()

    def start(ledger: Any, request_id: str, phase: str, system_id: str, *args: Any,
              **kwargs: Any) -> int:
        if phase == "erase" and system in erased and system_id != system:
            threading.Event().wait()  # hang until killed
        if phase == "erase":
            erased.add(system_id)
        return original(ledger, request_id, phase, system_id, *args, **kwargs)

    steps.start = start


def sweep_pause(seconds: float) -> None:
    from vernly.engine.retention import sweep

    original: Callable[[Any], None] = sweep._Progress.save

    def save(self: Any) -> None:
        original(self)
        time.sleep(seconds)

    sweep._Progress.save = save  # type: ignore[method-assign]


def consent_commit_delay(seconds: float) -> None:
    from vernly.engine.consent import service

    original = service.record_choices

    def record_choices(*args: Any, **kwargs: Any) -> Any:
        outcomes = original(*args, **kwargs)
        time.sleep(seconds)
        return outcomes

    service.record_choices = record_choices


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hang-after-erase-of", metavar="SYSTEM")
    parser.add_argument("--sweep-pause", type=float, metavar="SECONDS")
    parser.add_argument("--consent-commit-delay", type=float, metavar="SECONDS")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.hang_after_erase_of:
        hang_after_erase_of(args.hang_after_erase_of)
    if args.sweep_pause:
        sweep_pause(args.sweep_pause)
    if args.consent_commit_delay:
        consent_commit_delay(args.consent_commit_delay)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    sys.argv = ["vernly", *command]
    from vernly.cli.entry import run

    run()


if __name__ == "__main__":
    main()
