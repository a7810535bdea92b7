"""With three servers and two workers on one PostgreSQL ledger, each sweep interval gets
exactly one sweep: over five consecutive intervals the ledger holds five sweep runs, one
per clock tick, none skipped for a lock another replica held."""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.scale.cluster import Cluster, cast_workspace, running

INTERVAL = 4
"""Seconds between sweeps for this test (ticks of the clock: :00, :04, :08, ...)."""


def _runs(url: str, start: datetime, end: datetime) -> list[tuple[datetime, str]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [(as_of.replace(tzinfo=as_of.tzinfo or UTC), status)
                    for as_of, status in conn.execute(text(
                        "SELECT as_of, status FROM retention_runs WHERE NOT dry_run AND "
                        "as_of >= :start AND as_of < :end ORDER BY as_of"),
                        {"start": start, "end": end}).all()]
    finally:
        engine.dispose()


def test_five_intervals_give_five_sweeps(postgres_url: str, tmp_path: Path) -> None:
    ws = cast_workspace(tmp_path / "ws")
    env = {"VERNLY_DATABASE_URL": postgres_url, "VERNLY_SECRET_KEY": "cluster-test-key",
           "VERNLY_SWEEP_INTERVAL": str(INTERVAL), "VERNLY_REQUEST_RETRY_INTERVAL": "0"}
    with running(Cluster(ws, env, tmp_path / "logs")):
        first = math.ceil(time.time() / INTERVAL) * INTERVAL + INTERVAL
        start = datetime.fromtimestamp(first, UTC)
        end = datetime.fromtimestamp(first + 5 * INTERVAL, UTC)
        deadline = time.monotonic() + (first - time.time()) + 5 * INTERVAL + 60
        while len(_runs(postgres_url, start, end)) < 5 or time.time() < end.timestamp() + 2:
            assert time.monotonic() < deadline, _runs(postgres_url, start, end)
            time.sleep(0.5)
        runs = _runs(postgres_url, start, end)
    ticks = [datetime.fromtimestamp(first + i * INTERVAL, UTC) for i in range(5)]
    assert [as_of for as_of, _ in runs] == ticks
    assert {status for _, status in runs} == {"succeeded"}, "none skipped for a lock"
