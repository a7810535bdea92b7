"""Six processes that open one fresh PostgreSQL ledger at the same instant all come up:
one migrates under the start-up lock, the others wait and find the schema current."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from vernly.ledger.db import is_current

OPEN_AT = """
import sys, time
from vernly.ledger.db import Ledger
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
Ledger(sys.argv[1]).dispose()
"""


def test_six_processes_opening_a_fresh_ledger_at_once_all_succeed(postgres_url: str) -> None:
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.time() + 4  # every process imported and waiting before this instant
    procs = [subprocess.Popen([sys.executable, "-c", OPEN_AT, postgres_url, str(start)],
                              env=env, stderr=subprocess.PIPE, text=True) for _ in range(6)]
    failures = [err for p in procs if (err := p.communicate(timeout=120)[1]) and p.returncode]
    assert failures == []
    engine = create_engine(postgres_url)
    try:
        assert is_current(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM vernly_schema")).scalar() == 1
    finally:
        engine.dispose()
