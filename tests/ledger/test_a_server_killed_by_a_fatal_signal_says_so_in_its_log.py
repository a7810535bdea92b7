"""A server killed by a fatal signal (a crash in a driver's C code, say) does not vanish
silently: its log names the signal and the stack of every thread at that moment."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from tests.consent.support import make_workspace
from tests.support.serve_process import vernly_serve


def test_a_server_killed_by_sigsegv_logs_a_fatal_error_with_its_threads(
        tmp_path: Path) -> None:
    with vernly_serve(make_workspace(tmp_path), f"sqlite:///{tmp_path / 'ledger.sqlite'}"
                      ) as served:
        os.kill(served.process.pid, signal.SIGSEGV)
        served.process.wait(timeout=30)
    assert served.process.returncode == -signal.SIGSEGV
    assert "Fatal Python error: Segmentation fault" in served.output, served.output[-2000:]
    assert "uvicorn" in served.output.split("Fatal Python error", 1)[1]  # the loop's stack
