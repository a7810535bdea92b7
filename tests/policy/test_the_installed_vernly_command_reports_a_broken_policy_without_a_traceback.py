"""The real `vernly` executable (not just the Typer app in-process) keeps the promise."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "broken"


def _vernly() -> str:
    return shutil.which("vernly", path=str(Path(sys.executable).parent)) or "vernly"


def test_the_vernly_process_prints_one_line_per_problem_and_exits_2() -> None:
    done = subprocess.run([_vernly(), "policy", "check", "40_several_problems.yaml"],
                          cwd=CORPUS, capture_output=True, text=True, timeout=60)
    expected = (CORPUS / "40_several_problems.expected").read_text(encoding="utf-8")
    assert done.returncode == 2
    assert done.stderr == expected
    assert "Traceback" not in done.stderr + done.stdout
